"""The exact optimum: the most matched mentees and, among those, the highest total score.

Every answer is proven optimal by an LP-duality certificate checked over *all* open pairs,
so it is exact, not greedy (how, in the comment above ``_Candidates``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import maximum_flow, min_weight_full_bipartite_matching

from .problem import (
    SCORE_STEP,
    UNITS,
    Assignment,
    AssignmentProblem,
    FloatArray,
    IntArray,
    MatchingInputError,
    Prepared,
    assignment,
    prepare,
)
from .ties import TieBreak

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
# Problems whose capacity-expanded matrix has at most this many entries are solved densely.
_DENSE_ENTRIES = 1 << 20
# Integers up to 2**53 are exact in float64, which scipy's matcher computes in.
_FLOAT_EXACT = float(2**53)


def _top_per_row(values: FloatArray, k: int) -> tuple[IntArray, IntArray]:
    """(row, column) of each row's ``k`` largest finite entries (fewer if not finite)."""
    width = values.shape[1]
    top = np.argpartition(values, width - k, axis=1)[:, width - k :]
    rows = np.repeat(np.arange(values.shape[0], dtype=np.int64), k)
    cols = top.ravel().astype(np.int64)
    keep = np.isfinite(values[rows, cols])
    return rows[keep], cols[keep]


# ----------------------------------------------------------------------------------------
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


def _merge(prep: Prepared, rows: IntArray, cols: IntArray, old: _Candidates | None) -> _Candidates:
    m = prep.m
    key = rows * m + cols
    if old is not None:
        key = np.concatenate([old.rows * m + old.cols, key])
    key = np.unique(key)
    r, c = key // m, key % m
    units = np.rint(prep.problem.scores[r, c].astype(np.float64) * UNITS).astype(np.int64)
    return _Candidates(r, c, units)


def _first_candidates(prep: Prepared, ties: TieBreak) -> tuple[_Candidates, _Scale] | None:
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
        keyed, by_column = ties.keyed_both(units, chunk)
        del units
        r, c = _top_per_row(keyed, k_row)
        rows.append(r + chunk.start)
        cols.append(c)
        if k_col <= 0:
            continue
        # Keep a running top-k_col of every mentor's column over the chunks seen so far.
        val = np.concatenate([best_val, by_column])
        idx = np.concatenate(
            [best_row, np.broadcast_to(np.arange(chunk.start, chunk.stop)[:, None], keyed.shape)]
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
    return _add_room_pairs(prep, cand, ties), scale


def _max_matching(prep: Prepared, cand: _Candidates) -> IntArray:
    """Mentor per mentee in a maximum-cardinality matching of the candidates (or -1).

    A maximum flow (Dinic's algorithm) from a source through the mentees (capacity 1) and
    the candidate pairs to the mentors (capacity: room left) and a sink. Unlike a bipartite
    matcher on capacity copies of the mentors, its size does not grow with capacity, and
    copies of one mentor do not offer it many equal augmenting paths when answers tie.
    """
    n, m = prep.n, prep.m
    source, sink = n + m, n + m + 1
    tail = np.concatenate([np.full(n, source), cand.rows, n + np.arange(m)])
    head = np.concatenate([np.arange(n), n + cand.cols, np.full(m, sink)])
    capacity = np.concatenate(
        [np.ones(n, np.int32), np.ones(cand.rows.size, np.int32), prep.cap_left.astype(np.int32)]
    )
    graph = sp.csr_array((capacity, (tail, head)), shape=(n + m + 2, n + m + 2))
    flow = maximum_flow(graph, source, sink).flow
    used = sp.coo_array(flow[:n, n : n + m])
    mentor_of = np.full(n, -1, dtype=np.int64)
    positive = used.data > 0
    mentor_of[used.row[positive]] = used.col[positive]
    return mentor_of


def _add_room_pairs(prep: Prepared, cand: _Candidates, ties: TieBreak) -> _Candidates:
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
            r, c = _top_per_row(ties.keyed(prep.open_units(chunk)[:, room], chunk, room), k)
            rows.append(r + chunk.start)
            cols.append(room[c])
        size = cand.rows.size
        cand = _merge(prep, np.concatenate(rows), np.concatenate(cols), cand)
        if cand.rows.size == size:
            break
    return cand


def _solve_candidates(prep: Prepared, cand: _Candidates, scale: _Scale) -> IntArray:
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
    prep: Prepared, cand: _Candidates, scale: _Scale, mentor_of: IntArray
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


def _violations(
    prep: Prepared, scale: _Scale, duals: _Duals, ties: TieBreak
) -> tuple[IntArray, IntArray]:
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
        keyed = ties.keyed(sub, bad + chunk.start)
        top = np.argpartition(keyed, prep.m - k, axis=1)[:, prep.m - k :]
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


def _all_pairs(prep: Prepared) -> tuple[_Candidates, _Scale] | None:
    """Every open pair as a candidate (for a problem small enough to weigh them all)."""
    units = prep.open_units(slice(0, prep.n))
    rows, cols = np.nonzero(np.isfinite(units))
    if rows.size == 0 or not (prep.cap_left > 0).any():
        return None
    values = units[rows, cols].astype(np.int64)
    low, spread = int(values.min()), int(values.max() - values.min())
    max_matches = min(int(np.unique(rows).size), int(prep.cap_left[prep.cap_left > 0].sum()))
    if 4.0 * (max_matches + 1) ** 2 * (spread + 1) >= _FLOAT_EXACT:
        return None  # the general path reports it
    scale = _Scale(low, spread, max_matches, max_matches * spread + 1)
    return _Candidates(rows.astype(np.int64), cols.astype(np.int64), values), scale


def _solve_dense(prep: Prepared, cand: _Candidates, scale: _Scale) -> IntArray:
    """The exact optimum over ``cand`` with scipy's dense Jonker–Volgenant solver: one
    column per unit of capacity, and a private "unmatched" partner worth 0 for each item of
    the smaller side (which the solver assigns in full), so every assignment is feasible."""
    mentor_of = np.full(prep.n, -1, dtype=np.int64)
    mentees, mentee_local = np.unique(cand.rows, return_inverse=True)
    caps = np.minimum(prep.cap_left, np.bincount(cand.cols, minlength=prep.m))
    slot_start = np.concatenate([[0], np.cumsum(caps)])
    n_rows, n_slots = mentees.size, int(slot_start[-1])
    small = min(n_rows, n_slots)
    shape = (n_rows, n_slots + small) if n_rows <= n_slots else (n_rows + small, n_slots)
    value = np.full(shape, -np.inf)
    if n_rows <= n_slots:
        value[np.arange(small), n_slots + np.arange(small)] = 0.0
    else:
        value[n_rows + np.arange(small), np.arange(small)] = 0.0
    copies = caps[cand.cols]
    first = np.repeat(np.cumsum(copies) - copies, copies)
    slots = np.repeat(slot_start[cand.cols], copies) + np.arange(first.size) - first
    weight = (scale.big + (cand.units - scale.low)).astype(np.float64)
    value[np.repeat(mentee_local, copies), slots] = np.repeat(weight, copies)
    rows, columns = linear_sum_assignment(value, maximize=True)
    real = (rows < n_rows) & (columns < n_slots)
    owner = np.repeat(np.arange(prep.m), caps)
    mentor_of[mentees[rows[real]]] = owner[columns[real]]
    return mentor_of


def solve_optimal(problem: AssignmentProblem) -> Assignment:
    """The assignment with the most matched mentees and, among those, the highest total score.

    Pins are kept, forbidden and infeasible pairs never used, capacities respected. The
    result is proven optimal by an LP-duality certificate over all open pairs (see the
    comment above ``_Candidates``). Deterministic: the same problem always gives the same
    assignment. When several assignments are equally good, which one is returned is fixed
    by the algorithm (scipy's sparse Jonker–Volgenant matcher on candidate pairs that depend
    only on the input), not by a simple rule such as "lowest index first".
    """
    prep = prepare(problem)
    mentor_of = prep.pinned_mentor.copy()
    slots = int(prep.cap_left[prep.cap_left > 0].sum())
    if prep.n * (slots + prep.n) <= _DENSE_ENTRIES:
        # Small enough to weigh every pair at once: candidates would only cost time.
        every = _all_pairs(prep)
        if every is None:
            return assignment(problem, mentor_of)
        free_mentor = _solve_dense(prep, *every)
        if _least_duals(prep, *every, free_mentor) is None:  # the same certificate
            raise RuntimeError("the dense matching failed its optimality check")
        chosen = free_mentor >= 0
        mentor_of[chosen] = free_mentor[chosen]
        return assignment(problem, mentor_of)
    ties = TieBreak.of(prep.n, prep.m)
    first = _first_candidates(prep, ties)
    if first is None:  # nobody left to match, or no capacity left
        return assignment(problem, mentor_of)
    cand, scale = first
    free_mentor = _solve_candidates(prep, cand, scale)
    duals = _least_duals(prep, cand, scale, free_mentor)
    rounds = 0
    while True:
        if duals is None:  # scipy's matcher is exact, so this cannot happen
            raise RuntimeError("the candidate matching failed its optimality check")
        rows, cols = _violations(prep, scale, duals, ties)
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
    return assignment(problem, mentor_of)
