"""Where the program file is: --db, else MENTORGUIDE_DB, else ./program.sqlite."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.program import ProgramError, parse_location, resolve_location

from .conftest import fails_with


def test_the_default_is_program_sqlite_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    location = resolve_location(None, {})
    assert location.is_sqlite
    assert location.path == tmp_path / "program.sqlite"
    assert str(location) == "program.sqlite"


def test_the_environment_names_the_file_when_db_is_not_given() -> None:
    location = resolve_location(None, {"MENTORGUIDE_DB": "/srv/programs/2027.sqlite"})
    assert location.path == Path("/srv/programs/2027.sqlite")


def test_db_wins_over_the_environment() -> None:
    location = resolve_location("mine.sqlite", {"MENTORGUIDE_DB": "/srv/theirs.sqlite"})
    assert location.path.name == "mine.sqlite"


def test_a_question_mark_in_a_folder_name_stays_part_of_the_path() -> None:
    location = parse_location("/data/what?/program.sqlite")
    assert location.path == Path("/data/what?/program.sqlite")


def test_an_sqlite_url_is_a_file() -> None:
    location = parse_location("sqlite:////srv/program.sqlite")
    assert location.is_sqlite
    assert location.path == Path("/srv/program.sqlite")


def test_a_postgresql_url_is_reached_with_psycopg() -> None:
    location = parse_location("postgresql://coordinator@db.example.org/mentoring")
    assert not location.is_sqlite
    assert location.url.drivername == "postgresql+psycopg"


def test_messages_name_a_postgresql_database_without_its_password() -> None:
    location = parse_location("postgresql://coordinator:s3cret@db.example.org/mentoring")
    assert str(location) == "postgresql://coordinator:***@db.example.org/mentoring"
    assert location.url.password == "s3cret"


def test_another_kind_of_database_is_refused_with_what_would_work() -> None:
    with pytest.raises(ProgramError) as raised:
        parse_location("mysql://coordinator:s3cret@db.example.org/mentoring")
    assert str(raised.value) == (
        "'mysql://coordinator:***@db.example.org/mentoring' is not a program file: use a file "
        "path (an SQLite file) or a postgresql:// URL"
    )


def test_an_empty_path_is_refused() -> None:
    with fails_with("the program file's path is empty"):
        parse_location(" ")
