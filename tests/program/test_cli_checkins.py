"""``mentorguide program collect|report|reminders|export|rematch`` as a coordinator runs
them: help with an example, exact errors, and a failed command that changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testdata.program import start_cycle

from mentorguide.cli.main import main
from mentorguide.program import Location, Pair

from .conftest import new_program

CYCLE = "2027-spring"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["program", *(str(a) for a in argv)])
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def paired(sqlite_location: Location, tmp_path: Path) -> list[Pair]:
    with new_program(sqlite_location) as program:
        return start_cycle(program, tmp_path / "surveys", CYCLE, 4)


@pytest.mark.parametrize("action", ["collect", "report", "reminders", "export", "rematch"])
def test_every_action_has_help_with_an_example(
    capsys: pytest.CaptureFixture[str], action: str
) -> None:
    code, out, _ = run(capsys, action, "--help")
    assert code == 0
    assert f"Example: mentorguide program {action}" in out


def test_a_failed_collect_names_every_problem_and_leaves_the_file_byte_identical(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    before = sqlite_location.path.read_bytes()
    good = tmp_path / "fit.json"
    answers = {"pair_id": str(paired[0].id), "role": "mentee", "continue": "yes"}
    good.write_text(json.dumps({"worksheet": "fit-check", "answers": answers}), "utf-8")
    bad = tmp_path / "fit-bad.json"
    answers = {"pair_id": str(paired[1].id), "role": "partner", "continue": "perhaps"}
    bad.write_text(json.dumps({"worksheet": "fit-check", "answers": answers}), "utf-8")
    code, out, err = run(
        capsys, "collect", good, bad, "--cycle", CYCLE, "--db", sqlite_location.path,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: 2 problems found:\n"
        f"{bad}, field 'continue': 'perhaps' is not one of the choices (yes, no)\n"
        f"{bad}, field 'role': 'partner' is not one of the choices (mentee, mentor)\n"
    )
    assert sqlite_location.path.read_bytes() == before


def test_answers_to_another_worksheet_are_refused(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    other = tmp_path / "smart-goal-answers.json"
    other.write_text(json.dumps({"worksheet": "smart-goal", "answers": {"goal": "x"}}), "utf-8")
    code, _, err = run(capsys, "collect", other, "--cycle", CYCLE, "--db", sqlite_location.path)
    assert (code, err) == (
        1,
        f"Error: {other}: these are answers to the 'smart-goal' worksheet, not a fit check, "
        "check-in or end-of-cycle evaluation\n",
    )


def test_a_spreadsheet_of_other_questions_is_refused_saying_what_was_expected(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "mentees.csv"
    sheet.write_text("id,name,email\nE1,Ana,ana@example.org\n", "utf-8")
    code, _, err = run(capsys, "collect", sheet, "--cycle", CYCLE, "--db", sqlite_location.path)
    assert (code, err) == (
        1,
        f"Error: {sheet}, row 1: cannot tell which worksheet this answers (expected the "
        "questions of a fit check, a check-in or an end-of-cycle evaluation)\n",
    )


def test_a_collect_of_a_pair_the_emails_do_not_make_says_so(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    a, b = paired[0], paired[1]
    sheet = tmp_path / "check-ins.csv"
    sheet.write_text(
        "Mentee's email,Mentor's email,Date we met,Stage of the relationship we have reached\n"
        f"{a.mentee.email},{b.mentor.email},2027-02-01,Initiation\n",
        "utf-8",
    )
    code, _, err = run(capsys, "collect", sheet, "--cycle", CYCLE, "--db", sqlite_location.path)
    assert (code, err) == (
        1,
        f"Error: {sheet}, row 2, column A (mentee_email): {a.mentee.email} and "
        f"{b.mentor.email} are not a pair in 2027-spring\n",
    )


def test_reminders_and_exports_are_csv_or_xlsx(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    target = tmp_path / "reminders.txt"
    code, _, err = run(
        capsys, "reminders", "--cycle", CYCLE, "--db", sqlite_location.path, "-o", target
    )
    assert (code, err) == (1, f"Error: {target}: -o names a .csv or .xlsx file\n")
    assert not target.exists()


def test_reminders_before_any_answer_ask_every_pair_for_its_fit_check(
    capsys: pytest.CaptureFixture[str],
    sqlite_location: Location,
    paired: list[Pair],
    tmp_path: Path,
) -> None:
    target = tmp_path / "reminders.csv"
    code, out, _ = run(
        capsys, "reminders", "--cycle", CYCLE, "--db", sqlite_location.path,
        "--as-of", "2027-02-01", "-o", target,
    )  # fmt: skip
    assert (code, out) == (0, f"Wrote 4 reminders to {target}.\n")
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == (
        "pair_id,mentee_name,mentee_email,mentor_name,mentor_email,reason,last_check_in,"
        "agreed_frequency,what_to_ask"
    )
    assert f"{paired[0].mentee.email}," in lines[1]
    assert "no check-in yet; fit check missing (mentee and mentor)" in lines[1]


def test_rematch_with_no_fit_check_saying_no_changes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_location: Location, paired: list[Pair]
) -> None:
    before = sqlite_location.path.read_bytes()
    code, out, _ = run(capsys, "rematch", "--cycle", CYCLE, "--db", sqlite_location.path)
    assert (code, out) == (
        0,
        "No fit check in 2027-spring says not to continue: nothing changed.\n",
    )
    assert sqlite_location.path.read_bytes() == before
