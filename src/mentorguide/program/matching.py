"""Matching a cycle from the program file: the cycle's unpaired people, paired by the same
scorer and solvers as ``mentorguide match``, with what the program remembers.

:func:`match_cycle` is the one library call (``program match`` runs it; so may a re-match
after a pair ends). It keeps the cycle's confirmed pairs, and re-solves everyone else:

* a mentor's places are their survey's capacity less their confirmed mentees;
* the coordinator's pins are made, their forbids never;
* two people paired in an earlier cycle (:func:`~.pairs.earlier_partners`) are never paired
  again, nor two whose pair in this cycle ended;
* the proposals replace the cycle's earlier proposals, and each person left unpaired gets
  the reason ``program status`` shows (:func:`~.pairs.record_match`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..files.inputs import InputError
from ..matching import fields as f
from ..matching.match import MatchResult, Method, capacities, match
from ..matching.responses import Responses, Value
from ..matching.scoring import Weights, default_weights
from ..matching.spec import Role, SurveySpec, survey_spec
from ..project.load import Project
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing
from .pairs import Pair, ProposedPair, earlier_partners, list_overrides, list_pairs, record_match
from .people import Enrollment, list_enrollments


@dataclass(frozen=True)
class CycleMatch:
    """What :func:`match_cycle` did."""

    kept: tuple[Pair, ...]
    """The confirmed pairs, kept as they were."""
    proposed: tuple[Pair, ...]
    """The new proposals."""
    unpaired_mentees: Mapping[str, str]
    """Each mentee (by email) the match left unpaired, and why."""
    unpaired_mentors: Mapping[str, str]
    """Each mentor with places whom the match gave no mentee, and why."""
    result: MatchResult | None
    """The solver's result over the people it paired (None when nobody was left to pair)."""


def responses_of(spec: SurveySpec, enrollments: Sequence[Enrollment], file: str) -> Responses:
    """Stored enrollments as survey responses, as if read from a file: each person's email
    is their id (unique in a cycle, and what the program knows them by); answers an older
    survey gave that the project's survey no longer has are left out."""
    values: dict[str, list[Value]] = {}
    for field_spec in spec.fields:
        empty: Value = () if field_spec.field.type in ("multichoice", "list") else None
        known = field_spec.index if field_spec.choices else None
        column: list[Value] = []
        for enrollment in enrollments:
            if field_spec.id == f.ID or field_spec.id == f.EMAIL:
                column.append(enrollment.person.email)
                continue
            if field_spec.id == f.NAME:
                column.append(enrollment.person.name)
                continue
            value = enrollment.answers.get(field_spec.id, empty)
            if known is not None:
                if isinstance(value, tuple):
                    value = tuple(v for v in value if v in known)
                elif isinstance(value, str) and value not in known:
                    value = empty
            column.append(value)
        values[field_spec.id] = column
    places = tuple(f"{e.source_file}, {e.source_place}" for e in enrollments)
    return Responses(spec, file, places, values)


def match_cycle(
    tx: Writing,
    project: Project,
    cycle_id: str,
    *,
    method: Method = "optimal",
    weights: Weights | None = None,
) -> CycleMatch:
    """Pair the cycle's people who have no confirmed pair, and record the proposals.

    ``project`` gives the surveys (the fields answers are read by); ``weights`` default to
    the built-in ones. Raises :class:`ProgramError` (nothing recorded) when the stored pins
    cannot all be made: a pin to someone paired with them in an earlier cycle, or more pins
    to a mentor than their places left.
    """
    cycle = get_cycle(tx, cycle_id).id
    pool = _pool(tx, cycle)
    mentees, mentors = pool.mentees, pool.mentors
    if not mentees or not mentors:
        alone = {e.person.email: _nobody("mentee") for e in mentees}
        idle = {e.person.email: _nobody("mentor") for e in mentors}
        record_match(tx, cycle, [], alone | idle)
        return CycleMatch(pool.kept, (), alone, idle, None)
    mentee_side = responses_of(survey_spec(project.content, "mentee"), mentees, "mentees")
    mentor_side = responses_of(survey_spec(project.content, "mentor"), mentors, "mentors")
    # A mentor's places this time: what they offered, less their confirmed mentees.
    places = capacities(mentor_side) - [pool.held.get(e.person.id, 0) for e in mentors]
    mentor_side.values[f.CAPACITY][:] = [float(max(0, n)) for n in places]
    try:
        result = match(
            mentee_side,
            mentor_side,
            weights=weights or default_weights(),
            method=method,
            pins=pool.pins,
            forbids=pool.forbids,
            strings=project.strings,
        )
    except InputError as error:  # pins _pool did not catch: say them as pins, not options
        raise ProgramError.of(
            f"{cycle}: the pin {p.where.split(' ', 1)[-1]} cannot be made: {p.message}"
            for p in error.problems
        ) from None
    proposals = [
        ProposedPair(
            mentee_side.ids[pair.mentee],
            mentor_side.ids[pair.mentor],
            pair.score,
            pair.explanation.reasons,
            pair.explanation.points,
        )
        for pair in result.pairs
    ]
    alone = {mentee_side.ids[i]: why for i, why in result.unmatched_mentees}
    idle = {mentor_side.ids[j]: why for j, why in result.unmatched_mentors}
    going = record_match(tx, cycle, proposals, alone | idle)
    proposed = tuple(p for p in going if p.status == "proposed")
    return CycleMatch(pool.kept, proposed, alone, idle, result)


def _nobody(role: Role) -> str:
    return "there are no mentors to pair with" if role == "mentee" else "there are no mentees"


@dataclass(frozen=True)
class _Pool:
    kept: tuple[Pair, ...]
    mentees: list[Enrollment]
    """Mentees without a confirmed pair."""
    mentors: list[Enrollment]
    """Mentors with places left."""
    held: dict[int, int]
    """Mentor person id → confirmed mentees."""
    pins: list[tuple[str, str]]
    """(mentor email, mentee email) of the pins to make."""
    forbids: list[tuple[str, str]]


def _pool(tx: Reading, cycle_id: str) -> _Pool:
    """Who this match pairs, and the pairs it must and must not make (by email); raises
    for pins to an earlier partner."""
    kept = tuple(list_pairs(tx, cycle_id, ["confirmed"]))
    held: dict[int, int] = {}
    for pair in kept:
        held[pair.mentor.id] = held.get(pair.mentor.id, 0) + 1
    taken = {pair.mentee.id for pair in kept}
    mentees = [e for e in list_enrollments(tx, cycle_id, "mentee") if e.person.id not in taken]
    mentors = list_enrollments(tx, cycle_id, "mentor")
    offered = {e.person.id: _places(e.answers.get(f.CAPACITY)) for e in mentors}
    mentors = [e for e in mentors if offered[e.person.id] > held.get(e.person.id, 0)]
    in_pool = {e.person.id for e in mentees} | {e.person.id for e in mentors}

    earlier = earlier_partners(tx, cycle_id)
    ended = {frozenset((p.mentee.id, p.mentor.id)) for p in list_pairs(tx, cycle_id, ["ended"])}
    never = earlier | ended
    pins: list[tuple[str, str]] = []
    forbids: list[tuple[str, str]] = []
    problems: list[str] = []
    for rule in list_overrides(tx, cycle_id):
        mentee, mentor = rule.mentee, rule.mentor
        if mentee.id in taken or not {mentee.id, mentor.id} <= in_pool:
            if rule.kind == "pin" and mentee.id not in taken:
                problems.append(
                    f"{cycle_id}: the pin {mentor.email}:{mentee.email} cannot be made: "
                    f"{mentor.email} has no places left"
                )
            continue  # the mentee is confirmed elsewhere, or the mentor is full
        if rule.kind == "forbid":
            forbids.append((mentor.email, mentee.email))
        elif frozenset((mentee.id, mentor.id)) in earlier:
            problems.append(
                f"{cycle_id}: the pin {mentor.email}:{mentee.email} cannot be made: they were "
                "paired in an earlier cycle (remove the pin)"
            )
        elif frozenset((mentee.id, mentor.id)) in ended:
            problems.append(
                f"{cycle_id}: the pin {mentor.email}:{mentee.email} cannot be made: their pair "
                "in this cycle ended (remove the pin)"
            )
        else:
            pins.append((mentor.email, mentee.email))
    if problems:
        raise ProgramError.of(problems)
    mentee_email = {e.person.id: e.person.email for e in mentees}
    mentor_email = {e.person.id: e.person.email for e in mentors}
    for partners in never:
        # Either way round: in an earlier cycle this cycle's mentor may have been the mentee.
        one, other = sorted(partners)
        for a, b in ((one, other), (other, one)):
            if a in mentee_email and b in mentor_email:
                forbids.append((mentor_email[b], mentee_email[a]))
    return _Pool(kept, mentees, mentors, held, pins, forbids)


def _places(value: Value) -> int:
    return int(value) if isinstance(value, float | int) else 0
