"""Where the program stands: per cycle, who is enrolled, paired and unpaired, and why.

Why someone is unpaired is the last match's reason (in the words it was matched with), or
else one of the edition's ``program.status.*`` strings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from ..edition.strings import Strings
from . import tables
from .cycles import Cycle, get_cycle, list_cycles
from .file import ProgramInfo, Reading, program_info
from .pairs import GOING, PairStatus, list_pairs
from .people import Enrollment, list_enrollments


@dataclass(frozen=True)
class Unpaired:
    enrollment: Enrollment
    reason: str


@dataclass(frozen=True)
class CycleStatus:
    cycle: Cycle
    mentees: int
    mentors: int
    pairs: dict[PairStatus, int]
    """How many pairs have each status."""
    pins: int
    forbids: int
    unpaired_mentees: tuple[Unpaired, ...]
    """Mentees with no proposed or confirmed pair, in enrollment order."""
    unpaired_mentors: tuple[Unpaired, ...]
    """Mentors with no mentee in a proposed or confirmed pair."""

    @property
    def paired_mentees(self) -> int:
        return self.mentees - len(self.unpaired_mentees)


@dataclass(frozen=True)
class ProgramStatus:
    program: ProgramInfo
    cycles: tuple[CycleStatus, ...]


def program_status(tx: Reading, cycle_id: str | None = None, *, strings: Strings) -> ProgramStatus:
    """The program and every cycle (or only ``cycle_id``), earliest first; why people are
    unpaired in the words of ``strings`` (see :func:`cycle_status`)."""
    info = program_info(tx)
    chosen = [get_cycle(tx, cycle_id)] if cycle_id is not None else list_cycles(tx)
    return ProgramStatus(info, tuple(cycle_status(tx, cycle, strings) for cycle in chosen))


def cycle_status(tx: Reading, cycle: Cycle, strings: Strings) -> CycleStatus:
    """The cycle's counts and its unpaired people, each with why: the last match's reason,
    or else a ``program.status.*`` string of ``strings``."""
    enrollments = list_enrollments(tx, cycle.id)
    pairs = list_pairs(tx, cycle.id)
    going = {p.mentee.id for p in pairs if p.status in GOING}
    going |= {p.mentor.id for p in pairs if p.status in GOING}
    ended = {p.mentee.id for p in pairs if p.status == "ended"}
    ended |= {p.mentor.id for p in pairs if p.status == "ended"}
    o = tables.overrides
    kinds = Counter(
        tx.connection.execute(select(o.c.kind).where(o.c.cycle_id == cycle.id)).scalars()
    )

    def why(enrollment: Enrollment) -> str:
        if cycle.matched_at is None:
            return strings("program.status.not_matched_yet")
        if enrollment.enrolled_at > cycle.matched_at:
            return strings("program.status.enrolled_after_match")
        if enrollment.person.id in ended:
            return strings("program.status.pair_ended")
        return enrollment.unmatched_reason or strings("program.status.left_by_match")

    unpaired = [Unpaired(e, why(e)) for e in enrollments if e.person.id not in going]
    counts = Counter(p.status for p in pairs)
    return CycleStatus(
        cycle,
        mentees=sum(e.role == "mentee" for e in enrollments),
        mentors=sum(e.role == "mentor" for e in enrollments),
        pairs={status: counts[status] for status in ("proposed", "confirmed", "ended")},
        pins=kinds["pin"],
        forbids=kinds["forbid"],
        unpaired_mentees=tuple(u for u in unpaired if u.enrollment.role == "mentee"),
        unpaired_mentors=tuple(u for u in unpaired if u.enrollment.role == "mentor"),
    )
