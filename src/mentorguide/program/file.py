"""Opening the program file, and the transactions every command runs in.

A command reads in one :meth:`Program.reading` transaction or changes things in one
:meth:`Program.writing` transaction: it completes, or it changes nothing. Writers never run
at the same time:

* SQLite: a writer starts with ``BEGIN IMMEDIATE``, taking the file's write lock at once, so
  two commands never interleave their changes; the second waits up to ``busy_timeout``
  seconds, then gives up with one line (:data:`~.errors.BUSY`). The file keeps SQLite's
  default rollback journal: it stays one file, safe on shared and synced folders, where WAL
  is not.
* PostgreSQL: a writer takes a transaction-level advisory lock (one per database, that is
  per program) with ``lock_timeout`` set to the same ``busy_timeout``.

A database error never reaches the person as a traceback: it becomes a :class:`ProgramError`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from . import schema, tables
from .errors import BUSY, ProgramError
from .location import Location, parse_location
from .newfile import link_new

#: Seconds a command waits for another one to finish with the program file (the default of
#: every ``busy_timeout``).
BUSY_TIMEOUT = 5.0
#: Longest program and society name (a line on a report's cover, not a paragraph).
NAME_LENGTH = 200
#: The advisory lock writers take on PostgreSQL: (mentorguide's class, "program writes").
PG_WRITE_LOCK = (0x6D67, 1)
#: The execution option that makes a transaction a writer's.
_WRITE = "mentorguide_write"
#: SQLSTATEs that mean "another transaction is in the way": lock wait timed out,
#: serialization failure, deadlock.
_PG_BUSY = {"55P03", "40001", "40P01"}


def now() -> datetime:
    """The current moment, in UTC (timestamps in the program file are UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ProgramInfo:
    name: str
    society: str | None
    created_at: datetime
    revision: str
    """The schema revision of the file, e.g. ``0002``."""


@dataclass(frozen=True)
class Reading:
    """An open transaction that only reads: library functions that look take one."""

    program: Program
    connection: Connection


@dataclass(frozen=True)
class Writing(Reading):
    """An open transaction that may change the program: functions that change take one."""


class Program:
    """An open program file. Use :func:`open_program` or :func:`init_program` to get one;
    close it (or use it as a context manager) when done."""

    def __init__(self, location: Location, *, busy_timeout: float | None = None) -> None:
        self.location = location
        self.busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        self.engine = _engine(location, self.busy_timeout)
        self.upgrade: schema.Upgrade | None = None
        """Set by :func:`open_program` when it upgraded an older file."""

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite

    @contextmanager
    def reading(self) -> Iterator[Reading]:
        """One read-only transaction: everything it reads belongs to one moment."""
        with self.errors(), self.engine.connect() as connection:
            if not self.is_sqlite:
                connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield Reading(self, connection)

    @contextmanager
    def writing(self) -> Iterator[Writing]:
        """One transaction that may change the program: committed if the block ends normally,
        rolled back (the file unchanged) if it raises."""
        with self.errors(), self.engine.connect() as connection:
            connection.execution_options(**{_WRITE: True})
            with connection.begin():
                if not self.is_sqlite:
                    milliseconds = max(1, round(self.busy_timeout * 1000))
                    connection.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:kind, :lock)"),
                        {"kind": PG_WRITE_LOCK[0], "lock": PG_WRITE_LOCK[1]},
                    )
                yield Writing(self, connection)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Database errors inside the block become one-line :class:`ProgramError`\\ s."""
        try:
            yield
        except DBAPIError as error:
            raise database_problem(error, self.location) from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Program:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _engine(location: Location, busy_timeout: float) -> Engine:
    if not location.is_sqlite:
        # A command's transactions share a connection or two (a server connection is slow
        # to make); they are closed with the program.
        try:
            return create_engine(
                location.url, pool_size=2, max_overflow=4, connect_args={"connect_timeout": 10}
            )
        except ImportError:
            raise ProgramError(
                "a program on PostgreSQL needs the psycopg driver: "
                "pip install 'mentorguide[postgresql]'"
            ) from None
    # A connection per transaction (NullPool): a command holds the file only while it works.
    engine = create_engine(location.url, poolclass=NullPool, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection: Any, _record: Any) -> None:
        # sqlite3 would otherwise begin transactions itself, late and deferred; we say BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock before the first read, so a writer never reads a
        # state that another writer changes before it commits.
        writer = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


def database_problem(error: DBAPIError, location: Location) -> ProgramError:
    """The one line a person is told for a database error."""
    original = error.orig
    detail = (str(original).strip().splitlines() or [type(original).__name__])[0]
    if location.is_sqlite:
        if "locked" in detail:
            return ProgramError(BUSY)
        if "file is not a database" in detail:
            return ProgramError(f"{location} is not a program file (it is not an SQLite database)")
        if "readonly" in detail:
            return ProgramError(f"the program file {location} is read-only: {detail}")
        if "unable to open" in detail:
            return ProgramError(f"cannot open the program file {location}: {detail}")
        return ProgramError(f"the program file {location} could not be used: {detail}")
    if getattr(original, "sqlstate", None) in _PG_BUSY:
        return ProgramError(BUSY)
    if getattr(original, "sqlstate", None) is None:  # never reached the server
        return ProgramError(f"cannot reach the program database {location}: {detail}")
    return ProgramError(f"the program database {location} could not be used: {detail}")


def name_problem(value: str) -> str | None:
    """What is wrong with ``value`` (stripped) as a name that fits on one line of a page."""
    if not value:
        return "is empty"
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in value):
        # A name is printed on terminals and pages: no line breaks, no escape sequences.
        return "must be one line of text, without control characters"
    if len(value) > NAME_LENGTH:
        return f"is {len(value)} characters long (at most {NAME_LENGTH})"
    return None


def check_name(what: str, value: str) -> str:
    """``value`` stripped, if it is a name that fits on one line of a page."""
    value = value.strip()
    problem = name_problem(value)
    if problem:
        raise ProgramError(f"the {what} {problem}")
    return value


def open_program(location: Location | str, *, busy_timeout: float | None = None) -> Program:
    """Open an existing program file, upgrading its schema first if it was made by an older
    release (an SQLite file is copied to ``<file>.bak-<revision>`` before that)."""
    location = parse_location(location) if isinstance(location, str) else location
    if location.is_sqlite:
        if location.path.is_dir():
            raise ProgramError(f"{location} is a folder, not a program file")
        if not location.path.exists():
            raise ProgramError(
                f"there is no program file {location} (create one with: "
                'mentorguide program init --name "…")'
            )
    return _opened(Program(location, busy_timeout=busy_timeout))


def _opened(program: Program) -> Program:
    """``program``, its schema brought up to date and checked to hold a program."""
    try:
        program.upgrade = bring_up_to_date(program)
        with program.reading() as tx:
            program_info(tx)  # a program row is what makes it a program file
    except BaseException:
        program.close()
        raise
    return program


def bring_up_to_date(program: Program) -> schema.Upgrade | None:
    """Upgrade an older file to :func:`~.schema.head` (backing up an SQLite file first); None if it
    was up to date. Refuses a file that is not a program file or is newer than this release."""
    with program.reading() as tx:
        if _checked_revision(program, tx.connection) == schema.head():
            return None
    with program.writing() as tx:
        # Checked again under the write lock: another command may have upgraded it meanwhile.
        old = _checked_revision(program, tx.connection)
        if old == schema.head():
            return None
        copy = (
            schema.backup(program.location.path, old, program.busy_timeout)
            if program.is_sqlite
            else None
        )
        schema.upgrade(tx.connection)
    return schema.Upgrade(old, schema.head(), copy)


def _checked_revision(program: Program, connection: Connection) -> str:
    revision = schema.current_revision(connection)
    where = program.location
    if revision is None:
        if inspect(connection).get_table_names():
            raise ProgramError(f"{where} is not a mentorguide program file (it holds other tables)")
        if program.is_sqlite:
            raise ProgramError(f"{where} is not a program file (it is an empty database)")
        raise ProgramError(
            f'{where} holds no program (create one with: mentorguide program init --name "…")'
        )
    if revision not in schema.revisions():
        raise ProgramError(
            f"{where} was made by a newer release of mentorguide (schema revision {revision}; "
            f"this one knows up to {schema.head()}): upgrade mentorguide to open it"
        )
    return revision


def init_program(
    location: Location | str,
    *,
    name: str,
    society: str | None = None,
    busy_timeout: float | None = None,
) -> Program:
    """Create the program file with the newest schema and the program's name, and open it.

    The file appears whole or not at all: an SQLite file is made under a temporary name in
    the same folder and linked into place only when complete (never over an existing file).
    It is readable by its owner only: it holds people's names, emails and answers.
    """
    name = check_name("program name", name)
    society = check_name("society name", society) if society is not None else None
    location = parse_location(location) if isinstance(location, str) else location
    if location.is_sqlite:
        _create_sqlite(location, name, society)
        return open_program(location, busy_timeout=busy_timeout)
    program = Program(location, busy_timeout=busy_timeout)
    try:
        with program.writing() as tx:
            if schema.current_revision(tx.connection) is not None:
                raise ProgramError(f"{location} already holds a program")
            schema.upgrade(tx.connection)
            _insert_program(tx, name, society)
    except BaseException:
        program.close()
        raise
    return _opened(program)


def _create_sqlite(location: Location, name: str, society: str | None) -> None:
    target = location.path
    exists = ProgramError(
        f"{location} already exists; a new program needs a new file (choose one with --db)"
    )
    if target.exists():
        raise exists
    if not target.parent.is_dir():
        raise ProgramError(f"cannot create {location}: the folder {target.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise ProgramError(f"cannot create {location}: {error.strerror}") from None
    os.close(handle)
    try:
        program = Program(Location(location.url.set(database=temporary), location.display))
        try:
            with program.writing() as tx:
                schema.upgrade(tx.connection)
                _insert_program(tx, name, society)
        finally:
            program.close()
        try:
            link_new(temporary, target)
        except FileExistsError:
            raise exists from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _insert_program(tx: Writing, name: str, society: str | None) -> None:
    tx.connection.execute(
        insert(tables.program).values(id=1, name=name, society=society, created_at=now())
    )


def program_info(tx: Reading) -> ProgramInfo:
    """The program's name and society, and the file's schema revision."""
    row = tx.connection.execute(select(tables.program)).one_or_none()
    if row is None:
        raise ProgramError(f"{tx.program.location} holds no program")
    revision = schema.current_revision(tx.connection) or ""
    return ProgramInfo(row.name, row.society, row.created_at, revision)
