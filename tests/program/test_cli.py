"""``mentorguide program …`` as a coordinator runs it: exact output and exit codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorguide.program import (
    Location,
    Program,
    ProposedPair,
    SurveyRecord,
    add_cycle,
    enroll,
    forbid,
    record_match,
)
from mentorguide.program import file as program_file
from tests.commands import Cli, Run, run_main

from .conftest import PROGRAM_NAME, SOCIETY
from .support import another_command_writing, make_first_schema_program

NEXT = (
    "  mentorguide program add-cycle 2027-spring --start 2027-03-01 --end 2027-08-31 "
    '--name "Spring 2027"\n'
)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``mentorguide program ARGS`` in-process."""

    def run(*argv: str | Path) -> Run:
        return run_main(capsys, ["program", *argv])

    return run


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coordinator's folder, the current one, with no MENTORGUIDE_DB set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MENTORGUIDE_DB", raising=False)
    return tmp_path


def db(location: Location) -> str:
    """What a coordinator passes as --db for ``location``."""
    return (
        location.url.render_as_string(hide_password=False)
        if not location.is_sqlite
        else str(location.path)
    )


@pytest.mark.parametrize("action", ["init", "add-cycle", "status"])
def test_every_action_has_help_with_an_example(cli: Cli, action: str) -> None:
    run = cli(action, "--help")
    assert run.code == 0
    assert f"Example: mentorguide program {action}" in run.out


def test_init_makes_program_sqlite_here_and_says_what_is_next(cli: Cli, here: Path) -> None:
    run = cli("init", "--name", PROGRAM_NAME, "--society", SOCIETY)
    assert run == Run(
        0,
        f'Created program.sqlite for "{PROGRAM_NAME}" ({SOCIETY}). Next, a cycle:\n' + NEXT,
        "",
    )
    assert [p.name for p in here.iterdir()] == ["program.sqlite"]


def test_init_makes_the_program_where_db_says(cli: Cli, location: Location) -> None:
    run = cli("init", "--name", PROGRAM_NAME, "--db", db(location))
    assert run == Run(0, f'Created {location} for "{PROGRAM_NAME}". Next, a cycle:\n' + NEXT, "")
    assert cli("status", "--db", db(location)).code == 0


def test_the_environment_names_the_program_file(
    cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORGUIDE_DB", "programs/2027.sqlite")
    (here / "programs").mkdir()
    assert cli("init", "--name", PROGRAM_NAME).code == 0
    assert (here / "programs" / "2027.sqlite").is_file()
    assert cli("status").out.splitlines()[1] == "File: programs/2027.sqlite (schema 0003)"


def test_init_twice_is_an_error_and_keeps_the_first_program(cli: Cli, here: Path) -> None:
    cli("init", "--name", PROGRAM_NAME)
    before = (here / "program.sqlite").read_bytes()
    run = cli("init", "--name", "Another program")
    assert run == Run(
        1,
        "",
        "Error: program.sqlite already exists; a new program needs a new file (choose one "
        "with --db)\n",
    )
    assert (here / "program.sqlite").read_bytes() == before


def test_init_without_a_name_is_an_error(cli: Cli, here: Path) -> None:
    assert cli("init", "--name", " ") == Run(1, "", "Error: the program name is empty\n")
    assert list(here.iterdir()) == []


def test_status_without_a_program_file_says_how_to_make_one(cli: Cli, here: Path) -> None:
    assert cli("status") == Run(
        1,
        "",
        "Error: there is no program file program.sqlite (create one with: mentorguide program "
        'init --name "…")\n',
    )
    assert list(here.iterdir()) == []


def test_status_of_a_new_program_says_to_add_a_cycle(cli: Cli, here: Path) -> None:
    cli("init", "--name", PROGRAM_NAME, "--society", SOCIETY)
    assert cli("status") == Run(
        0,
        f"Program: {PROGRAM_NAME} ({SOCIETY})\n"
        "File: program.sqlite (schema 0003)\n"
        "No cycles yet. Add one: " + NEXT.strip() + "\n",
        "",
    )


def test_add_cycle_then_status_shows_it(cli: Cli, location: Location) -> None:
    cli("init", "--name", PROGRAM_NAME, "--db", db(location))
    added = cli(
        "add-cycle", "2027-spring", "--start", "2027-03-01", "--end", "2027-08-31",
        "--name", "Spring 2027", "--db", db(location),
    )  # fmt: skip
    assert added == Run(0, "Added cycle 2027-spring (Spring 2027): 2027-03-01 to 2027-08-31.\n", "")
    assert cli("status", "--db", db(location)) == Run(
        0,
        f"Program: {PROGRAM_NAME}\n"
        f"File: {location} (schema 0003)\n"
        "Cycle 2027-spring (Spring 2027): 2027-03-01 to 2027-08-31, not matched yet\n"
        "  Enrolled: 0 mentees, 0 mentors\n"
        "  Paired: 0 of 0 mentees (0 confirmed, 0 proposed)\n",
        "",
    )


def test_a_cycle_with_a_bad_date_is_a_usage_error(cli: Cli, here: Path) -> None:
    run = cli("add-cycle", "2027-spring", "--start", "2027-02-30", "--end", "2027-08-31")
    assert run.code == 2
    assert run.err.endswith(
        "mentorguide program add-cycle: error: argument --start: '2027-02-30' is not a date "
        "(write YYYY-MM-DD)\n"
    )


def test_a_cycle_that_ends_before_it_starts_is_an_error(cli: Cli, here: Path) -> None:
    cli("init", "--name", PROGRAM_NAME)
    run = cli("add-cycle", "2027-spring", "--start", "2027-08-31", "--end", "2027-03-01")
    assert run == Run(
        1,
        "",
        "Error: cycle '2027-spring' would end (2027-03-01) before it starts (2027-08-31)\n",
    )


def test_status_of_a_cycle_names_each_unpaired_person_and_why(cli: Cli, program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        mentees = [
            SurveyRecord(f"{n}@example.org", n.title(), {}) for n in ("ana", "ben", "cy", "dee")
        ]
        mentors = [SurveyRecord(f"{n}@example.org", n.title(), {}) for n in ("mia", "max")]
        enroll(tx, "2027-spring", "mentee", mentees, source="mentees.csv")
        enroll(tx, "2027-spring", "mentor", mentors, source="mentors.csv")
        forbid(tx, "2027-spring", "ben@example.org", "max@example.org")
        matched = record_match(
            tx,
            "2027-spring",
            [ProposedPair("ana@example.org", "mia@example.org", 90.0)],
            {
                "ben@example.org": "every mentor they could be paired with is full",
                "cy@example.org": "every mentor they could be paired with is full",
                "dee@example.org": "no mentor offered any places",
                "max@example.org": "offered no places (capacity 0)",
            },
        )
    day = matched[0].proposed_at.date().isoformat()
    assert cli("status", "--cycle", "2027-spring", "--db", db(program.location)) == Run(
        0,
        f"Program: {PROGRAM_NAME} ({SOCIETY})\n"
        f"File: {program.location} (schema 0003)\n"
        f"Cycle 2027-spring: 2027-03-01 to 2027-08-31, last matched {day}\n"
        "  Enrolled: 4 mentees, 2 mentors\n"
        "  Paired: 1 of 4 mentees (0 confirmed, 1 proposed)\n"
        "  Coordinator's choices: 0 pins, 1 forbid\n"
        "  Unpaired mentees: 3 (every mentor they could be paired with is full: 2; no mentor "
        "offered any places: 1)\n"
        "    Ben <ben@example.org>: every mentor they could be paired with is full\n"
        "    Cy <cy@example.org>: every mentor they could be paired with is full\n"
        "    Dee <dee@example.org>: no mentor offered any places\n"
        "  Mentors without a mentee: 1 (offered no places (capacity 0): 1)\n"
        "    Max <max@example.org>: offered no places (capacity 0)\n",
        "",
    )


def test_opening_an_older_program_file_says_it_was_upgraded(
    cli: Cli, sqlite_location: Location
) -> None:
    make_first_schema_program(sqlite_location)
    run = cli("status", "--db", sqlite_location.path)
    assert run.code == 0
    assert run.err == (
        f"Note: upgraded {sqlite_location} from schema 0001 to 0003 (the file as it was: "
        f"{sqlite_location.path}.bak-0001)\n"
    )
    assert "Cycle 2027-spring (Spring 2027): 2027-03-01 to 2027-08-31" in run.out


def test_a_busy_program_file_is_one_line(
    cli: Cli, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(program_file, "BUSY_TIMEOUT", 0.3)
    with another_command_writing(program):
        run = cli(
            "add-cycle", "2027-spring", "--start", "2027-03-01", "--end", "2027-08-31",
            "--db", db(program.location),
        )  # fmt: skip
    assert run == Run(
        1,
        "",
        "Error: the program file is busy (another mentorguide command is using it); try again\n",
    )
