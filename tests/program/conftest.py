"""Program-file tests run on both databases: an SQLite file in ``tmp_path``, and a new
database on a PostgreSQL server that the test session starts for itself (see postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mentorguide.program import Location, Program, ProgramError, init_program, parse_location

from .postgres import PostgresServer, postgres_bin

PROGRAM_NAME = "Technician Mentorship Program"
SOCIETY = "Ohio Society of Health-System Pharmacists"


@contextmanager
def fails_with(message: str) -> Iterator[None]:
    """The block raises a :class:`ProgramError` saying exactly ``message``."""
    with pytest.raises(ProgramError) as raised:
        yield
    assert str(raised.value) == message


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    found = postgres_bin()
    if found is None:
        pytest.fail(
            "PostgreSQL is not installed: run `make test` (it installs Debian's postgresql)"
        )
    server = PostgresServer(found)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    """Where a new program goes: an SQLite file that does not exist yet, or an empty database."""
    if request.param == "sqlite":
        return parse_location(str(tmp_path / "program.sqlite"))
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return parse_location(server.new_schema())


@pytest.fixture
def sqlite_location(tmp_path: Path) -> Location:
    """For what only an SQLite file has (bytes, backups beside it, permissions)."""
    return parse_location(str(tmp_path / "program.sqlite"))


def new_program(location: Location) -> Program:
    """A new program, open; a short busy timeout, so a test of a busy file is quick."""
    return init_program(location, name=PROGRAM_NAME, society=SOCIETY, busy_timeout=0.5)


@pytest.fixture
def program(location: Location) -> Iterator[Program]:
    with new_program(location) as opened:
        yield opened


@pytest.fixture
def sqlite_program(sqlite_location: Location) -> Iterator[Program]:
    with new_program(sqlite_location) as opened:
        yield opened
