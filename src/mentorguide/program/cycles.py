"""Cycles: one round of the program (``2027-spring``), with its dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, insert, select

from ..content.errors import one_of, suggest
from . import tables
from .errors import ProgramError
from .file import Reading, Writing, check_name, now

#: A cycle's id: lower-case words of letters and digits joined by hyphens, e.g. ``2027-spring``.
CYCLE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CYCLE_ID_LENGTH = 40


@dataclass(frozen=True)
class Cycle:
    id: str
    name: str
    starts_on: date
    ends_on: date
    created_at: datetime
    matched_at: datetime | None
    """When ``program match`` last paired this cycle's people (None: never)."""


def _cycle(row: Row[tuple[object, ...]]) -> Cycle:
    return Cycle(row.id, row.name, row.starts_on, row.ends_on, row.created_at, row.matched_at)


def check_cycle_id(cycle_id: str) -> str:
    if not CYCLE_ID.match(cycle_id) or len(cycle_id) > CYCLE_ID_LENGTH:
        raise ProgramError(
            f"'{cycle_id}' is not a cycle id: use lower-case letters, digits and hyphens, "
            f"at most {CYCLE_ID_LENGTH} characters (e.g. 2027-spring)"
        )
    return cycle_id


def add_cycle(
    tx: Writing, cycle_id: str, *, starts_on: date, ends_on: date, name: str | None = None
) -> Cycle:
    """Add a cycle running from ``starts_on`` to ``ends_on``; ``name`` defaults to the id."""
    check_cycle_id(cycle_id)
    name = check_name("cycle name", cycle_id if name is None else name)
    if ends_on <= starts_on:
        raise ProgramError(
            f"cycle '{cycle_id}' would end ({ends_on.isoformat()}) before it starts "
            f"({starts_on.isoformat()})"
        )
    existing = find_cycle(tx, cycle_id)
    if existing is not None:
        raise ProgramError(f"there is already a cycle '{cycle_id}' ({existing.name})")
    row = {
        "id": cycle_id,
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "created_at": now(),
    }
    tx.connection.execute(insert(tables.cycles).values(row))
    return get_cycle(tx, cycle_id)


def find_cycle(tx: Reading, cycle_id: str) -> Cycle | None:
    row = tx.connection.execute(
        select(tables.cycles).where(tables.cycles.c.id == cycle_id)
    ).one_or_none()
    return None if row is None else _cycle(row)


def get_cycle(tx: Reading, cycle_id: str) -> Cycle:
    """The cycle ``cycle_id``; a mistyped id is told the cycles there are."""
    found = find_cycle(tx, cycle_id)
    if found is not None:
        return found
    known = [cycle.id for cycle in list_cycles(tx)]
    if not known:
        raise ProgramError(
            f"there is no cycle '{cycle_id}': the program has no cycles yet "
            "(add one with: mentorguide program add-cycle)"
        )
    listed = (
        f"the only cycle is '{known[0]}'" if len(known) == 1 else f"the cycles are {one_of(known)}"
    )
    hint = suggest(cycle_id, known) or f" ({listed})"
    raise ProgramError(f"there is no cycle '{cycle_id}'{hint}")


def list_cycles(tx: Reading) -> list[Cycle]:
    """Every cycle, earliest first."""
    rows = tx.connection.execute(
        select(tables.cycles).order_by(tables.cycles.c.starts_on, tables.cycles.c.id)
    )
    return [_cycle(row) for row in rows]
