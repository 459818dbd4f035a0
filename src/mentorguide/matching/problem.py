"""The matching problem both solvers read, and the result they return (no I/O).

A :class:`AssignmentProblem` holds a score matrix (mentees × mentors, higher is a better fit), which
pairs are feasible, each mentor's capacity, and pairs that are pinned (must be in the result)
or forbidden; it checks all of it when made. :func:`prepare` applies the pins and tells which
pairs remain open, the part both solvers share.

Scores are compared in steps of :data:`SCORE_STEP` (0.0001): each score is rounded to that
grid first, so values that differ only by float noise (``40/3`` computed two ways in
float32, say) tie instead of deciding the outcome. ``Assignment.total_score`` adds up the
scores as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["SCORE_STEP", "Assignment", "AssignmentProblem", "MatchingInputError"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SCORE_STEP = 1e-4
"""Scores are rounded to multiples of this before they are compared."""
UNITS = 10_000.0  # 1 / SCORE_STEP: multiplying by an integer rounds better than dividing
MAX_ABS_SCORE = 1e9  # keeps rounded scores times n (tie-break keys) inside int64

# Chunks of the score matrix hold about this many entries (32 MB as float64), so even a
# 10,000 × 5,000 problem never needs a second full-size copy of its scores.
_CHUNK_ENTRIES = 1 << 22


class MatchingInputError(ValueError):
    """The problem is malformed: bad shapes or values, or pins that cannot all hold."""


def _pair_list(name: str, pairs: object, n: int, m: int) -> tuple[tuple[int, int], ...]:
    what = "Pin" if name == "pins" else "Forbid"
    try:
        items = list(pairs)  # type: ignore[call-overload]
    except TypeError:
        raise MatchingInputError(f"{name} must be a sequence of (mentee, mentor) pairs.") from None
    out: list[tuple[int, int]] = []
    for item in items:
        try:
            i, j = item
        except (TypeError, ValueError):
            raise MatchingInputError(
                f"{name} must hold (mentee, mentor) pairs; got {item!r}."
            ) from None
        if not all(isinstance(x, int | np.integer) and not isinstance(x, bool) for x in (i, j)):
            raise MatchingInputError(f"{name} must hold pairs of integers; got {item!r}.")
        i, j = int(i), int(j)
        if not (0 <= i < n and 0 <= j < m):
            raise MatchingInputError(
                f"{what} ({i}, {j}) is out of range for {n} mentees and {m} mentors."
            )
        out.append((i, j))
    return tuple(out)


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """An assignment problem, validated on construction (raises :class:`MatchingInputError`).

    ``scores[i, j]``: fit of mentee ``i`` with mentor ``j``; higher is better; finite and
    within ±1e9 (typically 0–100); entries of infeasible pairs are ignored and may be NaN.
    ``capacity[j] >= 0``: how many mentees mentor ``j`` takes.
    ``feasible[i, j]``: whether the pair may be matched at all (``None``: every pair).
    ``pins``: pairs that must be in the result; they use up capacity.
    ``forbids``: pairs that are never matched.
    The arrays are kept as read-only views, not copied.
    """

    scores: npt.NDArray[np.floating]
    capacity: npt.NDArray[np.integer]
    feasible: BoolArray | None = None
    pins: tuple[tuple[int, int], ...] = ()
    forbids: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        scores = np.asarray(self.scores)
        if scores.ndim != 2:
            raise MatchingInputError(
                f"scores must be a 2-D array (mentees × mentors); got shape {scores.shape}."
            )
        if scores.dtype.kind in "iub":
            scores = scores.astype(np.float64)
        elif scores.dtype.kind != "f":
            raise MatchingInputError(f"scores must be real numbers; got dtype {scores.dtype}.")
        n, m = scores.shape
        capacity = np.asarray(self.capacity)
        if capacity.shape != (m,):
            raise MatchingInputError(
                f"capacity must have one entry per mentor ({m}); got shape {capacity.shape}."
            )
        if capacity.dtype.kind not in "iu":
            raise MatchingInputError(f"capacity must be integers; got dtype {capacity.dtype}.")
        if m and capacity.min() < 0:
            j = int(np.argmin(capacity))
            raise MatchingInputError(
                f"Mentor {j} has capacity {int(capacity[j])}; capacities must be >= 0."
            )
        feasible = None
        if self.feasible is not None:
            feasible = np.asarray(self.feasible)
            if feasible.shape != scores.shape or feasible.dtype != np.bool_:
                raise MatchingInputError(
                    f"feasible must be a boolean array of shape {scores.shape}; "
                    f"got {feasible.dtype} of shape {feasible.shape}."
                )
        step = max(1, _CHUNK_ENTRIES // max(1, m))  # chunks: no full-size temporaries
        for start in range(0, n, step):
            rows = slice(start, start + step)
            with np.errstate(invalid="ignore"):
                bad = ~(np.abs(scores[rows]) <= MAX_ABS_SCORE)  # NaN compares False
            if feasible is not None:
                bad &= feasible[rows]
            if bad.any():
                i, j = (int(x) for x in np.argwhere(bad)[0])
                raise MatchingInputError(
                    f"Score of feasible pair ({start + i}, {j}) is {scores[start + i, j]}; "
                    f"scores must be finite and within ±{MAX_ABS_SCORE:g}."
                )
        pins = _pair_list("pins", self.pins, n, m)
        forbids = _pair_list("forbids", self.forbids, n, m)
        forbidden = set(forbids)
        pinned_to: dict[int, int] = {}
        load: dict[int, int] = {}
        for i, j in pins:
            if i in pinned_to:
                raise MatchingInputError(
                    f"Mentee {i} is pinned more than once: to mentor {pinned_to[i]} "
                    f"and to mentor {j}."
                )
            if (i, j) in forbidden:
                raise MatchingInputError(f"Pin ({i}, {j}) is also listed as forbidden.")
            if feasible is not None and not feasible[i, j]:
                raise MatchingInputError(
                    f"Pin ({i}, {j}) is on an infeasible pair: mentee {i} may not be "
                    f"matched with mentor {j}."
                )
            pinned_to[i] = j
            load[j] = load.get(j, 0) + 1
            if load[j] > capacity[j]:
                raise MatchingInputError(
                    f"Mentor {j} has capacity {int(capacity[j])} but {load[j]} pinned mentees."
                )
        for name, array in (("scores", scores), ("capacity", capacity), ("feasible", feasible)):
            if array is not None:
                view = array.view()
                view.flags.writeable = False
                object.__setattr__(self, name, view)
        object.__setattr__(self, "pins", pins)
        object.__setattr__(self, "forbids", forbids)

    @property
    def n_mentees(self) -> int:
        return int(self.scores.shape[0])

    @property
    def n_mentors(self) -> int:
        return int(self.scores.shape[1])


@dataclass(frozen=True, eq=False)
class Assignment:
    """A result: ``mentor_of[i]`` is mentee ``i``'s mentor, or -1 when unmatched."""

    mentor_of: IntArray
    total_score: float

    @property
    def n_matched(self) -> int:
        return int(np.count_nonzero(self.mentor_of >= 0))

    def pairs(self) -> list[tuple[int, int]]:
        """Matched ``(mentee, mentor)`` pairs in mentee order."""
        return [(int(i), int(self.mentor_of[i])) for i in np.flatnonzero(self.mentor_of >= 0)]


@dataclass(frozen=True)
class Prepared:
    """What both solvers need: the pins applied, and which pairs remain open."""

    problem: AssignmentProblem
    pinned_mentor: IntArray  # per mentee: its pinned mentor, or -1
    cap_left: IntArray  # capacity after pins
    forbid_rows: IntArray  # forbids sorted by mentee, for masking chunks of rows
    forbid_cols: IntArray

    @property
    def n(self) -> int:
        return self.problem.n_mentees

    @property
    def m(self) -> int:
        return self.problem.n_mentors

    def chunks(self) -> Iterator[slice]:
        step = max(1, _CHUNK_ENTRIES // max(1, self.m))
        for start in range(0, self.n, step):
            yield slice(start, min(self.n, start + step))

    def open_units(self, rows: slice) -> FloatArray:
        """Rounded scores (integers, as float64) of ``rows``; -inf where a pair is not open.

        A pair is open when it is feasible, not forbidden, the mentee is not pinned and the
        mentor has capacity left after the pins.
        """
        out = np.rint(self.problem.scores[rows].astype(np.float64) * UNITS)
        closed = self.cap_left <= 0
        if self.problem.feasible is not None:
            closed = closed | ~self.problem.feasible[rows]
        out[np.broadcast_to(closed, out.shape)] = -np.inf
        out[self.pinned_mentor[rows] >= 0] = -np.inf
        lo, hi = np.searchsorted(self.forbid_rows, [rows.start, rows.stop])
        out[self.forbid_rows[lo:hi] - rows.start, self.forbid_cols[lo:hi]] = -np.inf
        return out


def prepare(problem: AssignmentProblem) -> Prepared:
    pinned = np.full(problem.n_mentees, -1, dtype=np.int64)
    cap_left = np.asarray(problem.capacity, dtype=np.int64).copy()
    for i, j in problem.pins:
        pinned[i] = j
        cap_left[j] -= 1
    forbids = np.array(problem.forbids, dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((forbids[:, 1], forbids[:, 0]))
    return Prepared(problem, pinned, cap_left, forbids[order, 0], forbids[order, 1])


def assignment(problem: AssignmentProblem, mentor_of: IntArray) -> Assignment:
    matched = np.flatnonzero(mentor_of >= 0)
    total = float(np.sum(problem.scores[matched, mentor_of[matched]], dtype=np.float64))
    mentor_of = mentor_of.copy()
    mentor_of.flags.writeable = False
    return Assignment(mentor_of, total)
