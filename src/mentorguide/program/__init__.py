"""The program file: one database that runs a mentorship program cycle after cycle.

SQLite by default (one file the coordinator keeps), PostgreSQL for a society whose
coordinators share one program. The library is plain functions over an open
:class:`Program` and a transaction; ``mentorguide program …`` is a thin shell over them::

    with open_program(resolve_location(args.db)) as program:
        with program.writing() as tx:           # one command, one transaction
            add_cycle(tx, "2027-spring", starts_on=..., ends_on=...)
            enroll(tx, "2027-spring", "mentee", records, source="mentees.csv")

Modules, lowest first: ``location`` (where the file is), ``tables`` and ``migrations``
(the schema), ``schema`` (upgrading an older file), ``file`` (opening, transactions, busy
files), then the program's nouns: ``cycles``.
"""

from .cycles import Cycle, add_cycle, find_cycle, get_cycle, list_cycles
from .errors import BUSY, ProgramError
from .file import Program, ProgramInfo, Reading, Writing, init_program, open_program, program_info
from .location import DEFAULT_FILE, ENVIRONMENT_VARIABLE, Location, parse_location, resolve_location
from .schema import Upgrade

__all__ = [
    "BUSY",
    "DEFAULT_FILE",
    "ENVIRONMENT_VARIABLE",
    "Cycle",
    "Location",
    "Program",
    "ProgramError",
    "ProgramInfo",
    "Reading",
    "Upgrade",
    "Writing",
    "add_cycle",
    "find_cycle",
    "get_cycle",
    "init_program",
    "list_cycles",
    "open_program",
    "parse_location",
    "program_info",
    "resolve_location",
]
