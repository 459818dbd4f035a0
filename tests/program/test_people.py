"""People, known by email across cycles, and their enrollment as mentee or mentor."""

from __future__ import annotations

from datetime import date

import pytest

from mentorguide.matching.readers import parse_csv
from mentorguide.matching.responses import Value as Answer
from mentorguide.matching.spec import Role, survey_spec
from mentorguide.program import (
    Program,
    SurveyRecord,
    add_cycle,
    enroll,
    find_person,
    list_enrollments,
    profile_history,
    survey_records,
)
from mentorguide.project.load import load_project
from tests.conftest import ROOT
from tests.matching.conftest import csv_text, mentee

from .conftest import fails_with

ANA = SurveyRecord(
    "Ana.Diaz@example.org",
    "Ana Díaz",
    {"id": "E01", "years_in_practice": 2.0, "career_goals": ("sterile-compounding",)},
    "row 2",
)


def record(email: str, name: str, place: str = "row 2", **answers: Answer) -> SurveyRecord:
    return SurveyRecord(email, name, answers, place)


@pytest.fixture
def cycles(program: Program) -> Program:
    """The program with two cycles: 2027-spring, then 2027-fall."""
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        add_cycle(tx, "2027-fall", starts_on=date(2027, 9, 1), ends_on=date(2028, 2, 28))
    return program


def enroll_one(
    program: Program, cycle: str, role: Role, *records: SurveyRecord, source: str = "mentees.csv"
) -> None:
    with program.writing() as tx:
        enroll(tx, cycle, role, records, source=source)


def test_enrolling_keeps_each_persons_answers_and_where_they_came_from(cycles: Program) -> None:
    with cycles.writing() as tx:
        done = enroll(tx, "2027-spring", "mentee", [ANA], source="mentees.csv")
    assert (done.added, done.updated, done.unchanged) == (("Ana.Diaz@example.org",), (), ())
    with cycles.reading() as tx:
        (enrollment,) = list_enrollments(tx, "2027-spring")
    assert (enrollment.person.email, enrollment.person.name, enrollment.role) == (
        "Ana.Diaz@example.org",
        "Ana Díaz",
        "mentee",
    )
    assert enrollment.answers == ANA.answers
    assert (enrollment.source_file, enrollment.source_place) == ("mentees.csv", "row 2")


def test_answers_read_back_as_they_were_given(cycles: Program) -> None:
    answers: dict[str, Answer] = {
        "years_in_practice": 12.5,
        "capacity": 2,
        "expertise": ("oncology", "sterile-compounding"),
        "education": "Associate degree, Cincinnati State — pharmacy technology",
        "interests": (),
        "platform": None,
    }
    enroll_one(cycles, "2027-spring", "mentor", SurveyRecord("bo@example.org", "Bo Chen", answers))
    with cycles.reading() as tx:
        assert list_enrollments(tx, "2027-spring")[0].answers == answers


def test_a_person_is_their_email_in_any_case_in_every_cycle(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    enroll_one(cycles, "2027-fall", "mentee", record("ana.diaz@EXAMPLE.org", "Ana Díaz"))
    with cycles.reading() as tx:
        (spring,) = list_enrollments(tx, "2027-spring")
        (fall,) = list_enrollments(tx, "2027-fall")
        assert find_person(tx, " ANA.DIAZ@example.org ") == fall.person
    assert spring.person.id == fall.person.id
    assert fall.person.email == "ana.diaz@EXAMPLE.org"


def test_a_mentee_of_one_cycle_can_mentor_in_the_next(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    enroll_one(
        cycles,
        "2027-fall",
        "mentor",
        record("ana.diaz@example.org", "Ana Díaz", capacity=1),
        source="mentors.csv",
    )
    with cycles.reading() as tx:
        roles = [e.role for c in ("2027-spring", "2027-fall") for e in list_enrollments(tx, c)]
        history = profile_history(tx, "ana.diaz@example.org")
    assert roles == ["mentee", "mentor"]
    assert [(p.version, p.survey, p.cycle_id, p.source) for p in history] == [
        (1, "mentee", "2027-spring", "mentees.csv, row 2"),
        (2, "mentor", "2027-fall", "mentors.csv, row 2"),
    ]


def test_a_new_name_is_a_new_profile_version_and_the_old_one_is_kept(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    married = SurveyRecord(ANA.email, "Ana Díaz-Moreno", ANA.answers, "row 5")
    with cycles.writing() as tx:
        done = enroll(tx, "2027-fall", "mentee", [married], source="fall-mentees.csv")
        history = profile_history(tx, ANA.email)
        person = find_person(tx, ANA.email)
    assert done.new_profiles == ("Ana.Diaz@example.org",)
    assert [(p.version, p.name, p.source) for p in history] == [
        (1, "Ana Díaz", "mentees.csv, row 2"),
        (2, "Ana Díaz-Moreno", "fall-mentees.csv, row 5"),
    ]
    assert person is not None and person.name == "Ana Díaz-Moreno"


def test_new_answers_in_the_same_cycle_replace_the_enrollments(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    changed = SurveyRecord(ANA.email, ANA.name, {**ANA.answers, "years_in_practice": 3.0}, "row 9")
    with cycles.writing() as tx:
        done = enroll(tx, "2027-spring", "mentee", [changed], source="mentees-v2.csv")
        (enrollment,) = list_enrollments(tx, "2027-spring")
        history = profile_history(tx, ANA.email)
    assert (done.added, done.updated, done.new_profiles) == ((), (ANA.email,), (ANA.email,))
    assert enrollment.answers["years_in_practice"] == 3.0
    assert (enrollment.source_file, enrollment.source_place) == ("mentees-v2.csv", "row 9")
    assert [p.answers["years_in_practice"] for p in history] == [2.0, 3.0]


def test_the_same_answers_again_change_nothing(sqlite_program: Program) -> None:
    with sqlite_program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
    enroll_one(sqlite_program, "2027-spring", "mentee", ANA)
    before = sqlite_program.location.path.read_bytes()
    with sqlite_program.writing() as tx:
        done = enroll(tx, "2027-spring", "mentee", [ANA], source="mentees.csv")
    assert (done.added, done.updated, done.unchanged, done.new_profiles) == (
        (),
        (),
        (ANA.email,),
        (),
    )
    assert sqlite_program.location.path.read_bytes() == before


def test_a_new_participant_id_alone_makes_no_new_profile(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    fall = SurveyRecord(ANA.email, ANA.name, {**ANA.answers, "id": "F07"}, "row 3")
    with cycles.writing() as tx:
        done = enroll(tx, "2027-fall", "mentee", [fall], source="fall.csv")
        history = profile_history(tx, ANA.email)
    assert done.new_profiles == ()
    assert len(history) == 1


def test_a_person_has_one_role_in_a_cycle(cycles: Program) -> None:
    enroll_one(cycles, "2027-spring", "mentee", ANA)
    as_mentor = record("ana.diaz@example.org", "Ana Díaz", "row 4", capacity=1)
    with (
        fails_with(
            "mentors.csv, row 4: ana.diaz@example.org is already enrolled in 2027-spring as a "
            "mentee (a person has one role in a cycle)"
        ),
        cycles.writing() as tx,
    ):
        enroll(tx, "2027-spring", "mentor", [as_mentor], source="mentors.csv")


def test_every_problem_is_reported_and_nobody_is_enrolled(cycles: Program) -> None:
    records = [
        record("bo@example.org", "Bo Chen", "row 2"),
        record("not-an-address", "Cy Ortiz", "row 3"),
        record("dee@example.org", "  ", "row 4"),
        record("BO@example.org", "Bo Chen", "row 5"),
        record("eve@example.org", "Eve\x1b[2J", "row 6"),
    ]
    with (
        fails_with(
            "4 problems found:\n"
            "mentees.csv, row 3: 'not-an-address' is not an email address\n"
            "mentees.csv, row 4: the name is empty\n"
            "mentees.csv, row 5: BO@example.org is also in row 2 (one response per person; "
            "keep one)\n"
            "mentees.csv, row 6: the name must be one line of text, without control characters"
        ),
        cycles.writing() as tx,
    ):
        enroll(tx, "2027-spring", "mentee", records, source="mentees.csv")
    with cycles.reading() as tx:
        assert list_enrollments(tx, "2027-spring") == []
        assert find_person(tx, "bo@example.org") is None


def test_an_answer_that_is_not_text_or_numbers_is_refused(cycles: Program) -> None:
    strange = SurveyRecord("bo@example.org", "Bo Chen", {"capacity": {"max": 2}}, "row 2")  # type: ignore[dict-item]
    with (
        fails_with(
            "mentors.csv, row 2: the answer to 'capacity' must be text, a number or a list of text"
        ),
        cycles.writing() as tx,
    ):
        enroll(tx, "2027-spring", "mentor", [strange], source="mentors.csv")


def test_enrolling_in_a_cycle_that_does_not_exist_says_so(cycles: Program) -> None:
    with (
        fails_with("there is no cycle '2028-spring' (did you mean '2027-spring'?)"),
        cycles.writing() as tx,
    ):
        enroll(tx, "2028-spring", "mentee", [ANA], source="mentees.csv")


def test_a_role_is_mentee_or_mentor(cycles: Program) -> None:
    with (
        fails_with("'coach' is not a role (use 'mentee' or 'mentor')"),
        cycles.writing() as tx,
    ):
        enroll(tx, "2027-spring", "coach", [ANA], source="coaches.csv")  # type: ignore[arg-type]


def test_the_history_of_someone_unknown_says_so(cycles: Program) -> None:
    with (
        fails_with("nobody with the email zed@example.org is in the program"),
        cycles.reading() as tx,
    ):
        profile_history(tx, "zed@example.org")


def test_a_whole_cohort_enrolls_at_once(cycles: Program) -> None:
    mentees = [
        record(f"mentee{n}@example.org", f"Mentee {n}", f"row {n + 2}", years_in_practice=n % 9)
        for n in range(1200)
    ]
    enroll_one(cycles, "2027-spring", "mentee", *mentees)
    again = [*mentees[:600], *(record(r.email, r.name + " Jr.", r.place) for r in mentees[600:])]
    with cycles.writing() as tx:
        done = enroll(tx, "2027-spring", "mentee", again, source="mentees.csv")
        enrolled = list_enrollments(tx, "2027-spring", "mentee")
    assert (len(done.unchanged), len(done.updated), len(done.new_profiles)) == (600, 600, 600)
    assert [e.person.name for e in enrolled[598:602]] == [
        "Mentee 598",
        "Mentee 599",
        "Mentee 600 Jr.",
        "Mentee 601 Jr.",
    ]


def test_responses_read_from_a_survey_file_enroll_as_they_were_read(
    sqlite_program: Program,
) -> None:
    spec = survey_spec(load_project(ROOT).content, "mentee")
    rows = [
        mentee("E01", name="Ana Díaz", career_goals="Sterile compounding; leadership"),
        mentee("E02", email="Ben.Okafor@example.org", years_in_practice="4.5"),
    ]
    responses = parse_csv(csv_text(rows), spec, "mentees.csv")
    with sqlite_program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        enroll(tx, "2027-spring", "mentee", survey_records(responses), source="mentees.csv")
        ana, ben = list_enrollments(tx, "2027-spring")
    assert (ana.person.name, ana.person.email, ana.source_place) == (
        "Ana Díaz",
        "e01@example.org",
        "row 2",
    )
    assert ana.answers == {
        k: v for k, v in responses.record(0).items() if k not in {"name", "email"}
    }
    assert ana.answers["career_goals"] == ("sterile-compounding", "leadership")
    assert (ben.person.email, ben.answers["years_in_practice"], ben.source_place) == (
        "Ben.Okafor@example.org",
        4.5,
        "row 3",
    )
