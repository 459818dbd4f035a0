"""``program rematch``: after the fit checks, dissolve the pairs that should not go on and
pair their people again, keeping every other pair as it is.

A pair is dissolved when either person's fit check says not to continue with the pairing:
it is ended (with that reason) and the two are forbidden from being paired again in the
cycle. Every other going pair is kept, as a pin. The solver then pairs the people left
(those of the dissolved pairs and anyone still unpaired), never two people who were paired
in an earlier cycle, and the new pairs are proposed (the coordinator confirms them).

The re-solve works over the program file's own records (the enrolled survey answers) and
the existing solver (:func:`mentorguide.matching.match.match`): :func:`solve_cycle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..content.load import Content
from ..files.inputs import InputError
from ..matching import fields as f
from ..matching.match import match
from ..matching.responses import Responses, Value
from ..matching.spec import Role, survey_spec
from .checkins import list_fit_checks
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing
from .pairs import (
    GOING,
    Pair,
    ProposedPair,
    earlier_partners,
    end_pair,
    forbid,
    list_overrides,
    list_pairs,
    record_match,
)
from .people import Enrollment, list_enrollments

#: Why a dissolved pair ended, as its history says.
ENDED_BY_FIT_CHECK = "the fit check after the first meeting said not to continue"


@dataclass(frozen=True)
class Rematched:
    """What :func:`rematch` changed."""

    dissolved: tuple[Pair, ...]
    """The pairs ended because a fit check said not to continue."""
    kept: tuple[Pair, ...]
    proposed: tuple[ProposedPair, ...]
    """The new pairs, for the people left."""
    unpaired: dict[str, str]
    """Email → why, for those the solve could not pair."""


def _responses(content: Content, role: Role, enrollments: Sequence[Enrollment]) -> Responses:
    """The enrolled people's survey answers as the solver reads them; each person's id is
    their email, unique in the cycle."""
    spec = survey_spec(content, role)
    values: dict[str, list[Value]] = {}
    for field in spec.fields:
        empty: Value = () if field.field.type in ("multichoice", "list") else None
        if field.id == f.ID:
            column: list[Value] = [e.person.email for e in enrollments]
        elif field.id == f.NAME:
            column = [e.person.name for e in enrollments]
        elif field.id == f.EMAIL:
            column = [e.person.email for e in enrollments]
        else:
            column = [e.answers.get(field.id, empty) for e in enrollments]
        values[field.id] = column
    places = tuple(f"{e.source_file}, {e.source_place}" for e in enrollments)
    return Responses(spec, "the program file", places, values)


def solve_cycle(
    tx: Reading,
    cycle_id: str,
    content: Content,
    *,
    keep: Iterable[tuple[str, str]] = (),
    never: Iterable[tuple[str, str]] = (),
) -> tuple[list[ProposedPair], dict[str, str]]:
    """Pair the cycle's enrolled people with the solver: ``keep`` (mentee, mentor emails)
    pinned, ``never`` (and the cycle's forbids and earlier cycles' pairs) forbidden. The
    pairs proposed (kept ones among them) and, by email, why each unpaired mentee is."""
    get_cycle(tx, cycle_id)
    mentees = list_enrollments(tx, cycle_id, "mentee")
    mentors = list_enrollments(tx, cycle_id, "mentor")
    if not mentees or not mentors:
        return [], {e.person.email: "no mentors are enrolled" for e in mentees}
    by_id = {e.person.id: e.person.email for e in (*mentees, *mentors)}
    forbids = {(o.mentor.email, o.mentee.email) for o in list_overrides(tx, cycle_id, "forbid")}
    forbids |= {(mentor, mentee) for mentee, mentor in never}
    mentee_ids = {e.person.id for e in mentees}
    for earlier in earlier_partners(tx, cycle_id):
        a, b = sorted(earlier)
        for mentee, mentor in ((a, b), (b, a)):
            if mentee in mentee_ids and mentor in by_id and mentor not in mentee_ids:
                forbids.add((by_id[mentor], by_id[mentee]))
    pins = [(mentor, mentee) for mentee, mentor in keep]
    pins += [
        (o.mentor.email, o.mentee.email)
        for o in list_overrides(tx, cycle_id, "pin")
        if (o.mentor.email, o.mentee.email) not in pins
    ]
    try:
        result = match(
            _responses(content, "mentee", mentees),
            _responses(content, "mentor", mentors),
            pins=pins,
            forbids=sorted(forbids - set(pins)),
        )
    except InputError as error:
        raise ProgramError.of([str(p) for p in error.problems]) from None
    proposals = [
        ProposedPair(
            mentees[p.mentee].person.email,
            mentors[p.mentor].person.email,
            p.score,
            p.explanation.reasons,
            p.explanation.points,
        )
        for p in result.pairs
    ]
    unpaired = {mentees[i].person.email: why for i, why in result.unmatched_mentees}
    return proposals, unpaired


def rematch(tx: Writing, cycle_id: str, content: Content) -> Rematched:
    """Dissolve the pairs whose fit check says not to continue, and pair their people
    again (see the module's description). One transaction: all of it, or nothing."""
    going = list_pairs(tx, cycle_id, GOING)
    stop = {check.pair_id for check in list_fit_checks(tx, cycle_id) if not check.wants_to_continue}
    dissolved = [p for p in going if p.id in stop]
    kept = [p for p in going if p.id not in stop]
    if not dissolved:  # nothing to re-pair: the program stays exactly as it is
        return Rematched((), tuple(kept), (), {})
    for pair in dissolved:
        if pair.status == "confirmed":
            end_pair(tx, cycle_id, pair.mentee.email, pair.mentor.email, reason=ENDED_BY_FIT_CHECK)
        forbid(tx, cycle_id, pair.mentee.email, pair.mentor.email, note=ENDED_BY_FIT_CHECK)
    proposals, unpaired = solve_cycle(
        tx,
        cycle_id,
        content,
        keep=[(p.mentee.email, p.mentor.email) for p in kept],
    )
    confirmed = {(p.mentee.email, p.mentor.email) for p in kept if p.status == "confirmed"}
    fresh = [p for p in proposals if (p.mentee, p.mentor) not in confirmed]
    record_match(tx, cycle_id, fresh, unpaired)
    kept_keys = {(p.mentee.email, p.mentor.email) for p in kept}
    new = tuple(p for p in fresh if (p.mentee, p.mentor) not in kept_keys)
    return Rematched(tuple(dissolved), tuple(kept), new, unpaired)
