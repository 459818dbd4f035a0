"""A pairs sheet the coordinator edited, read back: the guide's spreadsheet pairing and the
algorithm working together.

Against the cycle's pairs going now (proposed or confirmed):

* a row that is one of them (same mentee and mentor emails) confirms it;
* one of them with no row (its row was deleted) becomes a forbid, and its proposal (and a
  pin on it) goes;
* a row that is none of them (added, or a mentor changed) becomes a pin, which the next
  ``program match`` makes; a forbid on that pair is lifted, and a pin of that mentee to
  someone else replaced (the sheet is the coordinator's latest word).

Every row is checked first (people enrolled in the cycle in that role, a mentee on one row,
a mentor within their capacity, no pair of two people paired in an earlier cycle, a
confirmed pair not deleted); problems name the row and column, and nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from ..content.errors import suggest
from ..files.inputs import column_letter
from ..matching import fields as f
from ..matching.spec import Role
from . import tables
from .cycles import get_cycle
from .errors import ProgramError
from .file import Writing
from .pairs import (
    GOING,
    confirm_pairs,
    earlier_partners,
    forbid,
    list_overrides,
    list_pairs,
    pin,
    remove_override,
)
from .people import Enrollment, email_key, list_enrollments
from .sheets import read_sheet

#: The columns an import reads (the pairs sheet's other columns are for reading).
COLUMNS: tuple[tuple[str, Role], ...] = (("mentee_email", "mentee"), ("mentor_email", "mentor"))


@dataclass(frozen=True)
class Imported:
    confirmed: tuple[tuple[str, str], ...]
    """(mentee, mentor) emails of the pairs kept, now confirmed."""
    forbidden: tuple[tuple[str, str], ...]
    """Pairs deleted from the sheet, now forbidden."""
    pinned: tuple[tuple[str, str], ...]
    """Pairs added to the sheet, now pinned for the next match."""


@dataclass(frozen=True)
class _Row:
    number: int
    mentee: Enrollment
    mentor: Enrollment


def import_pairs(tx: Writing, cycle_id: str, path: Path, name: str | None = None) -> Imported:
    """Apply an edited pairs sheet (CSV or ``.xlsx``, as ``program export pairs`` wrote it)
    to the cycle; see the module's description. Raises :class:`ProgramError` with every
    problem (file, row, column), changing nothing."""
    shown = name or str(path)
    cycle = get_cycle(tx, cycle_id).id
    table = read_sheet(path, shown)
    rows = _rows(tx, cycle, shown, table.rows, table.numbers)
    going = {(p.mentee.id, p.mentor.id): p for p in list_pairs(tx, cycle, GOING)}
    in_sheet = {(r.mentee.person.id, r.mentor.person.id) for r in rows}
    problems = [
        f"{shown}: the confirmed pair {p.mentee.email} with {p.mentor.email} has no row: a "
        "confirmed pair is not undone by deleting its row (put the row back)"
        for key, p in going.items()
        if p.status == "confirmed" and key not in in_sheet
    ]
    if problems:
        raise ProgramError.of(problems)
    confirmed, pinned, forbidden = [], [], []
    pins = {o.mentee.id: o for o in list_overrides(tx, cycle, "pin")}
    for key, p in going.items():
        if key not in in_sheet:
            if key[0] in pins and pins[key[0]].mentor.id == key[1]:
                del pins[key[0]]  # the pinned pair's row was deleted: no longer pinned
                remove_override(tx, cycle, p.mentee.email, p.mentor.email)
            forbid(tx, cycle, p.mentee.email, p.mentor.email, note=f"deleted from {shown}")
            forbidden.append((p.mentee.email, p.mentor.email))
            _left(
                tx, cycle, (p.mentee.id, p.mentor.id), f"their pair's row was deleted from {shown}"
            )
    forbids = {(o.mentee.id, o.mentor.id) for o in list_overrides(tx, cycle, "forbid")}
    for row in rows:
        mentee, mentor = row.mentee.person, row.mentor.person
        key = (mentee.id, mentor.id)
        if key in going:
            confirmed.append((mentee.email, mentor.email))
            continue
        if key in forbids:
            remove_override(tx, cycle, mentee.email, mentor.email)
        earlier = pins.get(mentee.id)
        if earlier is not None and earlier.mentor.id != mentor.id:
            remove_override(tx, cycle, mentee.email, earlier.mentor.email)
        pin(tx, cycle, mentee.email, mentor.email, note=f"added in {shown}, row {row.number}")
        pinned.append((mentee.email, mentor.email))
    confirm_pairs(tx, cycle, [going[key].id for key in in_sheet if key in going])
    return Imported(tuple(confirmed), tuple(forbidden), tuple(pinned))


def _left(tx: Writing, cycle: str, person_ids: tuple[int, ...], reason: str) -> None:
    """Say why these people have no pair now, for ``program status`` (until the next match)."""
    e = tables.enrollments
    tx.connection.execute(
        update(e)
        .where(e.c.cycle_id == cycle, e.c.person_id.in_(person_ids))
        .values(unmatched_reason=reason)
    )


def _rows(
    tx: Writing, cycle: str, shown: str, table: list[list[str]], numbers: list[int]
) -> list[_Row]:
    """The sheet's rows as pairs of the cycle's people, checked (raising with every problem)."""
    header = [h.strip().casefold() for h in (table[0] if table else [])]
    where: dict[str, int] = {}
    problems: list[str] = []
    for column, _ in COLUMNS:
        if column in header:
            where[column] = header.index(column)
        else:
            hint = suggest(column, [h for h in header if h])
            problems.append(
                f"{shown}, row 1: missing the column '{column}'{hint} (export the sheet with: "
                f"mentorguide program export pairs --cycle {cycle} -o FILE)"
            )
    if problems:
        raise ProgramError.of(problems)
    people: dict[str, Enrollment] = {
        email_key(e.person.email): e for e in list_enrollments(tx, cycle)
    }
    capacity = {
        e.person.id: int(c) if isinstance(c := e.answers.get(f.CAPACITY), float | int) else 0
        for e in people.values()
        if e.role == "mentor"
    }
    earlier = earlier_partners(tx, cycle)
    rows: list[_Row] = []
    mentee_row: dict[int, int] = {}
    load: dict[int, int] = {}
    for cells, number in zip(table[1:], numbers[1:], strict=True):
        if not any(c.strip() for c in cells):
            continue
        found: dict[Role, Enrollment] = {}
        for column, role in COLUMNS:
            index = where[column]
            at = f"{shown}, row {number}, column {column_letter(index)} ({column})"
            email = cells[index].strip() if index < len(cells) else ""
            person = people.get(email_key(email))
            if not email:
                problems.append(f"{at}: empty (each row needs a mentee's and a mentor's email)")
            elif person is None:
                hint = suggest(email, [e.person.email for e in people.values() if e.role == role])
                problems.append(f"{at}: nobody with the email {email} is enrolled in {cycle}{hint}")
            elif person.role != role:
                problems.append(
                    f"{at}: {person.person.email} is enrolled in {cycle} as a {person.role}, "
                    f"not a {role}"
                )
            else:
                found[role] = person
        if len(found) < 2:
            continue
        mentee, mentor = found["mentee"], found["mentor"]
        mentee_at = f"{shown}, row {number}, column {column_letter(where['mentee_email'])}"
        mentor_at = f"{shown}, row {number}, column {column_letter(where['mentor_email'])}"
        if mentee.person.id in mentee_row:
            problems.append(
                f"{mentee_at} (mentee_email): {mentee.person.email} is also on row "
                f"{mentee_row[mentee.person.id]} (a mentee has one mentor: keep one row)"
            )
            continue
        mentee_row[mentee.person.id] = number
        if frozenset((mentee.person.id, mentor.person.id)) in earlier:
            problems.append(
                f"{mentor_at} (mentor_email): {mentee.person.email} and {mentor.person.email} "
                "were paired in an earlier cycle (the program never pairs them again)"
            )
            continue
        load[mentor.person.id] = load.get(mentor.person.id, 0) + 1
        if load[mentor.person.id] > capacity[mentor.person.id]:
            places = capacity[mentor.person.id]
            problems.append(
                f"{mentor_at} (mentor_email): {mentor.person.email} offered "
                f"{places} {'place' if places == 1 else 'places'}, and this is their "
                f"{_nth(load[mentor.person.id])} mentee in the sheet"
            )
        rows.append(_Row(number, mentee, mentor))
    if problems:
        raise ProgramError.of(problems)
    return rows


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
