"""A stable matching: mentee-proposing deferred acceptance with capacities
(hospitals/residents), so that no mentee and mentor would both rather be together."""

from __future__ import annotations

import heapq

import numpy as np

from .problem import (
    MAX_ABS_SCORE,
    UNITS,
    Assignment,
    AssignmentProblem,
    FloatArray,
    IntArray,
    MatchingInputError,
    assignment,
    prepare,
)

_INT_LIMIT = 2**62  # sort keys (score units × count + rank) must stay inside int64
_STABLE_FIRST = 16  # preferences listed up front; most mentees settle within these
_CLOSED = -(2**63) + 1  # sort key of a pair that is not open (negating it cannot overflow)


def solve_stable(problem: AssignmentProblem) -> Assignment:
    """Mentee-proposing deferred acceptance with capacities (hospitals/residents).

    A mentee prefers mentors with a higher score (ties: lower mentor index); a mentor
    prefers mentees with a higher score (ties: lower mentee index); only open pairs
    (feasible, not forbidden) are acceptable. Pinned mentees are placed first, use up
    capacity, and neither propose nor get displaced. The result is the mentee-optimal
    stable matching of the other mentees: no mentee and mentor would both rather be together
    than with (one of) their current partners. Preferences are strict, so the result is
    unique, hence deterministic.
    """
    prep = prepare(problem)
    n, m = prep.n, prep.m
    mentor_of = prep.pinned_mentor.copy()
    if n == 0 or m == 0:
        return assignment(problem, mentor_of)
    # Integer sort keys that encode score first and the lower-index tie-break second: unique
    # within a row (the mentee's view: units * m + rank of j) and within a column (the
    # mentor's view: units * n + rank of i). |units| <= 1e13 by validation.
    if (int(MAX_ABS_SCORE * UNITS) + 1) * (max(n, m) + 1) >= _INT_LIMIT:
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
    return assignment(problem, mentor_of)
