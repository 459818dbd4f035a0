"""``program collect`` reads the after-matching worksheets' answers from an online form's
CSV or XLSX export, the page's JSON export and a filled PDF, ties each to its pair by id or
by both emails, and records them all, or nothing with every problem located."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from testdata.program import HEADERS, guide, regular_plan, start_cycle, write_check_ins

from mentorguide.cli.main import main
from mentorguide.program import Pair, Program
from mentorguide.program.checkins import (
    CheckIn,
    list_check_ins,
    list_evaluations,
    list_fit_checks,
)
from mentorguide.program.collect import Collected, collect
from tests.conftest import ROOT

from .conftest import fails_with

CYCLE = "2027-spring"


@pytest.fixture
def pairs(program: Program, tmp_path: Path) -> list[Pair]:
    return start_cycle(program, tmp_path / "surveys", CYCLE, 6)


def run(program: Program, *files: Path) -> Collected:
    with program.writing() as tx:
        return collect(tx, CYCLE, guide(), [(path, path.name) for path in files])


def check_ins(program: Program) -> list[CheckIn]:
    with program.reading() as tx:
        return list_check_ins(tx, CYCLE)


def write_json(path: Path, slug: str, answers: Mapping[str, object]) -> Path:
    exported = {"format": "mentorguide-worksheet-answers", "version": 1, "worksheet": slug}
    path.write_text(json.dumps(exported | {"answers": answers}), "utf-8")
    return path


def test_an_online_forms_csv_of_check_ins_is_recorded_by_pair(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    plan = regular_plan(pairs, date(2027, 1, 11), 4, 30)
    collected = run(program, write_check_ins(tmp_path / "check-ins.csv", plan))
    assert collected.recorded is not None
    assert collected.recorded.added["check-ins"] == 24
    assert collected.notes == [
        "check-ins.csv: ignored columns that are not questions of the check-in: 'Timestamp'"
    ]
    found = check_ins(program)
    expected = sorted(
        (pair_id, m.met_on, m.stage, tuple(m.milestones))
        for pair_id, meetings in plan.meetings.items()
        for m in meetings
    )
    assert (
        sorted(
            (c.pair_id, c.met_on, c.stage, tuple(x.milestone for x in c.milestones)) for c in found
        )
        == expected
    )
    assert found[0].source.file == "check-ins.csv" and found[0].source.place == "row 2"


def test_collecting_the_same_file_again_replaces_its_answers(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    path = write_check_ins(
        tmp_path / "check-ins.csv", regular_plan(pairs, date(2027, 1, 11), 2, 30)
    )
    run(program, path)
    again = run(program, path)
    assert again.recorded is not None
    assert (again.recorded.added["check-ins"], again.recorded.replaced["check-ins"]) == (0, 12)
    assert len(check_ins(program)) == 12


def test_a_fit_check_from_the_pages_json_export_is_tied_to_its_pair_by_both_emails(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    pair = pairs[2]
    answers = {
        "mentee_email": pair.mentee.email.upper(),
        "mentor_email": pair.mentor.email,
        "role": "mentee",
        "met_on": "2027-01-20",
        "continue": "no",
        "concern": "We never found a time to meet.",
    }
    run(program, write_json(tmp_path / "fit-check-answers.json", "fit-check", answers))
    with program.reading() as tx:
        (check,) = list_fit_checks(tx, CYCLE)
    assert (check.pair_id, check.role, check.wants_to_continue, check.met_on) == (
        pair.id,
        "mentee",
        False,
        date(2027, 1, 20),
    )
    assert check.concern == "We never found a time to meet."


def test_milestones_given_as_a_list_of_table_rows_are_recorded_with_their_dates_or_the_meetings(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    answers = {
        "pair_id": str(pairs[0].id),
        "met_on": "2027-01-20",
        "stage": "initiation",
        "milestones": [
            {"milestone": "Passed the PTCE", "reached_on": "2027-01-12"},
            {"milestone": "Shadowed a buyer"},
        ],
    }
    run(program, write_json(tmp_path / "check-in.json", "check-in", answers))
    (check_in,) = check_ins(program)
    assert [(m.milestone, m.reached_on) for m in check_in.milestones] == [
        ("Passed the PTCE", date(2027, 1, 12)),
        ("Shadowed a buyer", date(2027, 1, 20)),
    ]


def test_milestones_given_as_a_list_of_texts_are_recorded_on_the_day_of_the_meeting(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    answers = {
        "pair_id": str(pairs[0].id),
        "met_on": "2027-01-20",
        "stage": "initiation",
        "milestones": ["Passed the PTCE", " ", "Shadowed a buyer"],
    }
    run(program, write_json(tmp_path / "check-in.json", "check-in", answers))
    (check_in,) = check_ins(program)
    assert [(m.milestone, m.reached_on) for m in check_in.milestones] == [
        ("Passed the PTCE", date(2027, 1, 20)),
        ("Shadowed a buyer", date(2027, 1, 20)),
    ]


def test_an_evaluation_from_a_filled_pdf_is_recorded(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    answers = {
        "pair_id": str(pairs[0].id),
        "role": "mentor",
        "goals_reached": "most",
        "what_worked": "Monthly video calls.",
        "mentor_next_cycle": "yes",
    }
    data = write_json(tmp_path / "answers.json", "cycle-evaluation", answers)
    pdf = tmp_path / "evaluation.pdf"
    argv = ["worksheet", "pdf", "cycle-evaluation", "--project", str(ROOT)]
    assert main([*argv, "--data", str(data), "-o", str(pdf)]) == 0
    run(program, pdf)
    with program.reading() as tx:
        (evaluation,) = list_evaluations(tx, CYCLE)
    assert (evaluation.pair_id, evaluation.role, evaluation.goals_reached) == (
        pairs[0].id,
        "mentor",
        "most",
    )
    assert (evaluation.mentor_next_cycle, evaluation.what_worked) == ("yes", "Monthly video calls.")
    assert (evaluation.source.file, evaluation.source.place) == ("evaluation.pdf", "the form")


def test_an_xlsx_export_with_choice_names_is_read_like_a_csv(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Pair id", "I am the", "Goals reached", "Would you mentor in the next cycle?"])
    sheet.append([pairs[1].id, "Mentee", "All of them", "Maybe"])
    book.save(tmp_path / "evaluations.xlsx")
    run(program, tmp_path / "evaluations.xlsx")
    with program.reading() as tx:
        (evaluation,) = list_evaluations(tx, CYCLE)
    assert (evaluation.role, evaluation.goals_reached, evaluation.mentor_next_cycle) == (
        "mentee",
        "all",
        "maybe",
    )


def test_every_problem_is_named_with_file_row_and_column_and_nothing_is_recorded(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    good = write_check_ins(tmp_path / "good.csv", regular_plan(pairs, date(2027, 1, 11), 1, 30))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(HEADERS[1:5])
        + "\n"
        + f"{pairs[0].id},2027-02-30,Cultivation,\n"
        + "999,2027-02-01,Cultivation,\n"
        + f"{pairs[1].id},2027-02-01,Blossoming,\n"
        + ",2027-02-01,Initiation,\n",
        "utf-8",
    )
    with fails_with(
        "4 problems found:\n"
        "bad.csv, row 2, column B (met_on): '2027-02-30' is not a date (write YYYY-MM-DD)\n"
        "bad.csv, row 3, column A (pair_id): there is no pair 999 in 2027-spring\n"
        "bad.csv, row 4, column C (stage): 'Blossoming' is not one of the choices "
        "(initiation, cultivation, separation, redefinition)\n"
        "bad.csv, row 5, column A (pair_id): name the pair: give its pair id, or both the "
        "mentee's and the mentor's email"
    ):
        run(program, good, bad)
    assert check_ins(program) == []


def test_a_missing_required_column_is_one_problem_not_one_per_row(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    sheet = tmp_path / "check-ins.csv"
    rows = "".join(f"{p.id},2027-02-01,2027-03-01\n" for p in pairs)
    sheet.write_text("Pair id,Date we met,Next meeting\n" + rows, "utf-8")
    with fails_with(
        "check-ins.csv, row 1: no column for the required question 'Stage of the relationship "
        "we have reached' (or stage)"
    ):
        run(program, sheet)


def test_a_json_file_nested_past_the_reading_limit_is_one_located_problem(
    program: Program, pairs: list[Pair], tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.json"
    bomb.write_text('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    with fails_with("bomb.json, line 1, column 76: nested more than 64 levels deep"):
        run(program, bomb)
    assert check_ins(program) == []
