"""The schema: the tables the code uses are the migrations' result, and a program file
made by an older release opens in this one (after a backup copy, for an SQLite file)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mentorguide.program import (
    Location,
    Program,
    ProgramError,
    list_cycles,
    list_enrollments,
    open_program,
    pin,
    profile_history,
    program_info,
    schema,
)
from mentorguide.program.tables import VERSION_TABLE, metadata

from .conftest import fails_with
from .support import FIRST, make_first_schema_program


def test_the_tables_the_code_uses_are_what_the_migrations_make(program: Program) -> None:
    with program.reading() as tx:
        context = MigrationContext.configure(
            tx.connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_the_first_revision_is_older_than_the_newest() -> None:
    assert schema.revisions()[0] == FIRST
    assert schema.head() != FIRST


def test_a_file_made_by_the_first_schema_opens_with_everything_in_it(location: Location) -> None:
    make_first_schema_program(location)
    with open_program(location) as program:
        assert program.upgrade is not None
        assert (program.upgrade.old, program.upgrade.new) == (FIRST, schema.head())
        with program.reading() as tx:
            assert program_info(tx).revision == schema.head()
            assert [c.id for c in list_cycles(tx)] == ["2027-spring"]
            mentee, mentor = list_enrollments(tx, "2027-spring")
            history = profile_history(tx, "ana.diaz@EXAMPLE.org")
        assert (mentee.person.name, mentee.role, mentee.answers) == (
            "Ana Díaz",
            "mentee",
            {"id": "E01", "years_in_practice": 2.0},
        )
        assert (mentee.source_file, mentee.source_place) == ("mentees.csv", "row 2")
        assert mentor.unmatched_reason is None
        assert [(p.version, p.source) for p in history] == [(1, "mentees.csv, row 2")]
        with program.writing() as tx:  # the newer schema's tables are there to use
            assert pin(tx, "2027-spring", "ana.diaz@example.org", "bo@example.org")


def test_an_upgraded_sqlite_file_is_first_copied_beside_itself(
    sqlite_location: Location,
) -> None:
    location = sqlite_location
    make_first_schema_program(location)
    before = location.path.read_bytes()
    with open_program(location) as program:
        assert program.upgrade is not None
        backup = program.upgrade.backup
    assert backup == location.path.with_name("program.sqlite.bak-0001")
    with sqlite3.connect(backup) as copy:
        assert copy.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall() == [(FIRST,)]
        assert copy.execute("SELECT name FROM people ORDER BY id").fetchall() == [
            ("Ana Díaz",),
            ("Bo Chen",),
        ]
    assert len(backup.read_bytes()) == len(before)


def test_a_backup_never_replaces_an_earlier_one(sqlite_location: Location) -> None:
    location = sqlite_location
    earlier = location.path.with_name("program.sqlite.bak-0001")
    earlier.write_bytes(b"an earlier backup")
    make_first_schema_program(location)
    with open_program(location) as program:
        assert program.upgrade is not None
        assert program.upgrade.backup == location.path.with_name("program.sqlite.bak-0001-2")
    assert earlier.read_bytes() == b"an earlier backup"


def test_an_upgrade_that_fails_leaves_the_file_at_its_old_schema(
    location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_first_schema_program(location)
    real_upgrade = schema.upgrade

    def failing(connection: object, target: str = "head") -> None:
        real_upgrade(connection, target)  # type: ignore[arg-type]
        raise ProgramError("the power went out")

    monkeypatch.setattr(schema, "upgrade", failing)
    with fails_with("the power went out"):
        open_program(location)
    monkeypatch.undo()
    with Program(location) as old, old.reading() as tx:
        assert schema.current_revision(tx.connection) == FIRST
        names = tx.connection.execute(text("SELECT name FROM people ORDER BY id")).scalars()
        assert list(names) == ["Ana Díaz", "Bo Chen"]
        tables = tx.connection.execute(text("SELECT count(*) FROM cycles")).scalar()
        assert tables == 1


def test_opening_an_up_to_date_sqlite_file_changes_nothing(sqlite_program: Program) -> None:
    program = sqlite_program
    before = program.location.path.read_bytes()
    with open_program(program.location) as again:
        assert again.upgrade is None
    assert program.location.path.read_bytes() == before
    assert [p.name for p in program.location.path.parent.iterdir()] == ["program.sqlite"]


def test_a_file_made_by_a_newer_release_is_refused_and_left_alone(program: Program) -> None:
    with program.writing() as tx:
        tx.connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '0099'"))
    before = program.location.path.read_bytes() if program.is_sqlite else b""
    with pytest.raises(ProgramError) as raised:
        open_program(program.location)
    assert str(raised.value) == (
        f"{program.location} was made by a newer release of mentorguide (schema revision 0099; "
        f"this one knows up to {schema.head()}): upgrade mentorguide to open it"
    )
    if program.is_sqlite:
        assert program.location.path.read_bytes() == before


def test_the_first_schema_keeps_its_dates(location: Location) -> None:
    make_first_schema_program(location)
    with open_program(location) as program, program.reading() as tx:
        (cycle,) = list_cycles(tx)
    assert (cycle.starts_on, cycle.ends_on, cycle.matched_at) == (
        date(2027, 3, 1),
        date(2027, 8, 31),
        None,
    )
