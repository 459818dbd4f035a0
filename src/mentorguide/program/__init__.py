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
files), then the program's nouns: ``cycles``, ``people`` (with profile history and
enrollment), ``pairs`` (with pins and forbids) and ``status``; after matching, ``checkins``
(fit checks, check-ins, evaluations), ``answers`` and ``collect`` (reading and recording
them), ``rematch``, ``health``, ``report`` (with ``charts``), ``sheets`` and ``sample``.
"""

from .cycles import Cycle, add_cycle, find_cycle, get_cycle, list_cycles
from .errors import BUSY, ProgramError
from .file import Program, ProgramInfo, Reading, Writing, init_program, open_program, program_info
from .location import DEFAULT_FILE, ENVIRONMENT_VARIABLE, Location, parse_location, resolve_location
from .pairs import (
    Override,
    Pair,
    ProposedPair,
    confirm_pair,
    earlier_partners,
    end_pair,
    forbid,
    list_overrides,
    list_pairs,
    pin,
    record_match,
    remove_override,
)
from .people import (
    Enrolled,
    Enrollment,
    Person,
    Profile,
    SurveyRecord,
    enroll,
    find_person,
    list_enrollments,
    profile_history,
    survey_records,
)
from .schema import Upgrade
from .status import CycleStatus, ProgramStatus, Unpaired, program_status

__all__ = [
    "BUSY",
    "DEFAULT_FILE",
    "ENVIRONMENT_VARIABLE",
    "Cycle",
    "CycleStatus",
    "Enrolled",
    "Enrollment",
    "Location",
    "Override",
    "Pair",
    "Person",
    "Profile",
    "Program",
    "ProgramError",
    "ProgramInfo",
    "ProgramStatus",
    "ProposedPair",
    "Reading",
    "SurveyRecord",
    "Unpaired",
    "Upgrade",
    "Writing",
    "add_cycle",
    "confirm_pair",
    "earlier_partners",
    "end_pair",
    "enroll",
    "find_cycle",
    "find_person",
    "forbid",
    "get_cycle",
    "init_program",
    "list_cycles",
    "list_enrollments",
    "list_overrides",
    "list_pairs",
    "open_program",
    "parse_location",
    "pin",
    "profile_history",
    "program_info",
    "program_status",
    "record_match",
    "remove_override",
    "resolve_location",
    "survey_records",
]
