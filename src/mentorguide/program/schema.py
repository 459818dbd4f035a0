"""The program file's schema revision: reading it, upgrading it, and the backup copy made
first (:func:`~.file.open_program` does both within its write transaction).

Migrations run programmatically from the package (``migrations/``): users need no
``alembic.ini`` and no Alembic command.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from .errors import ProgramError
from .newfile import link_new
from .tables import VERSION_TABLE

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Upgrade:
    """What opening an older file did: its schema went from ``old`` to ``new``."""

    old: str
    new: str
    backup: Path | None
    """The copy of the file as it was (SQLite only)."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def revisions() -> tuple[str, ...]:
    """Every schema revision, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return tuple(reversed([r.revision for r in script.walk_revisions()]))


def head() -> str:
    """The newest schema revision: what this release makes and opens."""
    return revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The file's schema revision, or None when it has none (not made by mentorguide)."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate the schema to ``target`` inside the connection's open transaction."""
    command.upgrade(_config(connection), target)


def backup(path: Path, revision: str, busy_timeout: float) -> Path:
    """Copy the SQLite file ``path`` to ``<name>.bak-<revision>`` beside it (``-2``, ``-3`` …
    if that name is taken) and return the copy's path. SQLite's backup API makes the copy,
    so it is consistent even while another command reads the file."""
    target = path.with_name(f"{path.name}.bak-{revision}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.bak-{revision}-{number}")
    problem = f"could not back up {path.name} before upgrading it"
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise ProgramError(f"{problem}: {error.strerror}") from None
    os.close(handle)
    try:
        source = sqlite3.connect(path, timeout=busy_timeout)
        copy = sqlite3.connect(temporary)
        with closing(source), closing(copy):
            source.backup(copy)
        link_new(temporary, target)
    except (sqlite3.Error, OSError) as error:
        raise ProgramError(f"{problem}: {error}") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
    return target
