"""What the program-cycle tests share: the CLI on the test's program file (SQLite or
PostgreSQL, from ``tests/program/conftest.py``), a coordinator's folder, the spring's people."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from mentorguide.program import Location
from tests.commands import Cli, Run, run_main
from tests.matching.conftest import mentee, mentor, write_csv

from ..conftest import PROGRAM_NAME

SPRING = ("2027-spring", "--start", "2027-03-01", "--end", "2027-08-31")
FALL = ("2027-fall", "--start", "2027-09-01", "--end", "2028-02-29")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], location: Location) -> Cli:
    """``mentorguide program ACTION ARGS --db <the test's program>``, in-process."""

    def run(action: str, *argv: str | Path) -> Run:
        return run_main(capsys, ["program", action, *argv, "--db", db(location)])

    return run


def db(location: Location) -> str:
    if location.is_sqlite:
        return str(location.path)
    return location.url.render_as_string(hide_password=False)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The coordinator's folder (not a guide project: the packaged guide is used)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def started(cli: Cli, *cycles: tuple[str, ...]) -> None:
    assert cli("init", "--name", PROGRAM_NAME).code == 0
    for cycle in cycles:
        assert cli("add-cycle", *cycle).code == 0


#: Spring: three mentees whose goals each fit one mentor's expertise best.
SPRING_MENTEES = [
    mentee("A", name="Ana Díaz", career_goals="sterile-compounding"),
    mentee("B", name="Ben Okafor", career_goals="inventory-management"),
    mentee("C", name="Cy Tanaka", career_goals="automation"),
]
SPRING_MENTORS = [
    mentor("M", name="Mia Chen", expertise="sterile-compounding", capacity="2"),
    mentor("N", name="Noor Haddad", expertise="inventory-management;automation", capacity="1"),
]


def spring_files(folder: Path) -> tuple[str, str]:
    """The spring's survey files in ``folder`` (the current one), by name as given."""
    write_csv(folder / "mentees.csv", SPRING_MENTEES)
    write_csv(folder / "mentors.csv", SPRING_MENTORS)
    return "mentees.csv", "mentors.csv"


def sheet_pairs(path: Path) -> set[tuple[str, str]]:
    """(mentee email, mentor email) of every row of an exported pairs workbook."""
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    e, m = header.index("mentee_email"), header.index("mentor_email")
    return {(str(row[e]), str(row[m])) for row in rows[1:]}


def confirmed_spring(cli: Cli, here: Path) -> None:
    """The spring enrolled, matched, and every pair confirmed by importing the sheet as is."""
    started(cli, SPRING)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-spring", "--mentees", mentees, "--mentors", mentors)
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv")
    cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
