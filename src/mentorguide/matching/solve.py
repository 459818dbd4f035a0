"""Mentor–mentee assignment: an exact optimum and a stable matching (pure functions, no I/O).

A :class:`Problem` holds a score matrix (mentees × mentors, higher is a better fit), which
pairs are feasible, each mentor's capacity, and pairs that are pinned (must be in the result)
or forbidden. Two solvers read it:

* :func:`solve_optimal` matches as many mentees as possible and, among those assignments,
  maximises the total score. Every answer it returns comes with a proof of optimality (an
  LP-duality certificate checked over *all* feasible pairs), so it is exact, not greedy.
* :func:`solve_stable` runs mentee-proposing deferred acceptance with capacities (the
  hospitals/residents algorithm): no mentee and mentor would both rather be together.

Scores are compared in steps of :data:`SCORE_STEP` (0.0001): each score is rounded to that
grid first, so values that differ only by float noise (say ``40/3`` computed two ways in
float32) tie instead of deciding the outcome. Optimality is exact for the rounded scores;
``Assignment.total_score`` sums the scores as given.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

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
_UNITS = 10_000.0  # 1 / SCORE_STEP; multiplying by an integer rounds better than dividing

# Chunks of the score matrix hold about this many entries (32 MB as float64), so a
# 10,000 × 5,000 problem never needs a second full-size copy of its scores.
_CHUNK_ENTRIES = 1 << 22
# Candidate pairs for the first pruned solve: each mentee's best few mentors and each
# mentor's best (capacity + a few) mentees. The certificate adds whatever else is needed.
_ROW_CANDIDATES = 8
_COLUMN_EXTRA = 4
# Pairs added per mentee and round when the certificate finds violated constraints.
_NEW_PER_ROW = 16
# Integers up to 2**53 are exact in float64; scipy's matcher works in float64.
_FLOAT_EXACT = float(2**53)


class MatchingInputError(ValueError):
    """The problem is malformed: bad shapes, values out of range or impossible pins."""


def _pair_list(name: str, pairs: object, n: int, m: int) -> tuple[tuple[int, int], ...]:
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
                f"{name[:-1].capitalize()} ({i}, {j}) is out of range for "
                f"{n} mentees and {m} mentors."
            )
        out.append((i, j))
    return tuple(out)


@dataclass(frozen=True, eq=False)
class Problem:
    """An assignment problem; validated on construction (raises :class:`MatchingInputError`).

    ``scores[i, j]`` is the fit of mentee ``i`` with mentor ``j`` (higher is better; any
    finite float, typically 0–100; entries of infeasible pairs are ignored and may be NaN).
    ``feasible[i, j]`` says whether the pair may be matched at all (``None``: every pair).
    ``capacity[j] >= 0`` is how many mentees mentor ``j`` takes. ``pins`` must be in the
    result and use up capacity; ``forbids`` are never matched. Arrays are stored as
    read-only views, not copied.
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
            raise MatchingInputError(f"scores must be numbers; got dtype {scores.dtype}.")
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
                f"Mentor {j} has negative capacity {int(capacity[j])}; capacities must be >= 0."
            )
        feasible = None
        if self.feasible is not None:
            feasible = np.asarray(self.feasible)
            if feasible.shape != scores.shape or feasible.dtype != np.bool_:
                raise MatchingInputError(
                    f"feasible must be a boolean array of shape {scores.shape}; "
                    f"got {feasible.dtype} of shape {feasible.shape}."
                )
        finite = np.isfinite(scores)
        bad = ~finite if feasible is None else (~finite & feasible)
        if bad.any():
            i, j = (int(x) for x in np.argwhere(bad)[0])
            raise MatchingInputError(
                f"Score of feasible pair ({i}, {j}) is {scores[i, j]}; scores must be finite."
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
        for name, arr in (("scores", scores), ("capacity", capacity), ("feasible", feasible)):
            if arr is not None:
                view = arr.view()
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

    mentor_of: npt.NDArray[np.int64]
    total_score: float

    @property
    def n_matched(self) -> int:
        return int(np.count_nonzero(self.mentor_of >= 0))

    def pairs(self) -> list[tuple[int, int]]:
        """Matched ``(mentee, mentor)`` pairs in mentee order."""
        mentees = np.flatnonzero(self.mentor_of >= 0)
        return [(int(i), int(self.mentor_of[i])) for i in mentees]


@dataclass(frozen=True)
class _Prepared:
    """What both solvers need: the pins applied, and which pairs remain open."""

    problem: Problem
    pinned_mentor: IntArray  # per mentee: its pinned mentor, or -1
    cap_left: IntArray  # capacity after pins
    forbid_rows: IntArray  # forbids sorted by mentee, for chunked masking
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
        """Rounded scores (integers in float64) of ``rows``; -inf where a pair is not open.

        A pair is open when it is feasible, not forbidden, the mentee is not pinned and the
        mentor has capacity left after pins.
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
    n, m = problem.n_mentees, problem.n_mentors
    pinned = np.full(n, -1, dtype=np.int64)
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
    result = mentor_of.copy()
    result.flags.writeable = False
    return Assignment(result, total)


# --------------------------------------------------------------------------------------
# solve_optimal
#
# The objective is lexicographic (most matches, then most score). With scores rounded to
# integers s in [0, R] and BIG > (largest matching size) * R, it equals maximising the
# sum of w = BIG + s over a b-matching, a transportation LP whose dual is
#     min sum(u) + sum(cap * v)  s.t.  u_i + v_j >= w_ij on open pairs,  u, v >= 0.
# A matching x and duals (u, v) that are feasible and complementary (x_ij = 1 => tight;
# u_i > 0 => i matched; v_j > 0 => j full) prove x optimal. Checking dual feasibility over
# every open pair is one vectorised pass, while finding x only needs a small candidate set:
#   1. pick candidates (each mentee's best mentors, each mentor's best mentees);
#   2. solve the candidate problem exactly with scipy's sparse Jonker–Volgenant matcher
#      (capacity copies of each mentor, one private "unmatched" column per row);
#   3. recover the least optimal mentor duals v by longest paths (exact int64 arithmetic);
#   4. check u_i + v_j >= w_ij on all open pairs; add violated pairs to the candidates and
#      repeat until none is violated. Each round adds pairs, so this terminates.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidates:
    rows: IntArray
    cols: IntArray
    units: IntArray  # rounded scores of the pairs, before shifting by the minimum


@dataclass(frozen=True)
class _Scale:
    low: int  # smallest rounded score over open pairs
    spread: int  # R: largest minus smallest rounded score
    big: int  # weight of a match: BIG > max_matches * R
    max_matches: int


def _first_candidates(prep: _Prepared) -> tuple[_Candidates, _Scale] | None:
    n, m = prep.n, prep.m
    k_row = min(m, _ROW_CANDIDATES)
    k_col = min(n, int(prep.cap_left.max(initial=0)) + _COLUMN_EXTRA)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    best_val = np.full((0, m), -np.inf)
    best_row = np.zeros((0, m), dtype=np.int64)
    low, high = np.inf, -np.inf
    open_rows = 0
    for chunk in prep.chunks():
        units = prep.open_units(chunk)
        is_open = np.isfinite(units)
        if not is_open.any():
            continue
        low = min(low, float(units[is_open].min()))
        high = max(high, float(units.max()))
        open_rows += int(np.count_nonzero(is_open.any(axis=1)))
        top = np.argpartition(units, m - k_row, axis=1)[:, m - k_row :]
        r = np.repeat(np.arange(chunk.start, chunk.stop, dtype=np.int64), k_row)
        c = top.ravel().astype(np.int64)
        keep = np.isfinite(units[r - chunk.start, c])
        rows.append(r[keep])
        cols.append(c[keep])
        # Running top-k_col per mentor over the chunks seen so far.
        val = np.concatenate([best_val, units])
        idx = np.concatenate([best_row, np.broadcast_to(np.arange(chunk.start, chunk.stop)[:, None], units.shape)])
        if val.shape[0] > k_col:
            sel = np.argpartition(val, val.shape[0] - k_col, axis=0)[val.shape[0] - k_col :]
            val = np.take_along_axis(val, sel, axis=0)
            idx = np.take_along_axis(idx, sel, axis=0)
        best_val, best_row = val, idx.astype(np.int64)
    if not rows:
        return None
    keep = np.isfinite(best_val)
    cols_of_best = np.broadcast_to(np.arange(m, dtype=np.int64), best_val.shape)
    rows.append(best_row[keep])
    cols.append(cols_of_best[keep])
    max_matches = min(open_rows, int(prep.cap_left[prep.cap_left > 0].sum()))
    spread = int(high - low)
    big = max_matches * spread + 1
    # Keep every quantity scipy's float64 matcher and our int64 checks see exact.
    if 4.0 * (max_matches + 1) * (max_matches + 1) * (spread + 1) >= _FLOAT_EXACT:
        raise MatchingInputError(
            f"Problem too large for exact arithmetic: {max_matches} possible matches with a "
            f"score spread of {spread * SCORE_STEP:g}; use a smaller score range."
        )
    cand = _merge(prep, np.concatenate(rows), np.concatenate(cols))
    return cand, _Scale(int(low), spread, big, max_matches)


def _merge(prep: _Prepared, rows: IntArray, cols: IntArray, old: _Candidates | None = None) -> _Candidates:
    """Deduplicate candidate pairs (sorted by mentee, then mentor) and attach their scores."""
    m = prep.m
    key = rows * m + cols
    if old is not None:
        key = np.concatenate([old.rows * m + old.cols, key])
    key = np.unique(key)
    r, c = key // m, key % m
    units = np.rint(prep.problem.scores[r, c].astype(np.float64) * _UNITS).astype(np.int64)
    return _Candidates(r, c, units)


def _solve_candidates(prep: _Prepared, cand: _Candidates, scale: _Scale) -> IntArray:
    """Exact lexicographic optimum over the candidate pairs; mentor per mentee or -1."""
    mentees, mentee_local = np.unique(cand.rows, return_inverse=True)
    mentors, mentor_local = np.unique(cand.cols, return_inverse=True)
    caps = prep.cap_left[mentors]
    slot_start = np.concatenate([[0], np.cumsum(caps)])
    n_slots = int(slot_start[-1])
    # One edge per capacity copy ("slot") of the mentor.
    copies = caps[mentor_local]
    edge_mentee = np.repeat(mentee_local, copies)
    first = np.repeat(np.cumsum(copies) - copies, copies)
    edge_slot = np.repeat(slot_start[mentor_local], copies) + np.arange(first.size) - first
    # Costs in [1, R + 1] (scipy needs non-zero weights); a row that stays unmatched takes its
    # private dummy column, whose cost outweighs any score gain elsewhere.
    cost = np.repeat((scale.spread + 1 - (cand.units - scale.low)).astype(np.float64), copies)
    dummy = float(scale.max_matches * (scale.spread + 1) + 1)
    mentees_are_rows = mentees.size <= n_slots
    if mentees_are_rows:
        n_rows, n_cols, r, c = mentees.size, n_slots, edge_mentee, edge_slot
    else:
        n_rows, n_cols, r, c = n_slots, mentees.size, edge_slot, edge_mentee
    graph = sp.csr_array(
        (
            np.concatenate([cost, np.full(n_rows, dummy)]),
            (
                np.concatenate([r, np.arange(n_rows)]),
                np.concatenate([c, n_cols + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_cols + n_rows),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < n_cols
    row_ind, col_ind = row_ind[real], col_ind[real]
    slot_owner = np.repeat(np.arange(mentors.size), caps)
    if mentees_are_rows:
        local_mentee, local_slot = row_ind, col_ind
    else:
        local_mentee, local_slot = col_ind, row_ind
    mentor_of = np.full(prep.n, -1, dtype=np.int64)
    mentor_of[mentees[local_mentee]] = mentors[slot_owner[local_slot]]
    return mentor_of


def _least_duals(
    prep: _Prepared, cand: _Candidates, scale: _Scale, mentor_of: IntArray
) -> tuple[IntArray, IntArray]:
    """Least optimal mentor duals v (and the matching mentee duals u) for the candidates.

    With u_i = w_i,mentor(i) - v_mentor(i), dual feasibility on the candidate pairs is a
    system of difference constraints on v (v_j >= v_k + w_ij - w_ik when i is matched to
    k; v_j >= w_ij when i is unmatched; v_j >= 0), solved exactly by longest paths. Any
    optimal dual dominates the least solution, so if that violates an upper bound (v_j = 0
    for a mentor with room, u_i >= 0) or has a positive cycle, the matching is not optimal.
    """
    m, big = prep.m, scale.big
    weight = big + (cand.units - scale.low)
    partner = mentor_of[cand.rows]
    own = cand.cols == partner
    matched_weight = np.zeros(prep.n, dtype=np.int64)
    matched_weight[cand.rows[own]] = weight[own]
    v = np.zeros(m, dtype=np.int64)
    lone = partner < 0
    np.maximum.at(v, cand.cols[lone], weight[lone])
    arc = (partner >= 0) & ~own
    src, dst = partner[arc], cand.cols[arc]
    gain = weight[arc] - matched_weight[cand.rows[arc]]
    order = np.argsort(src, kind="stable")
    src, dst, gain = src[order], dst[order], gain[order]
    start = np.searchsorted(src, np.arange(m + 1))
    frontier = np.flatnonzero(start[1:] > start[:-1])
    for _ in range(m + 1):
        if frontier.size == 0:
            break
        counts = start[frontier + 1] - start[frontier]
        offsets = np.cumsum(counts) - counts
        idx = np.repeat(start[frontier] - offsets, counts) + np.arange(int(counts.sum()))
        new = v.copy()
        np.maximum.at(new, dst[idx], v[src[idx]] + gain[idx])
        frontier = np.flatnonzero(new > v)
        v = new
    else:
        raise RuntimeError("matching is not optimal on its candidates (positive cycle)")
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    u = np.zeros(prep.n, dtype=np.int64)
    matched = np.flatnonzero(mentor_of >= 0)
    u[matched] = matched_weight[matched] - v[mentor_of[matched]]
    room = (load < prep.cap_left) & (prep.cap_left > 0)
    if (v[room] != 0).any() or (u < 0).any():
        raise RuntimeError("matching is not optimal on its candidates (dual bound)")
    return v, u


def _violations(
    prep: _Prepared, scale: _Scale, v: IntArray, u: IntArray
) -> tuple[IntArray, IntArray]:
    """Open pairs with u_i + v_j < w_ij (the certificate fails there), a few per mentee."""
    # In float64 every value here is an integer below 2**53, so the comparisons are exact.
    vf = v.astype(np.float64)
    slack_base = (u - scale.big + scale.low).astype(np.float64)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for chunk in prep.chunks():
        excess = prep.open_units(chunk)
        excess -= vf
        excess -= slack_base[chunk, None]
        bad_rows = np.flatnonzero((excess > 0).any(axis=1))
        if bad_rows.size == 0:
            continue
        sub = excess[bad_rows]
        k = min(prep.m, _NEW_PER_ROW)
        top = np.argpartition(sub, prep.m - k, axis=1)[:, prep.m - k :]
        r = np.repeat(bad_rows, k)
        c = top.ravel().astype(np.int64)
        keep = sub[np.repeat(np.arange(bad_rows.size), k), c] > 0
        rows.append(r[keep] + chunk.start)
        cols.append(c[keep])
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(rows), np.concatenate(cols)


def solve_optimal(problem: Problem) -> Assignment:
    """The assignment with the most matched mentees and, among those, the highest total score.

    Pins are kept, forbidden and infeasible pairs never used, capacities respected. The
    result is proven optimal by an LP-duality certificate (see the comment above
    ``_Candidates``). Deterministic: the same problem always gives the same assignment;
    among equally good assignments the one returned is fixed by the algorithm (scipy's
    sparse Jonker–Volgenant on a candidate set that depends only on the input), not by a
    simple rule such as "lowest index first".
    """
    prep = _prepare(problem)
    mentor_of = prep.pinned_mentor.copy()
    first = _first_candidates(prep)
    if first is None:
        return _assignment(problem, mentor_of)
    cand, scale = first
    while True:
        free_of = _solve_candidates(prep, cand, scale)
        v, u = _least_duals(prep, cand, scale, free_of)
        new_rows, new_cols = _violations(prep, scale, v, u)
        if new_rows.size == 0:
            break
        cand = _merge(prep, new_rows, new_cols, cand)
    chosen = free_of >= 0
    mentor_of[chosen] = free_of[chosen]
    return _assignment(problem, mentor_of)


# --------------------------------------------------------------------------------------
# solve_stable
# --------------------------------------------------------------------------------------

# Each mentee's preference list is built lazily in blocks: most mentees are accepted by one
# of their first few choices, so sorting whole rows would waste time and memory.
_STABLE_BLOCK = 16


def solve_stable(problem: Problem) -> Assignment:
    """Mentee-proposing deferred acceptance with capacities (hospitals/residents).

    A mentee prefers mentors with a higher score (ties: lower mentor index); a mentor
    prefers mentees with a higher score (ties: lower mentee index); only open pairs
    (feasible, not forbidden) are acceptable. Pinned mentees are placed first, use up
    capacity and never propose or get displaced. The result is the mentee-optimal stable
    matching: among the mentees that are not pinned, no mentee and mentor would both rather
    be together than with (one of) their current partners. Preferences are strict, so the
    result is unique and deterministic.
    """
    prep = _prepare(problem)
    n, m = prep.n, prep.m
    mentor_of = prep.pinned_mentor.copy()
    # Sort keys that are unique per row/column and encode the tie-breaks: higher score
    # first, then lower index. Rounded scores are < 2**53 / (n + m), so they fit in int64.
    lists: dict[int, list[int]] = {}
    keys_of: dict[int, list[int]] = {}
    done_upto: dict[int, float] = {}

    # First blocks for every mentee, chunk by chunk.
    k = min(m, _STABLE_BLOCK)
    col_key = np.arange(m - 1, -1, -1, dtype=np.float64)  # lower index ranks higher
    for chunk in prep.chunks():
        units = prep.open_units(chunk)
        order_key = units * m + col_key  # -inf stays -inf
        top = np.argpartition(order_key, m - k, axis=1)[:, m - k :]
        top_keys = np.take_along_axis(order_key, top, axis=1)
        order = np.argsort(-top_keys, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_keys = np.take_along_axis(top_keys, order, axis=1)
        top_units = np.take_along_axis(units, top, axis=1)
        for r, i in enumerate(range(chunk.start, chunk.stop)):
            if prep.pinned_mentor[i] >= 0:
                continue
            ok = np.isfinite(top_keys[r])
            lists[i] = top[r][ok].tolist()
            keys_of[i] = top_units[r][ok].astype(np.int64).tolist()
            # Everything ranked at or above this key is already listed.
            done_upto[i] = float(top_keys[r][ok][-1]) if ok.all() and m > k else -np.inf

    def extend(i: int) -> bool:
        """Append the next block of mentee i's preferences; False when none are left."""
        limit = done_upto[i]
        if limit == -np.inf:
            return False
        units = prep.open_units(slice(i, i + 1))[0]
        order_key = units * m + col_key
        rest = np.flatnonzero(order_key < limit)
        rest = rest[np.isfinite(order_key[rest])]
        if rest.size == 0:
            done_upto[i] = -np.inf
            return False
        kk = min(rest.size, _STABLE_BLOCK)
        part = rest[np.argpartition(order_key[rest], rest.size - kk)[rest.size - kk :]]
        part = part[np.argsort(-order_key[part], kind="stable")]
        lists[i].extend(part.tolist())
        keys_of[i].extend(units[part].astype(np.int64).tolist())
        done_upto[i] = float(order_key[part[-1]]) if rest.size > kk else -np.inf
        return True

    # Mentor side: a min-heap of (score, -mentee) for the mentees it holds, worst on top.
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    room = prep.cap_left.tolist()
    position = dict.fromkeys(lists, 0)
    waiting = sorted(lists, reverse=True)  # a stack; the lowest index proposes first
    while waiting:
        i = waiting.pop()
        pos = position[i]
        if pos == len(lists[i]) and not extend(i):
            continue  # no acceptable mentor left: stays unmatched
        j = lists[i][pos]
        position[i] = pos + 1
        entry = (keys_of[i][pos], -i)
        heap = held[j]
        if len(heap) < room[j]:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            rejected = -heapq.heapreplace(heap, entry)[1]
            waiting.append(rejected)
        else:
            waiting.append(i)
    for j, heap in enumerate(held):
        for _, neg_i in heap:
            mentor_of[-neg_i] = j
    return _assignment(problem, mentor_of)
