"""What several program-file tests share: a file made by the first schema, and another
command holding the write lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import text

from mentorguide.program import Location, Program, schema

FIRST = "0001"

#: A program as the first schema held it: one cycle, a mentee and a mentor enrolled.
FIRST_SCHEMA_DATA = [
    "INSERT INTO program (id, name, society, created_at)"
    " VALUES (1, 'Technician Mentorship Program', NULL, :at)",
    "INSERT INTO cycles (id, name, starts_on, ends_on, created_at)"
    " VALUES ('2027-spring', 'Spring 2027', '2027-03-01', '2027-08-31', :at)",
    "INSERT INTO people (id, email, email_key, name, created_at, updated_at) VALUES"
    " (1, 'Ana.Diaz@example.org', 'ana.diaz@example.org', 'Ana Díaz', :at, :at),"
    " (2, 'bo@example.org', 'bo@example.org', 'Bo Chen', :at, :at)",
    "INSERT INTO profiles (id, person_id, version, name, email, survey, answers, cycle_id,"
    " source, recorded_at) VALUES"
    " (1, 1, 1, 'Ana Díaz', 'Ana.Diaz@example.org', 'mentee', :ana_profile, '2027-spring',"
    "  'mentees.csv, row 2', :at),"
    " (2, 2, 1, 'Bo Chen', 'bo@example.org', 'mentor', :bo_profile, '2027-spring',"
    "  'mentors.csv, row 2', :at)",
    "INSERT INTO enrollments (id, cycle_id, person_id, role, profile_id, answers, source_file,"
    " source_place, enrolled_at, updated_at) VALUES"
    " (1, '2027-spring', 1, 'mentee', 1, :ana, 'mentees.csv', 'row 2', :at, :at),"
    " (2, '2027-spring', 2, 'mentor', 2, :bo, 'mentors.csv', 'row 2', :at, :at)",
]
FIRST_SCHEMA_VALUES = {
    "at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    "ana_profile": '{"years_in_practice":2.0}',
    "bo_profile": '{"capacity":2.0}',
    "ana": '{"id":"E01","years_in_practice":2.0}',
    "bo": '{"capacity":2.0,"id":"M01"}',
}


def make_first_schema_program(location: Location) -> None:
    """A program file as the first release made it, with a cycle and two people in it."""
    with Program(location) as old, old.writing() as tx:
        schema.upgrade(tx.connection, FIRST)
        for statement in FIRST_SCHEMA_DATA:
            used = {k: v for k, v in FIRST_SCHEMA_VALUES.items() if f":{k}" in statement}
            tx.connection.execute(text(statement), used)


@contextmanager
def another_command_writing(program: Program) -> Iterator[None]:
    """Another process in the middle of a write transaction on the program, until the block
    ends."""
    script = textwrap.dedent(
        """
        import sys
        from datetime import date
        from mentorguide.program import add_cycle, open_program
        with open_program(sys.argv[1]) as program, program.writing() as tx:
            add_cycle(tx, "2027-fall", starts_on=date(2027, 9, 1), ends_on=date(2028, 2, 28))
            print("writing", flush=True)
            sys.stdin.readline()
        """
    )
    url = program.location.url.render_as_string(hide_password=False)
    other = subprocess.Popen(
        [sys.executable, "-c", script, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdout is not None and other.stdin is not None
    try:
        assert other.stdout.readline() == "writing\n"
        yield
    finally:
        other.stdin.close()
        assert other.wait(timeout=30) == 0
