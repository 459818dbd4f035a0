"""Where the program file is: ``--db``, else ``MENTORGUIDE_DB``, else ``./program.sqlite``.

A plain path (or a ``sqlite:///`` URL) is an SQLite file, the default: one file the
coordinator keeps, copies and backs up. A ``postgresql://`` URL is a database on a server, for
a society whose coordinators share one program; it is reached with psycopg 3.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import ProgramError

#: The environment variable naming the program file when ``--db`` is not given.
ENVIRONMENT_VARIABLE = "MENTORGUIDE_DB"
#: The program file used when neither ``--db`` nor the environment names one.
DEFAULT_FILE = "program.sqlite"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Location:
    """A program file's place: an SQLite file or a PostgreSQL database."""

    url: URL
    """What SQLAlchemy connects to (the driver spelled out: ``postgresql+psycopg``)."""
    display: str
    """How messages name it: the path as given, or the URL without its password."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path:
        """The SQLite file (an absolute path); only for an SQLite location."""
        assert self.is_sqlite and self.url.database
        return Path(self.url.database)

    def __str__(self) -> str:
        return self.display


def sqlite_location(path: Path | str) -> Location:
    """The SQLite program file at ``path`` (relative to the current folder)."""
    text = str(path)
    if not text.strip():
        raise ProgramError("the program file's path is empty")
    # URL.create, not string formatting: a '?' or '#' in a folder name stays part of the path.
    return Location(URL.create("sqlite", database=str(Path(text).absolute())), text)


def parse_location(db: str) -> Location:
    """The location ``db`` names: a path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""
    if not _URL.match(db):
        return sqlite_location(db)
    try:
        url = make_url(db)
    except ArgumentError:
        raise ProgramError(f"'{_hide_password(db)}' is not a database URL") from None
    backend, _, driver = url.drivername.partition("+")
    if backend == "sqlite" and not driver:
        if not url.database:
            raise ProgramError(f"'{db}' names no file (write sqlite:///path/to/program.sqlite)")
        return sqlite_location(url.database)
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        url = url.set(drivername="postgresql+psycopg")
        return Location(url, url.render_as_string(hide_password=True).replace("+psycopg", "", 1))
    raise ProgramError(
        f"'{_hide_password(db)}' is not a program file: use a file path (an SQLite file) or "
        "a postgresql:// URL"
    )


def resolve_location(
    db: str | None = None, environment: Mapping[str, str] | None = None
) -> Location:
    """The program file a command uses: ``--db``, else ``MENTORGUIDE_DB``, else the default."""
    environment = os.environ if environment is None else environment
    chosen = db if db is not None else environment.get(ENVIRONMENT_VARIABLE) or DEFAULT_FILE
    return parse_location(chosen)


def _hide_password(text: str) -> str:
    """``text`` with any ``user:password@`` shortened to ``user:***@`` (it goes in messages)."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", text)
