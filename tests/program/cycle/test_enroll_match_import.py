"""A program cycle through the CLI, as a coordinator runs it, on SQLite and on PostgreSQL:
enroll, match, export, edit and import; and cycle after cycle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from mentorguide.cli.main import main
from mentorguide.matching.spec import survey_spec
from mentorguide.matching.writers import survey_pdf
from mentorguide.pdf.fill import fill_pdf
from mentorguide.program import Location
from mentorguide.project.load import load_project
from mentorguide.worksheets.form import form_fields
from mentorguide.worksheets.surveys import survey_worksheet
from tests.commands import Cli
from tests.conftest import ROOT
from tests.matching.conftest import mentee, mentor, write_csv

from ..support import make_first_schema_program
from .conftest import (
    FALL,
    SPRING,
    SPRING_MENTEES,
    SPRING_MENTORS,
    db,
    sheet_pairs,
    spring_files,
    started,
)

# --- help ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action", ["enroll", "match", "export", "import", "agreements", "calendar"]
)
def test_every_cycle_action_has_help_with_an_example(
    capsys: pytest.CaptureFixture[str], action: str
) -> None:
    with pytest.raises(SystemExit):
        main(["program", action, "--help"])
    assert f"Example: mentorguide program {action}" in capsys.readouterr().out


# --- enroll ----------------------------------------------------------------------------


def test_enroll_reads_both_files_and_says_what_is_next(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    run = cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    assert (run.code, run.out) == (
        0,
        "Enrolled in 2027-spring: 3 mentees (3 added), 2 mentors (2 added).\n"
        "Next: mentorguide program match --cycle 2027-spring\n",
    )
    again = cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    assert again.out.splitlines()[0] == (
        "Enrolled in 2027-spring: 3 mentees (3 unchanged), 2 mentors (2 unchanged)."
    )


def test_enroll_reads_a_workbook_as_match_does(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    fields = list(SPRING_MENTEES[0])
    sheet.append(fields)
    for row in SPRING_MENTEES:
        sheet.append([row[f] for f in fields])
    book.save(here / "mentees.xlsx")
    _, mentors = spring_files(here)
    run = cli("enroll", "--cycle", "2027-spring", "--mentees", "mentees.xlsx", "--mentors", mentors)
    assert run.out.startswith("Enrolled in 2027-spring: 3 mentees (3 added), 2 mentors (2 added).")


def test_a_failed_enroll_names_every_problem_and_leaves_the_file_byte_identical(
    cli: Cli, here: Path, location: Location
) -> None:
    if not location.is_sqlite:
        pytest.skip("bytes of a file: SQLite only (PostgreSQL: the next test)")
    started(cli, SPRING)
    before = location.path.read_bytes()
    write_csv(here / "mentees.csv", [*SPRING_MENTEES[:2], mentee("C", years_in_practice="lots")])
    write_csv(here / "mentors.csv", [mentor("M", capacity="two"), SPRING_MENTORS[1]])
    run = cli(
        "enroll", "--cycle", "2027-spring", "--mentees", "mentees.csv", "--mentors", "mentors.csv"
    )
    assert (run.code, run.out) == (1, "")
    assert run.err.endswith(
        "Error: 2 problems found:\n"
        "mentees.csv, row 4, column D (years_in_practice): expected a number, got 'lots'\n"
        "mentors.csv, row 2, column K (capacity): expected a whole number, got 'two'\n"
    )
    assert location.path.read_bytes() == before


def test_a_failed_enroll_changes_nothing_on_either_database(cli: Cli, here: Path) -> None:
    started(cli, SPRING, FALL)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    # In the fall, Ana would be a mentor and a mentee at once; nothing of the fall is enrolled.
    write_csv(here / "fall-mentors.csv", [mentor("A", name="Ana Díaz", email="a@example.org")])
    run = cli(
        "enroll", "--cycle", "2027-fall", "--mentees", mentees, "--mentors", "fall-mentors.csv"
    )
    assert run.err.endswith(
        "Error: fall-mentors.csv, row 2: a@example.org is also in mentees.csv, row 2 (a person "
        "is a mentee or a mentor in a cycle, not both: keep one)\n"
    )
    status = cli("status", "--cycle", "2027-fall").out
    assert "  Enrolled: 0 mentees, 0 mentors\n" in status


def test_two_enrolls_at_once_both_complete_or_one_is_told_the_file_is_busy(
    cli: Cli, here: Path, location: Location
) -> None:
    started(cli, SPRING, FALL)
    mentees, mentors = spring_files(here)
    commands = [
        [sys.executable, "-m", "mentorguide", "program", "enroll", "--cycle", cycle,
         "--mentees", str(mentees), "--mentors", str(mentors), "--db", db(location)]
        for cycle in ("2027-spring", "2027-fall")
    ]  # fmt: skip
    running = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in running]
    busy = "Error: the program file is busy (another mentorguide command is using it); try again\n"
    status = cli("status").out
    for (err, code), cycle in zip(results, ("2027-spring", "2027-fall"), strict=True):
        assert code == 0 or err.endswith(busy), err
        enrolled = "3 mentees, 2 mentors" if code == 0 else "0 mentees, 0 mentors"
        assert f"Cycle {cycle}: " in status
        assert status.split(f"Cycle {cycle}: ")[1].splitlines()[1] == f"  Enrolled: {enrolled}"
    if location.is_sqlite:
        import sqlite3

        with sqlite3.connect(location.path) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- match, export, import --------------------------------------------------------------


def test_match_proposes_pairs_and_export_writes_them_with_names_and_emails(
    cli: Cli, here: Path
) -> None:
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    run = cli("match", "--cycle", "2027-spring")
    assert run.out == (
        "Matched 2027-spring (optimal): 3 pairs proposed, 0 confirmed pairs kept.\n"
        "Next: mentorguide program export pairs --cycle 2027-spring -o pairs.xlsx\n"
    )
    assert cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv").out == (
        "Wrote pairs.csv: 3 rows (pairs).\n"
    )
    lines = (here / "pairs.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "mentee_name,mentee_email,mentor_name,mentor_email,status,score,reasons"
    assert {tuple(line.split(",")[:5]) for line in lines[1:]} == {
        ("Ana Díaz", "a@example.org", "Mia Chen", "m@example.org", "proposed"),
        ("Cy Tanaka", "c@example.org", "Mia Chen", "m@example.org", "proposed"),
        ("Ben Okafor", "b@example.org", "Noor Haddad", "n@example.org", "proposed"),
    }


def test_an_edited_workbook_imported_back_confirms_forbids_and_pins(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.xlsx")
    book = load_workbook(here / "pairs.xlsx")
    sheet = book.worksheets[0]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    # Ana's pair is kept; Ben is given Mia instead of Noor; Cy's row is deleted.
    rows["b@example.org"][2].value = "Mia Chen"
    rows["b@example.org"][3].value = "M@Example.org"
    sheet.delete_rows(rows["c@example.org"][0].row)
    book.save(here / "pairs.xlsx")

    run = cli("import", "pairs", "pairs.xlsx", "--cycle", "2027-spring")
    assert run.out == (
        "Imported pairs.xlsx: 1 pair confirmed, 2 pairs forbidden, 1 pair pinned.\n"
        "Next: mentorguide program match --cycle 2027-spring (it fills in the rest)\n"
    )
    status = cli("status", "--cycle", "2027-spring").out
    assert "  Coordinator's choices: 1 pin, 2 forbids\n" in status
    assert "    Cy Tanaka <c@example.org>: their pair's row was deleted from pairs.xlsx\n" in status
    # The match makes the pin, keeps the confirmed pair, and pairs Cy with Noor (not Mia).
    assert cli("match", "--cycle", "2027-spring").out.startswith(
        "Matched 2027-spring (optimal): 2 pairs proposed, 1 confirmed pair kept.\n"
    )
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.xlsx")
    assert sheet_pairs(here / "pairs.xlsx") == {
        ("a@example.org", "m@example.org"),
        ("b@example.org", "m@example.org"),
        ("c@example.org", "n@example.org"),
    }


def test_an_import_with_unknown_people_or_too_many_mentees_changes_nothing(
    cli: Cli, here: Path
) -> None:
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    before = cli("status", "--cycle", "2027-spring").out
    (here / "edited.csv").write_text(
        "mentee_name,mentee_email,mentor_name,mentor_email\n"
        "Ana,a@example.org,Noor,n@example.org\n"
        "Ben,b@example.org,Noor,n@example.org\n"
        "Cy,cy@example.org,Mia,m@example.org\n"
        "Mia,m@example.org,Noor,n@example.org\n",
        encoding="utf-8",
    )
    run = cli("import", "pairs", "edited.csv", "--cycle", "2027-spring")
    assert run.err == (
        "Error: 3 problems found:\n"
        "edited.csv, row 3, column D (mentor_email): n@example.org offered 1 place, and this "
        "is their 2nd mentee in the sheet\n"
        "edited.csv, row 4, column B (mentee_email): nobody with the email cy@example.org is "
        "enrolled in 2027-spring (did you mean 'c@example.org'?)\n"
        "edited.csv, row 5, column B (mentee_email): m@example.org is enrolled in 2027-spring "
        "as a mentor, not a mentee\n"
    )
    assert cli("status", "--cycle", "2027-spring").out == before


def test_text_that_looks_like_a_formula_stays_text_out_and_back(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    formula = '=HYPERLINK("https://example.org","Ana")'
    _, mentors = spring_files(here)
    mentees = write_csv(here / "mentees.csv", [mentee("A", name=formula), *SPRING_MENTEES[1:]])
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.xlsx")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv")
    cells = [c for row in load_workbook(here / "pairs.xlsx").worksheets[0].iter_rows() for c in row]
    ana = next(c for c in cells if str(c.value).endswith('"Ana")'))
    assert (ana.value, ana.data_type) == ("'" + formula, "s")
    quoted = '"' + ("'" + formula).replace('"', '""') + '"'
    assert quoted in (here / "pairs.csv").read_text(encoding="utf-8")
    assert cli("import", "pairs", "pairs.xlsx", "--cycle", "2027-spring").code == 0


# --- cycles after cycles --------------------------------------------------------------


def test_two_cycles_with_the_same_people_never_repeat_a_pair_and_a_mentee_mentors_next(
    cli: Cli, here: Path
) -> None:
    started(cli, SPRING, FALL)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "spring.xlsx")
    assert cli("import", "pairs", "spring.xlsx", "--cycle", "2027-spring").code == 0
    spring = sheet_pairs(here / "spring.xlsx")

    # In the fall Ana and Ben come back with the same goals; Cy, a mentee in the spring,
    # mentors; Dee is new. Without the history, Ana and Ben would fit their spring mentors best.
    fall_mentees = write_csv(here / "fall-mentees.csv", [*SPRING_MENTEES[:2], mentee("D")])
    fall_mentors = write_csv(
        here / "fall-mentors.csv",
        [
            mentor("M", name="Mia Chen", expertise="sterile-compounding", capacity="1"),
            mentor("N", name="Noor Haddad", expertise="inventory-management", capacity="1"),
            mentor("C", name="Cy Tanaka", expertise="automation", capacity="1"),
        ],
    )
    run = cli(
        "enroll", "--cycle", "2027-fall", "--mentees", fall_mentees, "--mentors", fall_mentors
    )
    assert run.out.splitlines()[:2] == [
        "Enrolled in 2027-fall: 3 mentees (3 added), 3 mentors (3 added).",
        "3 people gave answers that differ from their last ones (the earlier ones are kept "
        "in their profile history).",
    ]
    cli("match", "--cycle", "2027-fall")
    cli("export", "pairs", "--cycle", "2027-fall", "-o", "fall.xlsx")
    fall = sheet_pairs(here / "fall.xlsx")
    assert len(fall) == 3
    assert not fall & spring
    assert any(mentor == "c@example.org" for _, mentor in fall)


def test_a_file_made_by_the_first_schema_is_upgraded_and_runs_a_cycle(
    capsys: pytest.CaptureFixture[str], here: Path, sqlite_location: Location
) -> None:
    make_first_schema_program(sqlite_location)
    mentees = write_csv(
        here / "mentees.csv", [mentee("E01", name="Ana Díaz", email="Ana.Diaz@example.org")]
    )
    mentors = write_csv(
        here / "mentors.csv", [mentor("M01", name="Bo Chen", email="bo@example.org")]
    )
    target = ["--db", str(sqlite_location.path)]
    code = main(["program", "enroll", "--cycle", "2027-spring", "--mentees", str(mentees),
                 "--mentors", str(mentors), *target])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    assert f"Note: upgraded {sqlite_location} from schema 0001 to" in err
    assert out.startswith("Enrolled in 2027-spring: 1 mentee (1 updated), 1 mentor (1 updated).")
    assert main(["program", "match", "--cycle", "2027-spring", *target]) == 0
    assert capsys.readouterr().out.startswith("Matched 2027-spring (optimal): 1 pair proposed")


def test_enroll_reads_the_sites_json_answers(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    _, mentors = spring_files(here)
    answers = [{k: v for k, v in row.items() if v} for row in SPRING_MENTEES]
    (here / "mentees.json").write_text(json.dumps({"answers": answers}), encoding="utf-8")
    run = cli("enroll", "--cycle", "2027-spring", "--mentees", "mentees.json", "--mentors", mentors)
    assert run.out.startswith("Enrolled in 2027-spring: 3 mentees (3 added), 2 mentors (2 added).")


def test_a_sheet_is_written_as_csv_or_xlsx_only(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    run = cli("export", "roster", "--cycle", "2027-spring", "-o", "roster.ods")
    assert run.err == "Error: -o roster.ods: name a .csv or .xlsx file (or '-' for CSV out)\n"
    assert not (here / "roster.ods").exists()


def test_enroll_reads_a_filled_survey_pdf(cli: Cli, here: Path) -> None:
    project = load_project(ROOT)
    sheet = survey_worksheet(survey_spec(project.content, "mentee").survey)
    answers: dict[str, str | bool] = {
        "id": "E1", "name": "Eve Evans", "email": "eve@example.org", "years_in_practice": "2",
        "frequency": "monthly", "platform.virtual": True, "preferred_model": "experienced",
    }  # fmt: skip
    blank = survey_pdf(project, "mentee")
    (here / "eve.pdf").write_bytes(fill_pdf(blank, answers, form_fields(sheet, project.content)))
    started(cli, SPRING)
    _, mentors = spring_files(here)
    run = cli("enroll", "--cycle", "2027-spring", "--mentees", "eve.pdf", "--mentors", mentors,
              "--project", ROOT)  # fmt: skip
    assert run.out.startswith("Enrolled in 2027-spring: 1 mentee (1 added), 2 mentors (2 added).")
    assert (
        "    Eve Evans <eve@example.org>: not matched yet"
        in cli("status", "--cycle", "2027-spring").out
    )


def test_deleting_the_row_of_a_pinned_pair_forbids_it_instead(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    # Cy is moved to Noor (a pin), in Ben's place; after the next match Cy's row goes after all.
    (here / "pairs.csv").write_text(
        "mentee_email,mentor_email\na@example.org,m@example.org\nc@example.org,n@example.org\n",
        encoding="utf-8",
    )
    first = cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
    assert first.out.startswith("Imported pairs.csv: 1 pair confirmed, 2 pairs forbidden, 1 pair")
    cli("match", "--cycle", "2027-spring")
    (here / "pairs.csv").write_text(
        "mentee_email,mentor_email\na@example.org,m@example.org\nb@example.org,m@example.org\n",
        encoding="utf-8",
    )
    run = cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
    assert run.out.startswith("Imported pairs.csv: 2 pairs confirmed, 1 pair forbidden, 0 pairs")
    assert "  Coordinator's choices: 0 pins, 3 forbids\n" in cli("status").out
