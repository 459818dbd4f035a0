"""Why a pair was made, and why someone was not matched, in words a coordinator can check.

:func:`explain` recomputes one pair's score criterion by criterion from the two people's
answers, in plain Python: it runs only for the pairs chosen (never for all pairs), gives the
report its per-criterion points, and is an independent check of the vectorised scorer
(the tests assert both agree on every pair).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..edition.strings import Strings
from . import fields as f
from .responses import Responses
from .scoring import CRITERIA, SCORE_DECIMALS, Weights
from .spec import FieldSpec, normalize


@dataclass(frozen=True)
class Explanation:
    """One pair: each criterion's points (out of 100; ``None`` when it does not apply to
    the mentee), the total, and the reasons as short phrases."""

    points: dict[str, float | None]
    reasons: tuple[str, ...]
    separator: str = "; "

    @property
    def score(self) -> float:
        total = sum(p for p in self.points.values() if p is not None)
        return round(min(100.0, max(0.0, total)), SCORE_DECIMALS)

    @property
    def sentence(self) -> str:
        """The reasons as one line: ``shared goal: sterile compounding; 12 vs 2 years``."""
        return self.separator.join(self.reasons)


@lru_cache(maxsize=4096)
def _lower(name: str) -> str:
    """A name as it reads mid-sentence: 'Sterile compounding' → 'sterile compounding', but
    proper names ('Medication History Certificate') and acronyms ('CSPT®') keep their case."""
    if any(char.isupper() for char in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def _labels(spec: FieldSpec, ids: Sequence[str]) -> list[str]:
    return [_lower(spec.option[i].label) for i in ids]


def _years(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _chosen(responses: Responses, field_id: str, index: int) -> tuple[str, ...]:
    value = responses.values[field_id][index]
    return value if isinstance(value, tuple) else ()


def _share(wanted: Sequence[str], offered: Sequence[str]) -> tuple[float | None, list[str]]:
    """Credit (share of ``wanted`` in ``offered``; None if nothing wanted) and the overlap."""
    if not wanted:
        return None, []
    common = [w for w in wanted if w in set(offered)]
    return len(common) / len(wanted), common


def explain(
    mentees: Responses,
    mentors: Responses,
    weights: Weights,
    mentee: int,
    mentor: int,
    *,
    pinned: bool = False,
    t: Strings,
) -> Explanation:
    """Points and reasons of the pair (``mentee``, ``mentor``), indices into the responses,
    in the words of ``t``."""
    w = weights.weights
    e_spec, m_spec = mentees.spec.by_id, mentors.spec.by_id
    listed = t("match.list_separator").join
    expertise = _chosen(mentors, f.EXPERTISE, mentor)
    credit: dict[str, float | None] = {}
    reasons: list[str] = [t("match.pinned")] if pinned else []
    caveats: list[str] = []

    credit["career_goals"], goals = _share(_chosen(mentees, f.CAREER_GOALS, mentee), expertise)
    if goals:
        words = listed(_labels(e_spec[f.CAREER_GOALS], goals))
        reasons.append(t.count("match.shared_goal", len(goals), goals=words))

    areas_wanted = _chosen(mentees, f.AREAS_TO_IMPROVE, mentee)
    credit["areas_to_improve"], areas = _share(areas_wanted, expertise)
    if areas:
        words = listed(_labels(e_spec[f.AREAS_TO_IMPROVE], areas))
        reasons.append(t("match.can_help_with", areas=words))

    credit["certifications"], certs = _share(
        _chosen(mentees, f.CERTIFICATIONS_WANTED, mentee),
        _chosen(mentors, f.CERTIFICATIONS, mentor),
    )
    if certs:
        words = listed(_labels(m_spec[f.CERTIFICATIONS], certs))
        reasons.append(t.count("match.wanted_certification", len(certs), certifications=words))

    # The order of the example: goals, meetings, then experience.
    reasons += _meetings(mentees, mentors, weights, mentee, mentor, credit, caveats, t)
    reasons += _experience(mentees, mentors, weights, mentee, mentor, credit, caveats, t)

    credit["qualities"], qualities = _share(
        _chosen(mentees, f.PREFERRED_QUALITIES, mentee), _chosen(mentors, f.QUALITIES, mentor)
    )
    if qualities:
        wanted = len(_chosen(mentees, f.PREFERRED_QUALITIES, mentee))
        reasons.append(t("match.qualities", shared=len(qualities), wanted=wanted))

    mentee_words = _chosen(mentees, f.INTERESTS, mentee)
    mentor_words = {normalize(x) for x in _chosen(mentors, f.INTERESTS, mentor)}
    shared_words = [x for x in mentee_words if normalize(x) in mentor_words]
    credit["interests"] = len(shared_words) / len(mentee_words) if mentee_words else None
    if shared_words:
        words = listed(shared_words)
        reasons.append(t.count("match.shared_interest", len(shared_words), interests=words))

    weight = w.model_dump()
    applicable = sum(weight[c] for c, value in credit.items() if value is not None)
    points: dict[str, float | None] = {}
    for criterion in CRITERIA:
        value = credit[criterion]
        if value is None:
            points[criterion] = None
        else:
            points[criterion] = 100 * weight[criterion] * value / applicable if applicable else 0
    return Explanation(points, tuple(reasons + caveats), t("match.reason_separator"))


def _experience(
    mentees: Responses,
    mentors: Responses,
    weights: Weights,
    mentee: int,
    mentor: int,
    credit: dict[str, float | None],
    caveats: list[str],
    t: Strings,
) -> list[str]:
    mentee_years = float(mentees.numbers_at(f.YEARS, mentee))
    mentor_years = float(mentors.numbers_at(f.YEARS, mentor))
    peer = mentees.values[f.PREFERRED_MODEL][mentee] == "peer"
    settings = weights.experience
    gap = mentor_years - mentee_years
    if peer:
        value = min(1.0, max(0.0, 1 - abs(gap) / settings.peer_range_years))
    else:
        value = min(1.0, max(0.0, gap / settings.experienced_gap_years))
    credit["experience"] = value
    years = t("match.years", mentor=_years(mentor_years), mentee=_years(mentee_years))
    if peer:
        if value > 0:
            return [t("match.peers", years=years)]
        caveats.append(t("match.asked_for_peer", years=years))
        return []
    if value > 0:
        return [years]
    caveats.append(t("match.asked_for_experienced", years=years))
    return []


def _meetings(
    mentees: Responses,
    mentors: Responses,
    weights: Weights,
    mentee: int,
    mentor: int,
    credit: dict[str, float | None],
    caveats: list[str],
    t: Strings,
) -> list[str]:
    """Frequency and platform together: 'both prefer monthly virtual meetings'."""
    spec = mentees.spec.by_id[f.FREQUENCY]
    mine, theirs = mentees.values[f.FREQUENCY][mentee], mentors.values[f.FREQUENCY][mentor]
    if isinstance(mine, str) and isinstance(theirs, str):
        steps = abs(spec.index[mine] - spec.index[theirs])
        credit["frequency"] = 1.0 if steps == 0 else weights.frequency.adjacent * (steps == 1)
    else:  # pragma: no cover - both answers are required
        credit["frequency"] = 0.0
    wanted = _chosen(mentees, f.PLATFORM, mentee)
    credit["platform"], shared = _share(wanted, _chosen(mentors, f.PLATFORM, mentor))
    if credit["platform"] is None:  # pragma: no cover - a required answer
        credit["platform"] = 0.0
    platforms = t("match.or").join(_labels(mentees.spec.by_id[f.PLATFORM], shared))
    same = mine == theirs
    how_often = _lower(spec.option[str(mine)].label) if isinstance(mine, str) else ""
    if same and shared:
        return [t("match.both_prefer", frequency=how_often, platforms=platforms)]
    phrases: list[str] = []
    if same:
        phrases.append(t("match.both_prefer_meeting", frequency=how_often))
    elif shared:
        phrases.append(t("match.both_use", platforms=platforms))
    if not same and isinstance(mine, str) and isinstance(theirs, str):
        (caveats if credit["frequency"] == 0 else phrases).append(
            t("match.frequencies", mentor=_lower(spec.option[theirs].label), mentee=how_often)
        )
    if not shared:
        caveats.append(t("match.no_platform_in_common"))
    return phrases


# --- the unmatched ---------------------------------------------------------------------


def _names(responses: Responses, indices: Sequence[int], t: Strings) -> str:
    return t("match.list_separator").join(responses.ids[k] for k in indices)


def why_mentee_unmatched(
    mentee: int,
    mentors: Responses,
    scores_row: npt.NDArray[np.float32],
    closed: set[int],
    capacity: npt.NDArray[np.int64],
    load: npt.NDArray[np.int64],
    t: Strings,
) -> str:
    """Why mentee ``mentee`` has no mentor. ``closed``: mentors they may not have
    (forbidden, or the same person); ``load``: mentees each mentor got."""
    if len(mentors) == 0:
        return t("match.no_mentors")
    possible = [j for j in range(len(mentors)) if j not in closed and capacity[j] > 0]
    if not possible:
        if not capacity.any():
            return t("match.no_places")
        return t("match.all_mentors_closed")
    room = [j for j in possible if load[j] < capacity[j]]
    if room:  # pragma: no cover - both methods fill every mentor a mentee could have
        return t("match.mentee_not_chosen", mentors=_names(mentors, room[:3], t))
    best = sorted(possible, key=lambda j: (-float(scores_row[j]), j))[:3]
    shown = t("match.list_separator").join(
        f"{mentors.ids[j]} ({float(scores_row[j]):.1f})" for j in best
    )
    return t("match.mentors_full", best=shown)


def why_mentor_unmatched(
    mentor: int,
    capacity: int,
    unmatched_mentees: Sequence[int],
    closed_to_mentor: set[int],
    mentees: Responses,
    t: Strings,
) -> str:
    """Why mentor ``mentor`` got no mentee."""
    if capacity <= 0:
        return t("match.no_capacity")
    if not unmatched_mentees:
        return t("match.all_mentees_matched")
    left = [i for i in unmatched_mentees if i not in closed_to_mentor]
    if not left:
        return t("match.mentees_closed", mentees=_names(mentees, unmatched_mentees[:5], t))
    names = _names(mentees, left[:3], t)
    return t("match.mentor_not_chosen", mentees=names)  # pragma: no cover - never left
