"""Where the program stands: enrolled, paired, unpaired, and why."""

from __future__ import annotations

from datetime import date

from mentorguide.edition.strings import english
from mentorguide.program import (
    Program,
    ProposedPair,
    SurveyRecord,
    add_cycle,
    confirm_pair,
    end_pair,
    enroll,
    forbid,
    pin,
    program_status,
    record_match,
)

from .conftest import PROGRAM_NAME, SOCIETY, fails_with

ANA, BEN, CY = "ana@example.org", "ben@example.org", "cy@example.org"
MIA, MAX = "mia@example.org", "max@example.org"


def people(*emails: str) -> list[SurveyRecord]:
    return [SurveyRecord(e, e.split("@")[0].title(), {}) for e in emails]


def test_a_new_program_has_no_cycles(program: Program) -> None:
    with program.reading() as tx:
        status = program_status(tx, strings=english())
    assert (status.program.name, status.program.society, status.cycles) == (
        PROGRAM_NAME,
        SOCIETY,
        (),
    )


def test_before_a_match_everyone_is_unpaired_because_not_matched_yet(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        enroll(tx, "2027-spring", "mentee", people(ANA, BEN), source="mentees.csv")
        enroll(tx, "2027-spring", "mentor", people(MIA), source="mentors.csv")
        (cycle,) = program_status(tx, strings=english()).cycles
    assert (cycle.mentees, cycle.mentors, cycle.paired_mentees) == (2, 1, 0)
    assert [(u.enrollment.person.email, u.reason) for u in cycle.unpaired_mentees] == [
        (ANA, "not matched yet"),
        (BEN, "not matched yet"),
    ]
    assert [(u.enrollment.person.email, u.reason) for u in cycle.unpaired_mentors] == [
        (MIA, "not matched yet")
    ]


def test_after_a_match_each_unpaired_person_has_a_reason(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        enroll(tx, "2027-spring", "mentee", people(ANA, BEN, CY), source="mentees.csv")
        enroll(tx, "2027-spring", "mentor", people(MIA, MAX), source="mentors.csv")
        pin(tx, "2027-spring", ANA, MIA)
        forbid(tx, "2027-spring", BEN, MAX)
        record_match(
            tx,
            "2027-spring",
            [ProposedPair(ANA, MIA, 90.0), ProposedPair(BEN, MIA, 70.0)],
            {CY: "every mentor they could be paired with is full", MAX: "offered no places"},
        )
        confirm_pair(tx, "2027-spring", ANA, MIA)
        end_pair(tx, "2027-spring", ANA, MIA, reason="moved away")
        enroll(tx, "2027-spring", "mentee", people("dee@example.org"), source="late.csv")
        (cycle,) = program_status(tx, "2027-spring", strings=english()).cycles
    assert cycle.pairs == {"proposed": 1, "confirmed": 0, "ended": 1}
    assert (cycle.pins, cycle.forbids, cycle.paired_mentees) == (1, 1, 1)
    assert [(u.enrollment.person.email, u.reason) for u in cycle.unpaired_mentees] == [
        (ANA, "their pair ended"),
        (CY, "every mentor they could be paired with is full"),
        ("dee@example.org", "enrolled after the last match"),
    ]
    assert [(u.enrollment.person.email, u.reason) for u in cycle.unpaired_mentors] == [
        (MAX, "offered no places")
    ]


def test_the_status_of_an_unknown_cycle_says_which_there_is(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
    with (
        fails_with("there is no cycle '2027-fall' (the only cycle is '2027-spring')"),
        program.reading() as tx,
    ):
        program_status(tx, "2027-fall", strings=english())
