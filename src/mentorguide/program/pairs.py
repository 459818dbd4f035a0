"""Pairs and the coordinator's pins and forbids, per cycle.

A pair is ``proposed`` by a match, ``confirmed`` by the coordinator, and ``ended`` when it
stops (it is kept: the history that keeps two people from being paired again). A new match
replaces only the cycle's proposed pairs; confirmed pairs stay as they are. People are
named by email, in any case; both must be enrolled in the cycle, each in their role.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Row, and_, bindparam, delete, insert, select, update
from sqlalchemy.sql import ColumnElement

from ..matching.spec import Role
from . import tables
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing, now
from .people import CHUNK, Person, email_key, people_by_id

PairStatus = Literal["proposed", "confirmed", "ended"]
OverrideKind = Literal["pin", "forbid"]
#: Pairs still going: they hold the mentee (and one of the mentor's places).
GOING: tuple[PairStatus, ...] = ("proposed", "confirmed")


@dataclass(frozen=True)
class ProposedPair:
    """A pair a match proposes, with what made it (see ``matching.explain``)."""

    mentee: str
    mentor: str
    score: float | None
    reasons: tuple[str, ...] = ()
    points: Mapping[str, float | None] = field(default_factory=dict)
    """Each criterion's points."""


@dataclass(frozen=True)
class Pair:
    id: int
    cycle_id: str
    mentee: Person
    mentor: Person
    score: float | None
    reasons: tuple[str, ...]
    points: dict[str, float | None]
    status: PairStatus
    proposed_at: datetime
    confirmed_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class Override:
    cycle_id: str
    kind: OverrideKind
    mentee: Person
    mentor: Person
    note: str
    created_at: datetime


@dataclass(frozen=True)
class _Member:
    person_id: int
    role: Role
    email: str


def _members(tx: Reading, cycle_id: str, emails: Sequence[str]) -> dict[str, _Member]:
    """The enrolled people of the cycle among ``emails``, by email key."""
    e, p = tables.enrollments, tables.people
    keys = sorted({email_key(email) for email in emails})
    rows = tx.connection.execute(
        select(p.c.email_key, p.c.email, e.c.person_id, e.c.role)
        .join(e, e.c.person_id == p.c.id)
        .where(e.c.cycle_id == cycle_id, p.c.email_key.in_(keys))
    )
    return {row.email_key: _Member(row.person_id, row.role, row.email) for row in rows}


def _in_role(
    members: Mapping[str, _Member], cycle_id: str, email: str, role: Role, problems: list[str]
) -> int | None:
    member = members.get(email_key(email))
    if member is None:
        problems.append(f"{email.strip()} is not enrolled in {cycle_id}")
        return None
    if member.role != role:
        problems.append(
            f"{member.email} is enrolled in {cycle_id} as a {member.role}, not a {role}"
        )
        return None
    return member.person_id


def _two(tx: Reading, cycle_id: str, mentee: str, mentor: str) -> tuple[int, int]:
    """The person ids of a mentee and a mentor of the cycle (raising if either is not)."""
    get_cycle(tx, cycle_id)
    members = _members(tx, cycle_id, [mentee, mentor])
    problems: list[str] = []
    mentee_id = _in_role(members, cycle_id, mentee, "mentee", problems)
    mentor_id = _in_role(members, cycle_id, mentor, "mentor", problems)
    if mentee_id is None or mentor_id is None:
        raise ProgramError.of(problems)
    return mentee_id, mentor_id


# --- pairs ---------------------------------------------------------------------------------


def list_pairs(
    tx: Reading, cycle_id: str, statuses: Sequence[PairStatus] | None = None
) -> list[Pair]:
    """The cycle's pairs (with the given statuses), in the order they were proposed."""
    query = select(tables.pairs).where(tables.pairs.c.cycle_id == cycle_id)
    if statuses is not None:
        query = query.where(tables.pairs.c.status.in_(statuses))
    return _pairs(tx, query.order_by(tables.pairs.c.id))


def _pairs(tx: Reading, query: Any) -> list[Pair]:
    rows = list(tx.connection.execute(query))
    people = people_by_id(tx, {row.mentee_id for row in rows} | {row.mentor_id for row in rows})
    return [_pair(row, people) for row in rows]


def _pair(row: Row[tuple[object, ...]], people: Mapping[int, Person]) -> Pair:
    return Pair(
        row.id,
        row.cycle_id,
        people[row.mentee_id],
        people[row.mentor_id],
        row.score,
        tuple(json.loads(row.reasons)),
        json.loads(row.points),
        row.status,
        row.proposed_at,
        row.confirmed_at,
        row.ended_at,
        row.end_reason,
    )


def record_match(
    tx: Writing,
    cycle_id: str,
    proposals: Sequence[ProposedPair],
    unmatched: Mapping[str, str] | None = None,
) -> list[Pair]:
    """Replace the cycle's proposed pairs with ``proposals`` and note, for each person of
    ``unmatched`` (email → reason), why they were left unpaired. Confirmed pairs stay; a
    proposal must respect them and the cycle's pins and forbids."""
    get_cycle(tx, cycle_id)
    unmatched = unmatched or {}
    emails = [p.mentee for p in proposals] + [p.mentor for p in proposals] + list(unmatched)
    members = _members(tx, cycle_id, emails)
    confirmed = {
        (pair.mentee.id, pair.mentor.id) for pair in list_pairs(tx, cycle_id, ["confirmed"])
    }
    held = {mentee for mentee, _ in confirmed}
    rules = list_overrides(tx, cycle_id)
    pinned = {o.mentee.id: o.mentor for o in rules if o.kind == "pin"}
    forbidden = {(o.mentee.id, o.mentor.id) for o in rules if o.kind == "forbid"}
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    proposed: set[int] = set()
    moment = now()
    for proposal in proposals:
        mentee = _in_role(members, cycle_id, proposal.mentee, "mentee", problems)
        mentor = _in_role(members, cycle_id, proposal.mentor, "mentor", problems)
        if mentee is None or mentor is None:
            continue
        names = f"{proposal.mentee.strip()} with {proposal.mentor.strip()}"
        if mentee in held:
            problems.append(f"{proposal.mentee.strip()} is already in a confirmed pair")
        elif mentee in proposed:
            problems.append(f"{proposal.mentee.strip()} is proposed more than once")
        elif (mentee, mentor) in forbidden:
            problems.append(f"pairing {names} is forbidden in {cycle_id}")
        elif mentee in pinned and pinned[mentee].id != mentor:
            problems.append(
                f"{proposal.mentee.strip()} is pinned to {pinned[mentee].email} in {cycle_id}"
            )
        proposed.add(mentee)
        rows.append(
            {
                "cycle_id": cycle_id,
                "mentee_id": mentee,
                "mentor_id": mentor,
                "score": proposal.score,
                "reasons": json.dumps(list(proposal.reasons), ensure_ascii=False),
                "points": json.dumps(dict(proposal.points), sort_keys=True, allow_nan=False),
                "status": "proposed",
                "proposed_at": moment,
            }
        )
    for email in unmatched:
        if email_key(email) not in members:
            problems.append(f"{email.strip()} is not enrolled in {cycle_id}")
    if problems:
        raise ProgramError.of(problems)
    pairs, e = tables.pairs, tables.enrollments
    tx.connection.execute(
        delete(pairs).where(pairs.c.cycle_id == cycle_id, pairs.c.status == "proposed")
    )
    if rows:
        tx.connection.execute(insert(pairs), rows)
    tx.connection.execute(
        update(tables.cycles).where(tables.cycles.c.id == cycle_id).values(matched_at=moment)
    )
    tx.connection.execute(update(e).where(e.c.cycle_id == cycle_id).values(unmatched_reason=None))
    if unmatched:
        tx.connection.execute(
            update(e)
            .where(e.c.cycle_id == cycle_id, e.c.person_id == bindparam("b_person"))
            .values(unmatched_reason=bindparam("b_reason")),
            [
                {"b_person": members[email_key(email)].person_id, "b_reason": reason}
                for email, reason in unmatched.items()
            ],
        )
    return list_pairs(tx, cycle_id, GOING)


def _going_pair(tx: Reading, cycle_id: str, mentee: str, mentor: str) -> Pair:
    mentee_id, mentor_id = _two(tx, cycle_id, mentee, mentor)
    t = tables.pairs
    found = _pairs(
        tx,
        select(t).where(
            t.c.cycle_id == cycle_id,
            t.c.mentee_id == mentee_id,
            t.c.mentor_id == mentor_id,
            t.c.status.in_(GOING),
        ),
    )
    if not found:
        raise ProgramError(f"{mentee.strip()} and {mentor.strip()} are not a pair in {cycle_id}")
    return found[0]


def confirm_pair(tx: Writing, cycle_id: str, mentee: str, mentor: str) -> Pair:
    """Confirm a proposed pair (a confirmed one stays as it is)."""
    pair = _going_pair(tx, cycle_id, mentee, mentor)
    if pair.status == "proposed":
        tx.connection.execute(
            update(tables.pairs)
            .where(tables.pairs.c.id == pair.id)
            .values(status="confirmed", confirmed_at=now())
        )
    return _going_pair(tx, cycle_id, mentee, mentor)


def confirm_pairs(tx: Writing, cycle_id: str, pair_ids: Sequence[int]) -> int:
    """Confirm the cycle's proposed pairs with these ids at once (a sheet of thousands read
    back); confirmed ones stay as they are. Returns how many were proposed."""
    t = tables.pairs
    moment, changed = now(), 0
    ids = sorted(set(pair_ids))
    for start in range(0, len(ids), CHUNK):
        result = tx.connection.execute(
            update(t)
            .where(
                t.c.cycle_id == cycle_id,
                t.c.id.in_(ids[start : start + CHUNK]),
                t.c.status == "proposed",
            )
            .values(status="confirmed", confirmed_at=moment)
        )
        changed += result.rowcount
    return changed


def end_pair(tx: Writing, cycle_id: str, mentee: str, mentor: str, *, reason: str) -> Pair:
    """End a confirmed pair, saying why; it stays in the history."""
    pair = _going_pair(tx, cycle_id, mentee, mentor)
    if pair.status != "confirmed":
        raise ProgramError(
            f"{pair.mentee.email} and {pair.mentor.email} are only proposed, not confirmed: "
            "a proposal is not ended but replaced (forbid it, then match again)"
        )
    tx.connection.execute(
        update(tables.pairs)
        .where(tables.pairs.c.id == pair.id)
        .values(status="ended", ended_at=now(), end_reason=reason.strip() or None)
    )
    return _pairs(tx, select(tables.pairs).where(tables.pairs.c.id == pair.id))[0]


def earlier_partners(tx: Reading, cycle_id: str) -> set[frozenset[int]]:
    """Who was paired with whom (person ids, either way round) in cycles that started
    before this one: confirmed and ended pairs; proposals never confirmed do not count."""
    cycle = get_cycle(tx, cycle_id)
    t, c = tables.pairs, tables.cycles
    rows = tx.connection.execute(
        select(t.c.mentee_id, t.c.mentor_id)
        .join(c, c.c.id == t.c.cycle_id)
        .where(c.c.starts_on < cycle.starts_on, t.c.status.in_(("confirmed", "ended")))
    )
    return {frozenset((row.mentee_id, row.mentor_id)) for row in rows}


# --- pins and forbids ----------------------------------------------------------------------


def list_overrides(tx: Reading, cycle_id: str, kind: OverrideKind | None = None) -> list[Override]:
    """The cycle's pins and forbids (of one kind, if given), in the order they were made."""
    o = tables.overrides
    query = select(o).where(o.c.cycle_id == cycle_id).order_by(o.c.id)
    if kind is not None:
        query = query.where(o.c.kind == kind)
    rows = list(tx.connection.execute(query))
    people = people_by_id(tx, {row.mentee_id for row in rows} | {row.mentor_id for row in rows})
    return [
        Override(
            row.cycle_id,
            row.kind,
            people[row.mentee_id],
            people[row.mentor_id],
            row.note,
            row.created_at,
        )
        for row in rows
    ]


def _override(tx: Reading, cycle_id: str, mentee_id: int, mentor_id: int) -> Any:
    o = tables.overrides
    return tx.connection.execute(
        select(o).where(
            o.c.cycle_id == cycle_id, o.c.mentee_id == mentee_id, o.c.mentor_id == mentor_id
        )
    ).one_or_none()


def _pair_between(mentee_id: int, mentor_id: int) -> ColumnElement[bool]:
    t = tables.pairs
    return and_(t.c.mentee_id == mentee_id, t.c.mentor_id == mentor_id)


def pin(tx: Writing, cycle_id: str, mentee: str, mentor: str, *, note: str = "") -> bool:
    """Pin a mentee to a mentor for the cycle's matches; False if it was pinned already."""
    mentee_id, mentor_id = _two(tx, cycle_id, mentee, mentor)
    existing = _override(tx, cycle_id, mentee_id, mentor_id)
    if existing is not None:
        if existing.kind == "pin":
            return False
        raise ProgramError(
            f"pairing {mentee.strip()} with {mentor.strip()} is forbidden in {cycle_id} "
            "(remove the forbid first)"
        )
    o, t = tables.overrides, tables.pairs
    other = tx.connection.execute(
        select(o.c.mentor_id).where(
            o.c.cycle_id == cycle_id, o.c.mentee_id == mentee_id, o.c.kind == "pin"
        )
    ).scalar_one_or_none()
    if other is not None:
        raise ProgramError(
            f"{mentee.strip()} is already pinned to {people_by_id(tx, {other})[other].email} in "
            f"{cycle_id} (remove that pin first)"
        )
    held = tx.connection.execute(
        select(t.c.mentor_id).where(
            t.c.cycle_id == cycle_id,
            t.c.mentee_id == mentee_id,
            t.c.status == "confirmed",
            t.c.mentor_id != mentor_id,
        )
    ).scalar_one_or_none()
    if held is not None:
        raise ProgramError(
            f"{mentee.strip()} is in a confirmed pair with "
            f"{people_by_id(tx, {held})[held].email} in {cycle_id} (end that pair first)"
        )
    _add_override(tx, cycle_id, "pin", mentee_id, mentor_id, note)
    return True


def forbid(tx: Writing, cycle_id: str, mentee: str, mentor: str, *, note: str = "") -> bool:
    """Forbid pairing a mentee with a mentor in the cycle; False if it was forbidden already.
    A proposal pairing them is withdrawn (the next match fills the places)."""
    mentee_id, mentor_id = _two(tx, cycle_id, mentee, mentor)
    existing = _override(tx, cycle_id, mentee_id, mentor_id)
    if existing is not None:
        if existing.kind == "forbid":
            return False
        raise ProgramError(
            f"{mentee.strip()} is pinned to {mentor.strip()} in {cycle_id} (remove the pin first)"
        )
    t = tables.pairs
    going = tx.connection.execute(
        select(t.c.status).where(
            t.c.cycle_id == cycle_id, _pair_between(mentee_id, mentor_id), t.c.status.in_(GOING)
        )
    ).scalar_one_or_none()
    if going == "confirmed":
        raise ProgramError(
            f"{mentee.strip()} and {mentor.strip()} are a confirmed pair in {cycle_id} "
            "(end the pair first)"
        )
    tx.connection.execute(
        delete(t).where(
            t.c.cycle_id == cycle_id, _pair_between(mentee_id, mentor_id), t.c.status == "proposed"
        )
    )
    _add_override(tx, cycle_id, "forbid", mentee_id, mentor_id, note)
    return True


def remove_override(tx: Writing, cycle_id: str, mentee: str, mentor: str) -> OverrideKind | None:
    """Remove the pin or forbid between a mentee and a mentor; which it was (None: none)."""
    mentee_id, mentor_id = _two(tx, cycle_id, mentee, mentor)
    existing = _override(tx, cycle_id, mentee_id, mentor_id)
    if existing is None:
        return None
    tx.connection.execute(delete(tables.overrides).where(tables.overrides.c.id == existing.id))
    kind: OverrideKind = existing.kind
    return kind


def _add_override(
    tx: Writing, cycle_id: str, kind: OverrideKind, mentee_id: int, mentor_id: int, note: str
) -> None:
    tx.connection.execute(
        insert(tables.overrides).values(
            cycle_id=cycle_id,
            kind=kind,
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            note=note.strip(),
            created_at=now(),
        )
    )
