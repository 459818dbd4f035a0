"""``program rematch``: after the fit checks, dissolve the pairs that should not go on and
pair their people again, keeping every other pair as it is.

A pair is dissolved when either person's fit check says not to continue with the pairing:
it is ended (with that reason) and the two are forbidden from being paired again in the
cycle. Every other going pair is kept: a confirmed one as it is, a proposed one as a pin.
Then :func:`~.matching.match_cycle`, as ``program match`` does, pairs the people left (those
of the dissolved pairs and anyone still unpaired), never two people who were paired in an
earlier cycle; the new pairs are proposed (the coordinator confirms them).

Why a pair ended, and the note on a kept pair's pin, are written in the program file in the
words of the project's ``program.rematch.*`` strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..project.load import Project
from .checkins import list_fit_checks
from .file import Writing
from .matching import match_cycle
from .pairs import GOING, Pair, end_pair, forbid, list_pairs, pin


@dataclass(frozen=True)
class Rematched:
    """What :func:`rematch` changed."""

    dissolved: tuple[Pair, ...]
    """The pairs ended because a fit check said not to continue."""
    kept: tuple[Pair, ...]
    proposed: tuple[Pair, ...]
    """The new pairs, for the people left."""
    unpaired: dict[str, str]
    """Email → why, for the mentees the match could not pair."""


def rematch(tx: Writing, cycle_id: str, project: Project) -> Rematched:
    """Dissolve the pairs whose fit check says not to continue, and pair their people
    again (see the module's description). One transaction: all of it, or nothing."""
    going = list_pairs(tx, cycle_id, GOING)
    stop = {check.pair_id for check in list_fit_checks(tx, cycle_id) if not check.wants_to_continue}
    dissolved = [p for p in going if p.id in stop]
    kept = [p for p in going if p.id not in stop]
    if not dissolved:  # nothing to re-pair: the program stays exactly as it is
        return Rematched((), tuple(kept), (), {})
    # Why a dissolved pair ended, as its history says; the note on the pin that keeps a
    # healthy proposed pair.
    ended = project.strings("program.rematch.ended_by_fit_check")
    kept_note = project.strings("program.rematch.kept")
    for pair in dissolved:
        if pair.status == "confirmed":
            end_pair(tx, cycle_id, pair.mentee.email, pair.mentor.email, reason=ended)
        forbid(tx, cycle_id, pair.mentee.email, pair.mentor.email, note=ended)
    for pair in kept:
        if pair.status == "proposed":  # a confirmed pair is kept by match_cycle itself
            pin(tx, cycle_id, pair.mentee.email, pair.mentor.email, note=kept_note)
    done = match_cycle(tx, project, cycle_id)
    kept_keys = {(p.mentee.email, p.mentor.email) for p in kept}
    new = tuple(p for p in done.proposed if (p.mentee.email, p.mentor.email) not in kept_keys)
    return Rematched(tuple(dissolved), tuple(kept), new, dict(done.unpaired_mentees))
