"""What pairs say after matching: fit checks, check-ins and end-of-cycle evaluations.

Each answer belongs to a pair of the cycle (by ``pairs.id``). A fit check and an evaluation
are one per person of the pair (mentee and mentor each fill one in); a check-in is one per
meeting, by its date. Recording an answer that is already there (the same pair and person,
or the same pair and meeting date) replaces it, so collecting a file again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Row, Table, delete, insert, select

from ..matching.spec import Role
from . import tables
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing, now

#: A check-in's stage: the guide's four stages (``content/stages.yml``), in order.
STAGES = ("initiation", "cultivation", "separation", "redefinition")
GoalsReached = Literal["all", "most", "some", "none"]
GOALS_REACHED: tuple[GoalsReached, ...] = ("all", "most", "some", "none")
NextCycle = Literal["yes", "maybe", "no"]
NEXT_CYCLE: tuple[NextCycle, ...] = ("yes", "maybe", "no")
#: Rows per ``IN (...)`` list, well under SQLite's limit on bound parameters.
CHUNK = 500


@dataclass(frozen=True)
class Source:
    """Where an answer came from: its file and place in it (``row 7``, ``the form``)."""

    file: str
    place: str = ""

    def __str__(self) -> str:
        return f"{self.file}, {self.place}" if self.place else self.file


@dataclass(frozen=True)
class FitCheck:
    pair_id: int
    role: Role
    wants_to_continue: bool
    met_on: date | None = None
    what_worked: str = ""
    concern: str = ""
    """Private to the coordinator: never in a leadership report."""
    source: Source = Source("")
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Milestone:
    milestone: str
    reached_on: date | None = None


@dataclass(frozen=True)
class CheckIn:
    pair_id: int
    met_on: date
    stage: str
    short_term_progress: str = ""
    long_term_progress: str = ""
    milestones: tuple[Milestone, ...] = ()
    next_meeting: date | None = None
    for_coordinator: str = ""
    source: Source = Source("")
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Evaluation:
    pair_id: int
    role: Role
    goals_reached: GoalsReached
    mentor_next_cycle: NextCycle
    goals_detail: str = ""
    what_worked: str = ""
    what_to_change: str = ""
    source: Source = Source("")
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Recorded:
    """What :func:`record_answers` did: how many of each were new, and how many replaced."""

    added: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _pairs_of_cycle(tx: Reading, cycle_id: str) -> dict[int, str]:
    """Pair id → status, for the cycle's pairs."""
    t = tables.pairs
    rows = tx.connection.execute(select(t.c.id, t.c.status).where(t.c.cycle_id == cycle_id))
    return {row.id: row.status for row in rows}


def record_answers(
    tx: Writing,
    cycle_id: str,
    fit_checks: Sequence[FitCheck] = (),
    check_ins: Sequence[CheckIn] = (),
    evaluations: Sequence[Evaluation] = (),
) -> Recorded:
    """Record answers for the cycle's pairs, replacing those with the same key. Every answer
    is checked first: a problem with any raises :class:`ProgramError` with them all, and
    nothing is recorded."""
    get_cycle(tx, cycle_id)
    status = _pairs_of_cycle(tx, cycle_id)
    problems: list[str] = []
    answers: Sequence[FitCheck | CheckIn | Evaluation] = [*fit_checks, *check_ins, *evaluations]
    for answer in answers:
        found = status.get(answer.pair_id)
        if found is None:
            problems.append(f"{answer.source}: there is no pair {answer.pair_id} in {cycle_id}")
        elif found == "proposed":
            problems.append(
                f"{answer.source}: pair {answer.pair_id} is only proposed, not confirmed "
                "(confirm it before its answers are collected)"
            )
    problems += [
        f"{a.source}: '{a.stage}' is not a stage (use one of {', '.join(STAGES)})"
        for a in check_ins
        if a.stage not in STAGES
    ]
    problems += [
        f"{a.source}: '{value}' is not an answer to {question} (use one of {', '.join(allowed)})"
        for a in evaluations
        for value, question, allowed in (
            (a.goals_reached, "goals reached", GOALS_REACHED),
            (a.mentor_next_cycle, "would you mentor in the next cycle", NEXT_CYCLE),
        )
        if value not in allowed
    ]
    problems += _duplicates(fit_checks, "fit check", lambda a: (a.pair_id, a.role))
    problems += _duplicates(check_ins, "check-in", lambda a: (a.pair_id, a.met_on))
    problems += _duplicates(evaluations, "evaluation", lambda a: (a.pair_id, a.role))
    if problems:
        raise ProgramError.of(problems)
    moment = now()
    recorded = Recorded()
    for name, table, rows, key in (
        ("fit checks", tables.fit_checks, [_fit_row(a, moment) for a in fit_checks], "role"),
        ("check-ins", tables.check_ins, [_check_in_row(a, moment) for a in check_ins], "met_on"),
        ("evaluations", tables.evaluations, [_eval_row(a, moment) for a in evaluations], "role"),
    ):
        replaced = _replace(tx, table, rows, key)
        recorded.added[name] = len(rows) - replaced
        recorded.replaced[name] = replaced
    return recorded


def _duplicates(answers: Sequence[Any], what: str, key: Any) -> list[str]:
    first: dict[Any, Any] = {}
    problems = []
    for answer in answers:
        k = key(answer)
        if k in first:
            problems.append(
                f"{answer.source}: a second {what} for the same pair and "
                f"{'person' if what != 'check-in' else 'meeting date'} as {first[k].source} "
                "(keep one)"
            )
        else:
            first[k] = answer
    return problems


def _replace(tx: Writing, table: Table, rows: list[dict[str, Any]], key: str) -> int:
    """Insert ``rows``, first deleting those already there with the same (pair, key); how
    many were replaced."""
    if not rows:
        return 0
    wanted = {(row["pair_id"], row[key]) for row in rows}
    pair_ids = sorted({row["pair_id"] for row in rows})
    old: list[int] = []
    for chunk in _chunks(pair_ids):
        found = tx.connection.execute(
            select(table.c.id, table.c.pair_id, table.c[key]).where(table.c.pair_id.in_(chunk))
        )
        old += [row.id for row in found if (row.pair_id, row[2]) in wanted]
    for chunk in _chunks(old):
        tx.connection.execute(delete(table).where(table.c.id.in_(chunk)))
    tx.connection.execute(insert(table), rows)
    return len(old)


def _source_values(source: Source, moment: datetime) -> dict[str, Any]:
    return {"source_file": source.file, "source_place": source.place, "recorded_at": moment}


def _fit_row(a: FitCheck, moment: datetime) -> dict[str, Any]:
    return {
        "pair_id": a.pair_id,
        "role": a.role,
        "met_on": a.met_on,
        "wants_to_continue": a.wants_to_continue,
        "what_worked": a.what_worked,
        "concern": a.concern,
    } | _source_values(a.source, moment)


def _check_in_row(a: CheckIn, moment: datetime) -> dict[str, Any]:
    milestones = [
        {"milestone": m.milestone, "reached_on": m.reached_on.isoformat() if m.reached_on else None}
        for m in a.milestones
    ]
    return {
        "pair_id": a.pair_id,
        "met_on": a.met_on,
        "stage": a.stage,
        "short_term_progress": a.short_term_progress,
        "long_term_progress": a.long_term_progress,
        "milestones": json.dumps(milestones, ensure_ascii=False),
        "next_meeting": a.next_meeting,
        "for_coordinator": a.for_coordinator,
    } | _source_values(a.source, moment)


def _eval_row(a: Evaluation, moment: datetime) -> dict[str, Any]:
    return {
        "pair_id": a.pair_id,
        "role": a.role,
        "goals_reached": a.goals_reached,
        "goals_detail": a.goals_detail,
        "what_worked": a.what_worked,
        "what_to_change": a.what_to_change,
        "mentor_next_cycle": a.mentor_next_cycle,
    } | _source_values(a.source, moment)


# --- reading ---------------------------------------------------------------------------------


def _of_cycle(
    tx: Reading, table: Table, cycle_id: str, *order: str, columns: Sequence[str] = ()
) -> list[Row[Any]]:
    get_cycle(tx, cycle_id)
    p = tables.pairs
    query = (
        (select(*(table.c[c] for c in columns)) if columns else select(table))
        .join(p, p.c.id == table.c.pair_id)
        .where(p.c.cycle_id == cycle_id)
        .order_by(table.c.pair_id, *(table.c[o] for o in order))
    )
    return list(tx.connection.execute(query))


def _source(row: Row[Any]) -> Source:
    return Source(row.source_file, row.source_place)


def list_fit_checks(tx: Reading, cycle_id: str) -> list[FitCheck]:
    """The cycle's fit checks, by pair, the mentee's first."""
    return [
        FitCheck(
            row.pair_id,
            row.role,
            bool(row.wants_to_continue),
            row.met_on,
            row.what_worked,
            row.concern,
            _source(row),
            row.recorded_at,
        )
        for row in _of_cycle(tx, tables.fit_checks, cycle_id, "role")
    ]


#: What the health view and the report read of a check-in (the rest is for the exports).
BRIEF = ("pair_id", "met_on", "stage", "milestones", "for_coordinator")


def list_check_ins(tx: Reading, cycle_id: str, *, brief: bool = False) -> list[CheckIn]:
    """The cycle's check-ins, by pair, earliest meeting first; ``brief``: only the pair,
    date, stage, milestones and note for the coordinator (a report of 60,000 check-ins
    reads no more than it shows)."""
    found = []
    if brief:
        for row in _of_cycle(tx, tables.check_ins, cycle_id, "met_on", columns=BRIEF):
            found.append(
                CheckIn(
                    row.pair_id,
                    row.met_on,
                    row.stage,
                    milestones=_milestones(row.milestones),
                    for_coordinator=row.for_coordinator,
                )
            )
        return found
    for row in _of_cycle(tx, tables.check_ins, cycle_id, "met_on"):
        milestones = _milestones(row.milestones)
        found.append(
            CheckIn(
                row.pair_id,
                row.met_on,
                row.stage,
                row.short_term_progress,
                row.long_term_progress,
                milestones,
                row.next_meeting,
                row.for_coordinator,
                _source(row),
                row.recorded_at,
            )
        )
    return found


def _milestones(text: str) -> tuple[Milestone, ...]:
    if text == "[]":  # most check-ins reach none: no JSON to decode
        return ()
    return tuple(
        Milestone(m["milestone"], date.fromisoformat(m["reached_on"]) if m["reached_on"] else None)
        for m in json.loads(text)
    )


def list_evaluations(tx: Reading, cycle_id: str) -> list[Evaluation]:
    """The cycle's evaluations, by pair, the mentee's first."""
    return [
        Evaluation(
            row.pair_id,
            row.role,
            row.goals_reached,
            row.mentor_next_cycle,
            row.goals_detail,
            row.what_worked,
            row.what_to_change,
            _source(row),
            row.recorded_at,
        )
        for row in _of_cycle(tx, tables.evaluations, cycle_id, "role")
    ]
