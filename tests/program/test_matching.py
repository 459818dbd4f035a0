"""``match_cycle``: a cycle's unpaired people paired with what the program remembers."""

from __future__ import annotations

from datetime import date

import pytest

from mentorguide.program import (
    Program,
    SurveyRecord,
    add_cycle,
    confirm_pair,
    enroll,
    list_pairs,
    pin,
)
from mentorguide.program.matching import match_cycle
from mentorguide.project.defaults import default_root
from mentorguide.project.load import Project, load_project

from .conftest import fails_with


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(default_root())


def mentee(name: str, **answers: object) -> SurveyRecord:
    said = {
        "id": name,
        "years_in_practice": 2.0,
        "frequency": "monthly",
        "platform": ("virtual",),
        "preferred_model": "experienced",
    }
    return SurveyRecord(f"{name.lower()}@example.org", name, said | answers)  # type: ignore[arg-type]


def mentor(name: str, capacity: int, **answers: object) -> SurveyRecord:
    said = {
        "id": name,
        "years_in_practice": 10.0,
        "expertise": ("leadership",),
        "frequency": "monthly",
        "platform": ("virtual",),
        "capacity": float(capacity),
    }
    return SurveyRecord(f"{name.lower()}@example.org", name, said | answers)  # type: ignore[arg-type]


def cycle(program: Program, cycle_id: str, year: int, mentees: list[SurveyRecord],
          mentors: list[SurveyRecord]) -> None:  # fmt: skip
    with program.writing() as tx:
        add_cycle(tx, cycle_id, starts_on=date(year, 3, 1), ends_on=date(year, 8, 31))
        enroll(tx, cycle_id, "mentee", mentees, source="mentees.csv")
        enroll(tx, cycle_id, "mentor", mentors, source="mentors.csv")


def pairs_of(program: Program, cycle_id: str) -> set[tuple[str, str, str]]:
    with program.reading() as tx:
        return {(p.mentee.name, p.mentor.name, p.status) for p in list_pairs(tx, cycle_id)}


def test_confirmed_pairs_are_kept_and_their_mentor_offers_only_the_places_left(
    program: Program, project: Project
) -> None:
    cycle(program, "2027-spring", 2027, [mentee("Ana"), mentee("Ben"), mentee("Cy")],
          [mentor("Mia", 2), mentor("Noor", 1)])  # fmt: skip
    with program.writing() as tx:
        pin(tx, "2027-spring", "ana@example.org", "mia@example.org")
        match_cycle(tx, project, "2027-spring")
        confirm_pair(tx, "2027-spring", "ana@example.org", "mia@example.org")
    with program.writing() as tx:
        pin(tx, "2027-spring", "ben@example.org", "noor@example.org")
        done = match_cycle(tx, project, "2027-spring")
    assert [(p.mentee.name, p.mentor.name) for p in done.kept] == [("Ana", "Mia")]
    assert pairs_of(program, "2027-spring") == {
        ("Ana", "Mia", "confirmed"),
        ("Ben", "Noor", "proposed"),
        ("Cy", "Mia", "proposed"),
    }
    assert (dict(done.unpaired_mentees), dict(done.unpaired_mentors)) == ({}, {})


def test_people_paired_in_an_earlier_cycle_are_not_paired_again_either_way_round(
    program: Program, project: Project
) -> None:
    cycle(program, "2027-spring", 2027, [mentee("Ana")], [mentor("Mia", 1)])
    with program.writing() as tx:
        match_cycle(tx, project, "2027-spring")
        confirm_pair(tx, "2027-spring", "ana@example.org", "mia@example.org")
    # The next year Ana mentors and Mia is a mentee: the only pair there could be.
    cycle(program, "2028-spring", 2028, [mentee("Mia")], [mentor("Ana", 1)])
    with program.writing() as tx:
        done = match_cycle(tx, project, "2028-spring")
    assert done.proposed == ()
    assert dict(done.unpaired_mentees) == {
        "mia@example.org": "every mentor with places is forbidden for them or is the same person"
    }


def test_a_pin_to_an_earlier_partner_is_refused_and_nothing_is_recorded(
    program: Program, project: Project
) -> None:
    cycle(program, "2027-spring", 2027, [mentee("Ana")], [mentor("Mia", 1)])
    with program.writing() as tx:
        match_cycle(tx, project, "2027-spring")
        confirm_pair(tx, "2027-spring", "ana@example.org", "mia@example.org")
    cycle(program, "2028-spring", 2028, [mentee("Ana"), mentee("Ben")], [mentor("Mia", 2)])
    with program.writing() as tx:
        pin(tx, "2028-spring", "ana@example.org", "mia@example.org")
    with (
        fails_with(
            "2028-spring: the pin mia@example.org:ana@example.org cannot be made: they were "
            "paired in an earlier cycle (remove the pin)"
        ),
        program.writing() as tx,
    ):
        match_cycle(tx, project, "2028-spring")
    assert pairs_of(program, "2028-spring") == set()


def test_answers_the_survey_no_longer_offers_are_left_out(
    program: Program, project: Project
) -> None:
    cycle(program, "2027-spring", 2027, [mentee("Ana", career_goals=("retired-option",))],
          [mentor("Mia", 1)])  # fmt: skip
    with program.writing() as tx:
        done = match_cycle(tx, project, "2027-spring")
    assert [(p.mentee.name, p.mentor.name) for p in done.proposed] == [("Ana", "Mia")]
