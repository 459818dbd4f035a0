"""Creating and opening the program file."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from mentorguide.program import (
    Location,
    Program,
    ProgramError,
    init_program,
    open_program,
    parse_location,
    program_info,
)
from mentorguide.program import file as program_file
from mentorguide.program.schema import head

from .conftest import PROGRAM_NAME, SOCIETY, fails_with
from .postgres import PostgresServer


def test_init_makes_a_program_with_its_name_and_society(program: Program) -> None:
    with program.reading() as tx:
        info = program_info(tx)
    assert (info.name, info.society, info.revision) == (PROGRAM_NAME, SOCIETY, head())


def test_a_program_needs_no_society(location: Location) -> None:
    with (
        init_program(location, name="Pharmacy residents' mentoring") as program,
        program.reading() as tx,
    ):
        assert program_info(tx).society is None


def test_a_program_opens_again_with_what_it_holds(program: Program) -> None:
    with open_program(program.location) as again, again.reading() as tx:
        assert program_info(tx).name == PROGRAM_NAME


def test_init_refuses_a_place_that_already_holds_a_program(program: Program) -> None:
    with pytest.raises(ProgramError) as raised:
        init_program(program.location, name="Another program")
    expected = (
        f"{program.location} already exists; a new program needs a new file (choose one with --db)"
        if program.is_sqlite
        else f"{program.location} already holds a program"
    )
    assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "the program name is empty"),
        (
            "Spring\nprogram",
            "the program name must be one line of text, without control characters",
        ),
        ("x" * 201, "the program name is 201 characters long (at most 200)"),
    ],
)
def test_init_refuses_a_name_that_is_not_one_line(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(ProgramError) as raised:
        init_program(str(tmp_path / "program.sqlite"), name=name)
    assert str(raised.value) == message
    assert list(tmp_path.iterdir()) == []


def test_init_that_fails_midway_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise ProgramError("the disk went away")

    monkeypatch.setattr(program_file, "_insert_program", broken)
    with fails_with("the disk went away"):
        init_program(str(tmp_path / "program.sqlite"), name=PROGRAM_NAME)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgresql
def test_init_that_fails_midway_on_postgresql_leaves_the_database_empty(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_server.new_database()

    def broken(*_: object) -> None:
        raise ProgramError("the network went away")

    monkeypatch.setattr(program_file, "_insert_program", broken)
    with pytest.raises(ProgramError):
        init_program(url, name=PROGRAM_NAME)
    monkeypatch.undo()
    with pytest.raises(ProgramError) as raised:
        open_program(url)
    assert str(raised.value) == (
        f"{parse_location(url)} holds no program (create one with: mentorguide program init "
        '--name "…")'
    )


def test_the_program_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    init_program(str(tmp_path / "program.sqlite"), name=PROGRAM_NAME).close()
    mode = stat.S_IMODE(os.stat(tmp_path / "program.sqlite").st_mode)
    assert mode == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["program.sqlite"]


def test_init_in_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ProgramError) as raised:
        init_program(str(tmp_path / "nowhere" / "program.sqlite"), name=PROGRAM_NAME)
    assert str(raised.value) == (
        f"cannot create {tmp_path}/nowhere/program.sqlite: the folder {tmp_path}/nowhere does "
        "not exist"
    )


def test_opening_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ProgramError) as raised:
        open_program(str(tmp_path / "program.sqlite"))
    assert str(raised.value) == (
        f"there is no program file {tmp_path}/program.sqlite (create one with: "
        'mentorguide program init --name "…")'
    )
    assert list(tmp_path.iterdir()) == []


def test_opening_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    with fails_with(f"{tmp_path} is a folder, not a program file"):
        open_program(str(tmp_path))


def test_opening_a_file_that_is_not_a_database_says_so(tmp_path: Path) -> None:
    spreadsheet = tmp_path / "mentees.csv"
    spreadsheet.write_text("id,name,email\n" * 200, encoding="utf-8")
    with pytest.raises(ProgramError) as raised:
        open_program(str(spreadsheet))
    assert (
        str(raised.value) == f"{spreadsheet} is not a program file (it is not an SQLite database)"
    )


def test_opening_another_applications_database_leaves_it_alone(tmp_path: Path) -> None:
    other = tmp_path / "inventory.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE drugs (ndc TEXT)")
    before = other.read_bytes()
    with pytest.raises(ProgramError) as raised:
        open_program(str(other))
    assert str(raised.value) == f"{other} is not a mentorguide program file (it holds other tables)"
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.sqlite"]


def test_an_unreachable_postgresql_server_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ProgramError) as raised:
        open_program(f"postgresql://postgres@/program?host={tmp_path}")
    message = str(raised.value)
    assert message.startswith("cannot reach the program database postgresql://postgres@/program")
    assert "\n" not in message


def test_postgresql_without_its_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with fails_with(
        "a program on PostgreSQL needs the psycopg driver: pip install 'mentorguide[postgresql]'"
    ):
        open_program("postgresql://coordinator@db.example.org/mentoring")
