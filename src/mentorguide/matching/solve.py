"""Mentor–mentee assignment: an exact optimum and a stable matching (pure functions, no I/O).

A :class:`Problem` holds a score matrix (mentees × mentors, higher is a better fit), which
pairs are feasible, each mentor's capacity, and pairs that are pinned (must be in the result)
or forbidden. Two solvers read it:

* :func:`solve_optimal` matches as many mentees as possible and, among those assignments,
  maximises the total score. Every answer it returns has been proven optimal by an
  LP-duality certificate checked over *all* open pairs, so it is exact, not greedy.
* :func:`solve_stable` runs mentee-proposing deferred acceptance with capacities (the
  hospitals/residents algorithm): no mentee and mentor would both rather be together.

Scores are compared in steps of :data:`SCORE_STEP` (0.0001): each score is rounded to that
grid first, so values that differ only by float noise (``40/3`` computed two ways in
float32, say) tie instead of deciding the outcome. Optimality is exact for the rounded
scores; ``Assignment.total_score`` adds up the scores as given.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

__all__ = [
    "SCORE_STEP",
    "Assignment",
    "MatchingInputError",
    "Problem",
    "solve_optimal",
    "solve_stable",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SCORE_STEP = 1e-4
"""Scores are rounded to multiples of this before they are compared."""
_UNITS = 10_000.0  # 1 / SCORE_STEP: multiplying by an integer rounds better than dividing
_MAX_ABS_SCORE = 1e9  # keeps rounded scores times n (tie-break keys) inside int64

# Chunks of the score matrix hold about this many entries (32 MB as float64), so even a
# 10,000 × 5,000 problem never needs a second full-size copy of its scores.
_CHUNK_ENTRIES = 1 << 22
# First candidate pairs: each mentee's best few mentors, each mentor's best (capacity + a
# few) mentees. The certificate adds whatever else is needed, so these only tune speed.
_ROW_CANDIDATES = 8
_COLUMN_EXTRA = 4
_ROOM_CANDIDATES = 4  # per mentee, towards mentors left with room by a maximum matching
# Per mentee and round, pairs added once the certificate fails: the violated ones and those
# within a small fraction of the score spread of violation (they tend to be next). The
# same fraction is the slack up to which candidates are kept in the first rounds.
_NEW_PER_ROW = 16
_NEAR_FRACTION = 0.02
_PRUNE_ROUNDS = 10
# Integers up to 2**53 are exact in float64, which scipy's matcher computes in.
_FLOAT_EXACT = float(2**53)
_INT_LIMIT = 2**62


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
class Problem:
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
                bad = ~(np.abs(scores[rows]) <= _MAX_ABS_SCORE)  # NaN compares False
            if feasible is not None:
                bad &= feasible[rows]
            if bad.any():
                i, j = (int(x) for x in np.argwhere(bad)[0])
                raise MatchingInputError(
                    f"Score of feasible pair ({start + i}, {j}) is {scores[start + i, j]}; "
                    f"scores must be finite and within ±{_MAX_ABS_SCORE:g}."
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
class _Prepared:
    """What both solvers need: the pins applied, and which pairs remain open."""

    problem: Problem
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
        out = np.rint(self.problem.scores[rows].astype(np.float64) * _UNITS)
        closed = self.cap_left <= 0
        if self.problem.feasible is not None:
            closed = closed | ~self.problem.feasible[rows]
        out[np.broadcast_to(closed, out.shape)] = -np.inf
        out[self.pinned_mentor[rows] >= 0] = -np.inf
        lo, hi = np.searchsorted(self.forbid_rows, [rows.start, rows.stop])
        out[self.forbid_rows[lo:hi] - rows.start, self.forbid_cols[lo:hi]] = -np.inf
        return out


def _prepare(problem: Problem) -> _Prepared:
    pinned = np.full(problem.n_mentees, -1, dtype=np.int64)
    cap_left = np.asarray(problem.capacity, dtype=np.int64).copy()
    for i, j in problem.pins:
        pinned[i] = j
        cap_left[j] -= 1
    forbids = np.array(problem.forbids, dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((forbids[:, 1], forbids[:, 0]))
    return _Prepared(problem, pinned, cap_left, forbids[order, 0], forbids[order, 1])


def _assignment(problem: Problem, mentor_of: IntArray) -> Assignment:
    matched = np.flatnonzero(mentor_of >= 0)
    total = float(np.sum(problem.scores[matched, mentor_of[matched]], dtype=np.float64))
    mentor_of = mentor_of.copy()
    mentor_of.flags.writeable = False
    return Assignment(mentor_of, total)


def _top_per_row(values: FloatArray, k: int) -> tuple[IntArray, IntArray]:
    """(row, column) of each row's ``k`` largest finite entries (fewer if not finite)."""
    width = values.shape[1]
    top = np.argpartition(values, width - k, axis=1)[:, width - k :]
    rows = np.repeat(np.arange(values.shape[0], dtype=np.int64), k)
    cols = top.ravel().astype(np.int64)
    keep = np.isfinite(values[rows, cols])
    return rows[keep], cols[keep]


# ----------------------------------------------------------------------------------------
# solve_optimal
#
# With scores rounded to integers s in [0, R] (shifted by the minimum) and a weight
# BIG > (largest matching size) * R per match, the lexicographic objective (most matches,
# then most score) is the transportation LP  max sum(w x), w = BIG + s, over open pairs,
# sum_j x_ij <= 1, sum_i x_ij <= cap_j. Its dual is
#     min sum(u) + sum(cap * v)   s.t.   u_i + v_j >= w_ij on open pairs,  u, v >= 0,
# and a matching x with duals (u, v) that are feasible and complementary (x_ij = 1 => tight;
# u_i > 0 => i matched; v_j > 0 => j full) is optimal. Checking dual feasibility over every
# open pair is one vectorised pass, while finding x only needs a small candidate set:
#   1. candidates: each mentee's best mentors, each mentor's best mentees, plus pairs that
#      let a maximum matching of the candidates match as many as possible;
#   2. solve the candidate problem exactly with scipy's sparse Jonker–Volgenant matcher on
#      capacity copies of the mentors (each row has a private, very costly "unmatched"
#      column, so a full matching always exists);
#   3. recover the least optimal mentor duals v by longest paths (exact int64 arithmetic);
#   4. check u_i + v_j >= w_ij on all open pairs; stop if none is violated: (x, u, v) is
#      then a certificate for the full problem. Otherwise drop the candidates far from
#      tight (the matcher's time grows fast with them), add the violated pairs (and nearly
#      violated ones) and repeat. Dropping happens in the first _PRUNE_ROUNDS rounds
#      only; after that every round adds at least one pair for good, so the loop ends.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidates:
    rows: IntArray  # sorted by mentee, then mentor; no duplicates
    cols: IntArray
    units: IntArray  # rounded scores


@dataclass(frozen=True)
class _Duals:
    v: IntArray  # per mentor
    u: IntArray  # per mentee


@dataclass(frozen=True)
class _Scale:
    low: int  # smallest rounded score of an open pair
    spread: int  # R: largest minus smallest
    max_matches: int  # an upper bound on the size of any matching
    big: int  # weight of a match, BIG > max_matches * R


def _merge(prep: _Prepared, rows: IntArray, cols: IntArray, old: _Candidates | None) -> _Candidates:
    m = prep.m
    key = rows * m + cols
    if old is not None:
        key = np.concatenate([old.rows * m + old.cols, key])
    key = np.unique(key)
    r, c = key // m, key % m
    units = np.rint(prep.problem.scores[r, c].astype(np.float64) * _UNITS).astype(np.int64)
    return _Candidates(r, c, units)


def _first_candidates(prep: _Prepared) -> tuple[_Candidates, _Scale] | None:
    n, m = prep.n, prep.m
    k_row = min(m, _ROW_CANDIDATES)
    k_col = min(n, int(prep.cap_left.max(initial=0)) + _COLUMN_EXTRA)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    best_val = np.full((0, m), -np.inf)
    best_row = np.zeros((0, m), dtype=np.int64)
    low, high, open_rows = np.inf, -np.inf, 0
    for chunk in prep.chunks():
        units = prep.open_units(chunk)
        row_open = np.isfinite(units).any(axis=1)
        if not row_open.any():
            continue
        open_rows += int(np.count_nonzero(row_open))
        low = min(low, float(np.min(units, where=np.isfinite(units), initial=np.inf)))
        high = max(high, float(units.max()))
        r, c = _top_per_row(units, k_row)
        rows.append(r + chunk.start)
        cols.append(c)
        if k_col <= 0:
            continue
        # Keep a running top-k_col of every mentor's column over the chunks seen so far.
        val = np.concatenate([best_val, units])
        idx = np.concatenate(
            [best_row, np.broadcast_to(np.arange(chunk.start, chunk.stop)[:, None], units.shape)]
        )
        if val.shape[0] > k_col:
            sel = np.argpartition(val, val.shape[0] - k_col, axis=0)[val.shape[0] - k_col :]
            val = np.take_along_axis(val, sel, axis=0)
            idx = np.take_along_axis(idx, sel, axis=0)
        best_val, best_row = val, idx.astype(np.int64)
    if not rows:
        return None
    keep = np.isfinite(best_val)
    rows.append(best_row[keep])
    cols.append(np.broadcast_to(np.arange(m, dtype=np.int64), best_val.shape)[keep])
    max_matches = min(open_rows, int(prep.cap_left[prep.cap_left > 0].sum()))
    spread = int(high - low)
    # scipy's float64 matcher sees costs up to ~max_matches * (spread + 1) and sums of a few
    # rows of them; keep all of that well inside the exactly representable integers.
    if 4.0 * (max_matches + 1) ** 2 * (spread + 1) >= _FLOAT_EXACT:
        raise MatchingInputError(
            f"Problem too large for exact arithmetic: up to {max_matches} matches with a "
            f"score spread of {spread * SCORE_STEP:g}; narrow the score range."
        )
    scale = _Scale(int(low), spread, max_matches, max_matches * spread + 1)
    cand = _merge(prep, np.concatenate(rows), np.concatenate(cols), None)
    return _add_room_pairs(prep, cand), scale


def _max_matching(prep: _Prepared, cand: _Candidates) -> IntArray:
    """Mentor per mentee in a maximum-cardinality matching of the candidates (or -1)."""
    caps = prep.cap_left
    slot_start = np.concatenate([[0], np.cumsum(caps)])
    copies = caps[cand.cols]
    first = np.repeat(np.cumsum(copies) - copies, copies)
    slots = np.repeat(slot_start[cand.cols], copies) + np.arange(first.size) - first
    graph = sp.csr_array(
        (np.ones(slots.size, dtype=np.int8), (np.repeat(cand.rows, copies), slots)),
        shape=(prep.n, int(slot_start[-1])),
    )
    slot = maximum_bipartite_matching(graph, perm_type="column")
    owner = np.repeat(np.arange(prep.m, dtype=np.int64), caps)
    return np.where(slot >= 0, owner[np.maximum(slot, 0)], -1)


def _add_room_pairs(prep: _Prepared, cand: _Candidates) -> _Candidates:
    """Add pairs towards mentors a maximum matching of the candidates leaves with room.

    Popular mentors crowd the first candidates, so they often cannot match as many mentees
    as the full problem can. The duals of such a solve carry BIG and guide the next round
    badly, so first make sure the candidates match as many as they plausibly can.
    """
    for _ in range(3):
        mentor_of = _max_matching(prep, cand)
        load = np.bincount(mentor_of[mentor_of >= 0], minlength=prep.m)
        room = np.flatnonzero(load < prep.cap_left)
        unmatched = np.setdiff1d(np.unique(cand.rows), np.flatnonzero(mentor_of >= 0))
        if unmatched.size == 0 or room.size == 0:
            break
        k = min(room.size, _ROOM_CANDIDATES)
        rows: list[IntArray] = []
        cols: list[IntArray] = []
        for chunk in prep.chunks():
            r, c = _top_per_row(prep.open_units(chunk)[:, room], k)
            rows.append(r + chunk.start)
            cols.append(room[c])
        size = cand.rows.size
        cand = _merge(prep, np.concatenate(rows), np.concatenate(cols), cand)
        if cand.rows.size == size:
            break
    return cand


def _solve_candidates(prep: _Prepared, cand: _Candidates, scale: _Scale) -> IntArray:
    """Exact lexicographic optimum over the candidate pairs: mentor per mentee, or -1."""
    mentor_of = np.full(prep.n, -1, dtype=np.int64)
    mentees, mentee_local = np.unique(cand.rows, return_inverse=True)
    mentors, mentor_local, degree = np.unique(cand.cols, return_inverse=True, return_counts=True)
    # A mentor never takes more mentees than it has candidates: fewer capacity copies.
    caps = np.minimum(prep.cap_left[mentors], degree)
    slot_start = np.concatenate([[0], np.cumsum(caps)])
    n_slots = int(slot_start[-1])
    if n_slots == 0 or mentees.size == 0:
        return mentor_of
    copies = caps[mentor_local]
    first = np.repeat(np.cumsum(copies) - copies, copies)
    edge_slot = np.repeat(slot_start[mentor_local], copies) + np.arange(first.size) - first
    edge_mentee = np.repeat(mentee_local, copies)
    # Costs in [1, R + 1] (scipy needs non-zero weights). Every row is matched, to a real
    # column or to its own dummy, so the constant shift does not change the optimum; the
    # dummy outweighs any score gain (<= max_matches * (R + 1)) elsewhere.
    cost = np.repeat((scale.spread + 1 - (cand.units - scale.low)).astype(np.float64), copies)
    dummy = float(scale.max_matches * (scale.spread + 1) + 1)
    mentees_are_rows = mentees.size <= n_slots  # the smaller side must be matched in full
    if mentees_are_rows:
        n_rows, n_cols, r, c = mentees.size, n_slots, edge_mentee, edge_slot
    else:
        n_rows, n_cols, r, c = n_slots, mentees.size, edge_slot, edge_mentee
    diagonal = np.arange(n_rows)
    graph = sp.csr_array(
        (
            np.concatenate([cost, np.full(n_rows, dummy)]),
            (np.concatenate([r, diagonal]), np.concatenate([c, n_cols + diagonal])),
        ),
        shape=(n_rows, n_cols + n_rows),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < n_cols
    row_ind, col_ind = row_ind[real], col_ind[real]
    local_mentee, local_slot = (row_ind, col_ind) if mentees_are_rows else (col_ind, row_ind)
    slot_owner = np.repeat(np.arange(mentors.size), caps)
    mentor_of[mentees[local_mentee]] = mentors[slot_owner[local_slot]]
    return mentor_of


def _least_duals(
    prep: _Prepared, cand: _Candidates, scale: _Scale, mentor_of: IntArray
) -> _Duals | None:
    """Least optimal duals (v per mentor, u per mentee) of the candidate problem.

    With u_i = w_i,k - v_k for i matched to k (tightness), dual feasibility on the candidate
    pairs is a system of difference constraints on v: v_j >= v_k + w_ij - w_ik when i is
    matched to k, v_j >= w_ij when i is unmatched (u_i = 0), v_j >= 0. Its least solution
    is a longest-path problem, solved exactly in int64 by Bellman–Ford. Every optimal dual
    dominates the least solution, so if that breaks an upper bound (v_j = 0 for a mentor
    with room, u_i >= 0) or has a positive cycle (values still rising after m rounds), the
    matching is not optimal: returns None.
    """
    m = prep.m
    weight = scale.big + (cand.units - scale.low)
    partner = mentor_of[cand.rows]
    own = cand.cols == partner
    matched_weight = np.zeros(prep.n, dtype=np.int64)
    matched_weight[cand.rows[own]] = weight[own]
    v = np.zeros(m, dtype=np.int64)
    lone = partner < 0
    np.maximum.at(v, cand.cols[lone], weight[lone])
    arc = (partner >= 0) & ~own
    order = np.argsort(partner[arc], kind="stable")
    src = partner[arc][order]
    dst = cand.cols[arc][order]
    gain = (weight[arc] - matched_weight[cand.rows[arc]])[order]
    start = np.searchsorted(src, np.arange(m + 1))
    # Relax only the arcs leaving mentors whose value changed in the previous round.
    frontier = np.flatnonzero(start[1:] > start[:-1])
    rounds = 0
    while frontier.size:
        if rounds > m:
            return None
        rounds += 1
        idx = _ranges(start, frontier)
        new = v.copy()
        np.maximum.at(new, dst[idx], v[src[idx]] + gain[idx])
        frontier = np.flatnonzero(new > v)
        v = new
    matched = np.flatnonzero(mentor_of >= 0)
    u = np.zeros(prep.n, dtype=np.int64)
    u[matched] = matched_weight[matched] - v[mentor_of[matched]]
    load = np.bincount(mentor_of[matched], minlength=m)
    room = load < prep.cap_left
    if (v[room] != 0).any() or (u < 0).any():
        return None
    return _Duals(v, u)


def _violations(prep: _Prepared, scale: _Scale, duals: _Duals) -> tuple[IntArray, IntArray]:
    """Pairs to add because the certificate fails on their mentee: a few per such mentee.

    For every mentee with a violated pair (u_i + v_j < w_ij), its most violated pairs and
    the pairs within a small fraction of the score spread of violation (they tend to be
    violated next round).
    """
    near = -float(int(_NEAR_FRACTION * scale.spread))
    # Every value here is an integer below 2**53, so these float64 comparisons are exact.
    vf = duals.v.astype(np.float64)
    base = (duals.u - scale.big + scale.low).astype(np.float64)
    k = min(prep.m, _NEW_PER_ROW)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for chunk in prep.chunks():
        excess = prep.open_units(chunk)  # excess > 0  <=>  w_ij > u_i + v_j
        excess -= vf
        excess -= base[chunk, None]
        bad = np.flatnonzero(excess.max(axis=1) > 0)
        if bad.size == 0:
            continue
        sub = excess[bad]
        top = np.argpartition(sub, prep.m - k, axis=1)[:, prep.m - k :]
        keep = np.take_along_axis(sub, top, axis=1) > near
        rows.append(np.broadcast_to(bad[:, None] + chunk.start, top.shape)[keep])
        cols.append(top[keep].astype(np.int64))
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(rows), np.concatenate(cols)


def _ranges(start: IntArray, keys: IntArray) -> IntArray:
    """Concatenated ``arange(start[k], start[k + 1])`` for every k in ``keys``."""
    counts = start[keys + 1] - start[keys]
    offsets = np.cumsum(counts) - counts
    return np.repeat(start[keys] - offsets, counts) + np.arange(int(counts.sum()))


def _drop_slack(cand: _Candidates, scale: _Scale, duals: _Duals) -> _Candidates:
    """Keep the candidate pairs that are tight or nearly so (u_i + v_j - w_ij small).

    The matcher's time grows quickly with the number of pairs it must weigh, and pairs far
    from tight rarely end up in the optimum; if one does, the certificate adds it back.
    """
    weight = scale.big + (cand.units - scale.low)
    slack = duals.u[cand.rows] + duals.v[cand.cols] - weight
    keep = slack <= int(_NEAR_FRACTION * scale.spread)
    return _Candidates(cand.rows[keep], cand.cols[keep], cand.units[keep])


def solve_optimal(problem: Problem) -> Assignment:
    """The assignment with the most matched mentees and, among those, the highest total score.

    Pins are kept, forbidden and infeasible pairs never used, capacities respected. The
    result is proven optimal by an LP-duality certificate over all open pairs (see the
    comment above ``_Candidates``). Deterministic: the same problem always gives the same
    assignment. When several assignments are equally good, which one is returned is fixed
    by the algorithm (scipy's sparse Jonker–Volgenant matcher on candidate pairs that depend
    only on the input), not by a simple rule such as "lowest index first".
    """
    prep = _prepare(problem)
    mentor_of = prep.pinned_mentor.copy()
    first = _first_candidates(prep)
    if first is None:  # nobody left to match, or no capacity left
        return _assignment(problem, mentor_of)
    cand, scale = first
    free_mentor = _solve_candidates(prep, cand, scale)
    duals = _least_duals(prep, cand, scale, free_mentor)
    rounds = 0
    while True:
        if duals is None:  # scipy's matcher is exact, so this cannot happen
            raise RuntimeError("the candidate matching failed its optimality check")
        rows, cols = _violations(prep, scale, duals)
        if rows.size == 0:
            break
        if rounds < _PRUNE_ROUNDS:
            cand = _drop_slack(cand, scale, duals)
        rounds += 1
        cand = _merge(prep, rows, cols, cand)
        free_mentor = _solve_candidates(prep, cand, scale)
        duals = _least_duals(prep, cand, scale, free_mentor)
    chosen = free_mentor >= 0
    mentor_of[chosen] = free_mentor[chosen]
    return _assignment(problem, mentor_of)


# ----------------------------------------------------------------------------------------
# solve_stable
# ----------------------------------------------------------------------------------------

_STABLE_FIRST = 16  # preferences listed up front; most mentees settle within these
_CLOSED = -(2**63) + 1  # sort key of a pair that is not open (negating it cannot overflow)


def solve_stable(problem: Problem) -> Assignment:
    """Mentee-proposing deferred acceptance with capacities (hospitals/residents).

    A mentee prefers mentors with a higher score (ties: lower mentor index); a mentor
    prefers mentees with a higher score (ties: lower mentee index); only open pairs
    (feasible, not forbidden) are acceptable. Pinned mentees are placed first, use up
    capacity, and neither propose nor get displaced. The result is the mentee-optimal
    stable matching of the other mentees: no mentee and mentor would both rather be together
    than with (one of) their current partners. Preferences are strict, so the result is
    unique, hence deterministic.
    """
    prep = _prepare(problem)
    n, m = prep.n, prep.m
    mentor_of = prep.pinned_mentor.copy()
    if n == 0 or m == 0:
        return _assignment(problem, mentor_of)
    # Integer sort keys that encode score first and the lower-index tie-break second: unique
    # within a row (the mentee's view: units * m + rank of j) and within a column (the
    # mentor's view: units * n + rank of i). |units| <= 1e13 by validation.
    if (int(_MAX_ABS_SCORE * _UNITS) + 1) * (max(n, m) + 1) >= _INT_LIMIT:
        raise MatchingInputError("Too many mentees or mentors to rank scores exactly.")
    col_rank = np.arange(m - 1, -1, -1, dtype=np.int64)

    def row_keys(units: FloatArray) -> IntArray:
        is_open = np.isfinite(units)
        keys = np.where(is_open, units, 0).astype(np.int64) * m + col_rank
        keys[~is_open] = _CLOSED
        return keys

    # Each mentee's best few mentors, sorted, with the mentor-side key of each pair; the
    # rest of a row is sorted only for the mentees that get that far.
    k = min(m, _STABLE_FIRST)
    first_mentors = np.zeros((n, k), dtype=np.int64)
    first_keys = np.zeros((n, k), dtype=np.int64)
    first_len = np.zeros(n, dtype=np.int64)
    for chunk in prep.chunks():
        units = prep.open_units(chunk)
        keys = row_keys(units)
        top = np.argpartition(keys, m - k, axis=1)[:, m - k :]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(keys, top, 1), 1), 1)
        top_units = np.take_along_axis(units, top, axis=1)
        top_units[~np.isfinite(top_units)] = 0
        mentee_rank = (n - 1 - np.arange(chunk.start, chunk.stop, dtype=np.int64))[:, None]
        first_mentors[chunk] = top
        first_keys[chunk] = top_units.astype(np.int64) * n + mentee_rank
        first_len[chunk] = np.isfinite(units).sum(axis=1)
    complete = (first_len <= k).tolist()
    length = np.minimum(first_len, k).tolist()
    prefs = list(first_mentors)
    their_keys = list(first_keys)

    def extend(i: int) -> None:
        """Replace mentee i's short list by its whole preference order."""
        units = prep.open_units(slice(i, i + 1))[0]
        keys = row_keys(units)
        order = np.argsort(-keys)[: int(first_len[i])]  # closed pairs sort last
        prefs[i] = order.astype(np.int64)
        their_keys[i] = units[order].astype(np.int64) * n + (n - 1 - i)
        complete[i] = True
        length[i] = order.size

    # Mentor side: a min-heap of (key, mentee) of the mentees it holds, the worst on top, and
    # bar[j], the key a proposal must beat (_CLOSED while there is room). Bars only rise, so
    # a mentee skips, in one vectorised step, every mentor that would reject it now: they
    # would reject it later too, so skipping them does not change the outcome.
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    room = prep.cap_left.tolist()
    bar = np.full(m, _CLOSED, dtype=np.int64)
    bar_list = bar.tolist()
    position = [0] * n
    waiting = np.flatnonzero(first_len > 0)[::-1].tolist()  # a stack: lowest index first
    while waiting:
        i = waiting.pop()
        pos = position[i]
        while True:
            mentors, keys, size = prefs[i], their_keys[i], length[i]
            if pos < size and keys[pos] > bar_list[mentors[pos]]:
                break
            if pos < size:  # rejected at once: look for the next mentor that would not
                acceptable = keys[pos:size] > bar[mentors[pos:size]]
                if acceptable.any():
                    pos += int(np.argmax(acceptable))
                    break
            if complete[i]:
                pos = -1
                break
            extend(i)  # the full order starts with the short list, all of it tried
            pos = size
        if pos < 0:
            continue  # no acceptable mentor left: stays unmatched
        j = int(mentors[pos])
        position[i] = pos + 1
        entry = (int(keys[pos]), i)
        heap = held[j]
        if len(heap) < room[j]:
            heapq.heappush(heap, entry)
        else:
            waiting.append(heapq.heapreplace(heap, entry)[1])
        if len(heap) == room[j]:
            bar[j] = bar_list[j] = heap[0][0]
    for j, heap in enumerate(held):
        for _, i in heap:
            mentor_of[i] = j
    return _assignment(problem, mentor_of)
