"""Synthetic matching problems for tests and benchmarks of the solvers: score matrices with
the shape of a real program (competition for sought-after mentors, a few infeasible pairs).

The domain words are made up on purpose: this measures the solvers, not the guide's scoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mentorguide.matching.solve import SCORE_STEP, AssignmentProblem

AREAS = (
    "diagnostics",
    "electrical systems",
    "hydraulics",
    "HVAC",
    "welding",
    "safety",
    "customer communication",
    "documentation",
    "leadership",
    "inspection",
)

CREDENTIALS = ("ASE", "EPA 608", "A&P", "NATE", "OSHA 30", "CDL")

FREQUENCIES = ("weekly", "every two weeks", "monthly")  # ordered: neighbours are close

PLATFORMS = ("in person", "video", "phone", "chat")

# Some areas are much more sought after than offered: competition for the same mentors.
AREA_SUPPLY = np.linspace(1.0, 2.0, len(AREAS))

AREA_DEMAND = np.linspace(2.5, 0.5, len(AREAS))

# Weights of the fit score (sum 100): expertise covers the mentee's goals, credentials held
# cover those wanted, meeting frequency, a shared platform, experience fits the wanted model.
WEIGHTS = {"areas": 40.0, "credentials": 20.0, "frequency": 10.0, "platform": 10.0, "years": 20.0}

FORBID_FRACTION = 0.001  # conflicts of interest and the like: infeasible pairs

UNITS_PER_POINT = round(1 / SCORE_STEP)  # rounds scores exactly as the solvers do

_POPCOUNT = np.array([bin(x).count("1") for x in range(1 << len(AREAS))], dtype=np.float32)

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Mentors:
    areas: IntArray  # bit mask over AREAS
    credentials: IntArray  # bit mask over CREDENTIALS
    frequency: IntArray  # index into FREQUENCIES
    platforms: IntArray  # bit mask over PLATFORMS
    years: IntArray  # years in practice
    capacity: IntArray  # 1–3 mentees


@dataclass(frozen=True)
class Mentees:
    goals: IntArray  # bit mask over AREAS: what they want to improve
    credentials: IntArray  # bit mask over CREDENTIALS: what they are working towards
    frequency: IntArray
    platforms: IntArray
    years: IntArray
    wants_peer: npt.NDArray[np.bool_]  # a peer (similar years) rather than an experienced mentor


@dataclass(frozen=True)
class Survey:
    mentees: Mentees
    mentors: Mentors
    scores: npt.NDArray[np.float32]  # mentees × mentors, 0–100
    feasible: npt.NDArray[np.bool_]

    def problem(self) -> AssignmentProblem:
        return AssignmentProblem(self.scores, self.mentors.capacity, self.feasible)


def _masks(rng: np.random.Generator, count: int, weights: Any, low: int, high: int) -> IntArray:
    """``count`` bit masks with ``low``–``high`` bits each, bits drawn in proportion to weights."""
    weights = np.asarray(weights, dtype=np.float64)
    bits = rng.integers(low, high + 1, size=count)
    # Weighted sampling without replacement: the top keys of log(w) + Gumbel noise.
    keys = np.log(weights / weights.sum()) + rng.gumbel(size=(count, weights.size))
    order = np.argsort(-keys, axis=1)
    chosen = np.arange(weights.size) < bits[:, None]
    masks: IntArray = np.where(chosen, 1 << order, 0).sum(axis=1).astype(np.int64)
    return masks


def _share_one_answer(rng: np.random.Generator, people: Any, alike: float) -> Any:
    """``people`` with a share ``alike`` of them (chosen at random) answering exactly as the
    first of those does."""
    count = len(people.years)
    same = rng.permutation(count)[: round(alike * count)]
    fields = {name: value.copy() for name, value in vars(people).items()}
    if same.size:
        for value in fields.values():
            value[same] = value[same[0]]
    return type(people)(**fields)


def generate_survey(
    n_mentees: int,
    n_mentors: int,
    seed: int = 0,
    *,
    capacity: int | None = None,
    alike: float = 0.0,
) -> Survey:
    """Survey answers and their score matrix; the same arguments give the same survey.

    ``capacity``: every mentor's (default: 1–3 at random). ``alike``: the share of each side
    who answer exactly alike, as when many people sign up with the same answers (their
    scores tie, which once sank the optimal solver's candidate pruning).
    """
    rng = np.random.default_rng(seed)
    mentors = Mentors(
        areas=_masks(rng, n_mentors, AREA_SUPPLY, 2, 4),
        credentials=_masks(rng, n_mentors, np.ones(len(CREDENTIALS)), 0, 3),
        frequency=rng.integers(0, len(FREQUENCIES), size=n_mentors),
        platforms=_masks(rng, n_mentors, [3, 3, 2, 1], 1, 3),
        years=np.clip(np.rint(rng.gamma(3.0, 4.0, size=n_mentors)), 1, 40).astype(np.int64),
        capacity=rng.integers(1, 4, size=n_mentors),
    )
    mentees = Mentees(
        goals=_masks(rng, n_mentees, AREA_DEMAND, 1, 3),
        credentials=_masks(rng, n_mentees, np.ones(len(CREDENTIALS)), 0, 2),
        frequency=rng.integers(0, len(FREQUENCIES), size=n_mentees),
        platforms=_masks(rng, n_mentees, [3, 3, 2, 1], 1, 2),
        years=np.clip(np.rint(rng.gamma(1.5, 2.0, size=n_mentees)), 0, 15).astype(np.int64),
        wants_peer=rng.random(n_mentees) < 0.3,
    )
    if capacity is not None:
        mentors = Mentors(**{**vars(mentors), "capacity": np.full(n_mentors, capacity)})
    if alike:
        mentees = _share_one_answer(rng, mentees, alike)
        mentors = _share_one_answer(rng, mentors, alike)
    scores = score_matrix(mentees, mentors)
    feasible = rng.random((n_mentees, n_mentors)) >= FORBID_FRACTION
    return Survey(mentees, mentors, scores, feasible)


def score_matrix(mentees: Mentees, mentors: Mentors) -> npt.NDArray[np.float32]:
    """Fit scores from overlaps of the answers, vectorised over bit masks, in row chunks."""
    n, m = mentees.goals.size, mentors.areas.size
    out = np.empty((n, m), dtype=np.float32)
    step = max(1, (1 << 21) // max(1, m))
    for start in range(0, n, step):
        rows = slice(start, start + step)
        goals = mentees.goals[rows, None]
        areas = _POPCOUNT[goals & mentors.areas] / np.maximum(_POPCOUNT[goals], 1)
        wanted = mentees.credentials[rows, None]
        held = _POPCOUNT[wanted & mentors.credentials] / np.maximum(_POPCOUNT[wanted], 1)
        credentials = np.where(_POPCOUNT[wanted] > 0, held, np.float32(1.0))
        gap = np.abs(mentees.frequency[rows, None] - mentors.frequency)
        frequency = np.where(gap == 0, 1.0, np.where(gap == 1, 0.5, 0.0)).astype(np.float32)
        platform = ((mentees.platforms[rows, None] & mentors.platforms) != 0).astype(np.float32)
        diff = (mentors.years - mentees.years[rows, None]).astype(np.float32)
        peer = np.clip(1.0 - (np.abs(diff) - 2.0) / 4.0, 0.0, 1.0)
        senior = np.clip(diff / 10.0, 0.0, 1.0)
        years = np.where(mentees.wants_peer[rows, None], peer, senior)
        out[rows] = (
            WEIGHTS["areas"] * areas
            + WEIGHTS["credentials"] * credentials
            + WEIGHTS["frequency"] * frequency
            + WEIGHTS["platform"] * platform
            + WEIGHTS["years"] * years
        )
    return out
