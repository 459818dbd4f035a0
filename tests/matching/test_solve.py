"""Specifications of the assignment solvers in ``mentorguide.matching.solve``."""

from __future__ import annotations

import itertools
from typing import TypedDict
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from mentorguide.matching import optimal, stable
from mentorguide.matching.solve import (
    Assignment,
    AssignmentProblem,
    MatchingInputError,
    solve_optimal,
    solve_stable,
)

# Scores are multiples of 2.5 from a handful of values: many ties, and exact after rounding.
SCORE = st.integers(0, 4).map(lambda x: x * 2.5)


@st.composite
def problems(draw: st.DrawFn, max_mentees: int = 7, max_mentors: int = 5) -> AssignmentProblem:
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    scores = draw(arrays(np.float64, (n, m), elements=SCORE))
    feasible = draw(arrays(np.bool_, (n, m), elements=st.sampled_from([True, True, True, False])))
    capacity = draw(arrays(np.int64, (m,), elements=st.integers(0, 3)))
    pins: list[tuple[int, int]] = []
    left = capacity.copy()
    for i in draw(st.permutations(range(n)))[: draw(st.integers(0, 2))]:
        open_mentors = [j for j in range(m) if feasible[i, j] and left[j] > 0]
        if open_mentors:
            j = draw(st.sampled_from(open_mentors))
            pins.append((i, j))
            left[j] -= 1
    all_pairs = [(i, j) for i in range(n) for j in range(m) if (i, j) not in pins]
    forbids = draw(st.lists(st.sampled_from(all_pairs), max_size=4)) if all_pairs else []
    return AssignmentProblem(scores, capacity, feasible, tuple(pins), tuple(forbids))


def open_mask(problem: AssignmentProblem) -> np.ndarray:
    """Pairs a solver may choose for mentees that are not pinned."""
    mask = np.ones(problem.scores.shape, dtype=bool)
    if problem.feasible is not None:
        mask &= problem.feasible
    for i, j in problem.forbids:
        mask[i, j] = False
    return mask


def objective(problem: AssignmentProblem, mentor_of: np.ndarray) -> tuple[int, float]:
    matched = np.flatnonzero(mentor_of >= 0)
    return matched.size, float(problem.scores[matched, mentor_of[matched]].sum())


def brute_force(problem: AssignmentProblem) -> tuple[int, float]:
    """Best (matches, total) over every assignment that keeps the pins."""
    n, m = problem.scores.shape
    allowed = open_mask(problem)
    pinned = dict(problem.pins)
    choices = [
        [pinned[i]] if i in pinned else [-1, *np.flatnonzero(allowed[i]).tolist()] for i in range(n)
    ]
    best = (-1, -1.0)
    for combo in itertools.product(*choices):
        mentor_of = np.array(combo, dtype=np.int64)
        load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
        if (load <= problem.capacity).all():
            best = max(best, objective(problem, mentor_of))
    return best


def lsa_reference(problem: AssignmentProblem) -> tuple[int, float]:
    """Cardinality first, then score, via scipy on capacity copies plus "unmatched" columns."""
    n, m = problem.scores.shape
    pinned = dict(problem.pins)
    left = problem.capacity.astype(np.int64).copy()
    for j in pinned.values():
        left[j] -= 1
    free = [i for i in range(n) if i not in pinned]
    slots = np.repeat(np.arange(m), left)
    pins_score = sum(problem.scores[i, j] for i, j in pinned.items())
    if not free or slots.size == 0:
        return len(pinned), float(pins_score)
    big = (len(free) + 1) * (float(problem.scores.max()) + 1)
    free_rows = np.array(free, dtype=np.intp)
    allowed = open_mask(problem)[np.ix_(free_rows, slots)]
    real = np.where(allowed, -(big + problem.scores[np.ix_(free_rows, slots)]), np.inf)
    dummy = np.full((len(free), len(free)), np.inf)
    np.fill_diagonal(dummy, 0.0)
    rows, cols = linear_sum_assignment(np.hstack([real, dummy]))
    used = cols < slots.size
    total = pins_score + problem.scores[free_rows[rows[used]], slots[cols[used]]].sum()
    return len(pinned) + int(used.sum()), float(total)


def assert_valid(problem: AssignmentProblem, result: Assignment) -> None:
    n, m = problem.scores.shape
    mentor_of = result.mentor_of
    assert mentor_of.shape == (n,)
    assert ((mentor_of >= -1) & (mentor_of < m)).all()
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    assert (load <= problem.capacity).all()
    for i, j in problem.pins:
        assert mentor_of[i] == j
    pinned = {i for i, _ in problem.pins}
    allowed = open_mask(problem)
    for i, j in result.pairs():
        assert i in pinned or allowed[i, j]
    assert result.total_score == pytest.approx(objective(problem, mentor_of)[1])


def mentee_prefers(problem: AssignmentProblem, i: int, j: int, current: int) -> bool:
    s = problem.scores
    return current < 0 or (s[i, j], -j) > (s[i, current], -current)


def blocking_pairs(problem: AssignmentProblem, mentor_of: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j), i not pinned, that would both rather be together."""
    n, m = problem.scores.shape
    s = problem.scores
    pinned = {i for i, _ in problem.pins}
    allowed = open_mask(problem)
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    found = []
    for i in range(n):
        if i in pinned:
            continue
        for j in range(m):
            if not allowed[i, j] or mentor_of[i] == j:
                continue
            if not mentee_prefers(problem, i, j, int(mentor_of[i])):
                continue
            held = [k for k in np.flatnonzero(mentor_of == j) if k not in pinned]
            if load[j] < problem.capacity[j] or any((s[i, j], -i) > (s[k, j], -k) for k in held):
                found.append((i, j))
    return found


# --- solve_optimal: properties ------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(problems())
def test_optimal_respects_every_constraint(problem: AssignmentProblem) -> None:
    assert_valid(problem, solve_optimal(problem))


@settings(max_examples=150, deadline=None)
@given(problems(max_mentees=5, max_mentors=4))
def test_optimal_equals_brute_force(problem: AssignmentProblem) -> None:
    result = solve_optimal(problem)
    assert objective(problem, result.mentor_of) == brute_force(problem)


@settings(max_examples=150, deadline=None)
@given(problems(max_mentees=12, max_mentors=6))
def test_optimal_equals_scipy_on_capacity_copies(problem: AssignmentProblem) -> None:
    count, total = objective(problem, solve_optimal(problem).mentor_of)
    ref_count, ref_total = lsa_reference(problem)
    assert count == ref_count
    assert total == pytest.approx(ref_total, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(problems(max_mentees=12, max_mentors=6))
def test_optimal_is_exact_even_from_the_poorest_candidates(problem: AssignmentProblem) -> None:
    # One candidate per mentee and none added for room or near-violations: the certificate
    # loop alone must reach the optimum.
    with (
        mock.patch.object(optimal, "_ROW_CANDIDATES", 1),
        mock.patch.object(optimal, "_COLUMN_EXTRA", -100),
        mock.patch.object(optimal, "_NEW_PER_ROW", 1),
        mock.patch.object(optimal, "_NEAR_FRACTION", 0.0),
        mock.patch.object(optimal, "_add_room_pairs", lambda prep, cand, ties: cand),
    ):
        result = solve_optimal(problem)
    assert_valid(problem, result)
    assert objective(problem, result.mentor_of)[0] == lsa_reference(problem)[0]
    assert objective(problem, result.mentor_of)[1] == pytest.approx(lsa_reference(problem)[1])


@settings(max_examples=80, deadline=None)
@given(problems())
def test_optimal_is_deterministic(problem: AssignmentProblem) -> None:
    first, second = solve_optimal(problem), solve_optimal(problem)
    assert first.mentor_of.tolist() == second.mentor_of.tolist()
    assert first.total_score == second.total_score


@pytest.mark.parametrize("seed", range(4))
def test_optimal_equals_scipy_on_larger_tied_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 120, 40
    scores = rng.integers(0, 6, size=(n, m)) * 10.0 + rng.integers(0, 2, size=(1, m))
    feasible = rng.random((n, m)) > 0.1
    capacity = rng.integers(0, 4, size=m)
    pin = (0, int(np.argmax(capacity)))
    feasible[pin] = True
    problem = AssignmentProblem(scores, capacity, feasible, pins=(pin,))
    result = solve_optimal(problem)
    assert_valid(problem, result)
    count, total = objective(problem, result.mentor_of)
    ref_count, ref_total = lsa_reference(problem)
    assert count == ref_count
    assert total == pytest.approx(ref_total)


def alike(n: int, m: int, share: float, seed: int) -> AssignmentProblem:
    """A share of mentees and of mentors answering alike (their scores tie), the rest not;
    every mentor takes 10, and one pair in a thousand is forbidden."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 1000, size=(n, m)) / 10
    same_rows = rng.permutation(n)[: round(share * n)]
    same_columns = rng.permutation(m)[: round(share * m)]
    scores[same_rows] = scores[same_rows[0]] if same_rows.size else 0
    scores[:, same_columns] = scores[:, same_columns[:1]] if same_columns.size else 0
    feasible = rng.random((n, m)) >= 0.001
    return AssignmentProblem(scores, np.full(m, 10), feasible)


@pytest.mark.parametrize(
    ("n", "m", "share"), [(400, 40, 1.0), (400, 40, 1 / 3), (450, 40, 1.0), (300, 40, 0.9)]
)
def test_optimal_is_exact_when_many_answer_alike(n: int, m: int, share: float) -> None:
    problem = alike(n, m, share, seed=n + m)
    result = solve_optimal(problem)
    assert_valid(problem, result)
    count, total = objective(problem, result.mentor_of)
    ref_count, ref_total = lsa_reference(problem)
    assert count == ref_count
    assert total == pytest.approx(ref_total)


def test_tied_answers_need_no_extra_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    # When every score ties, the first candidates already match everyone: one solve, no
    # certificate round. (Ties once crowded the candidates onto a few mentors: 4,000 × 400
    # took hundreds of rounds.)
    solves: list[int] = []
    real = optimal._solve_candidates

    def counted(*args: object) -> object:
        solves.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(optimal, "_solve_candidates", counted)
    problem = alike(2_000, 200, 1.0, seed=1)
    assert solve_optimal(problem).n_matched == 2_000
    assert len(solves) == 1


# --- solve_optimal: examples ------------------------------------------------------------


def test_optimal_beats_taking_the_best_pair_first() -> None:
    # Greedy takes (0, 0) = 10 and is left with (1, 1) = 0; swapping gives 9 + 9.
    problem = AssignmentProblem(np.array([[10.0, 9.0], [9.0, 0.0]]), np.array([1, 1]))
    result = solve_optimal(problem)
    assert result.mentor_of.tolist() == [1, 0]
    assert result.total_score == 18.0


def test_optimal_matches_everyone_before_maximizing_score() -> None:
    # Mentee 1 can only have mentor 0. Score alone would give mentor 0 to mentee 0 (10)
    # and leave mentee 1 out; matching both is worth only 0 + 1 but comes first.
    scores = np.array([[10.0, 0.0], [1.0, 50.0]])
    feasible = np.array([[True, True], [True, False]])
    result = solve_optimal(AssignmentProblem(scores, np.array([1, 1]), feasible))
    assert result.mentor_of.tolist() == [1, 0]
    assert result.total_score == 1.0


def test_optimal_keeps_pins_even_when_they_cost_score() -> None:
    problem = AssignmentProblem(
        np.array([[10.0, 0.0], [9.0, 9.0]]), np.array([1, 1]), pins=((0, 1),)
    )
    result = solve_optimal(problem)
    assert result.mentor_of.tolist() == [1, 0]
    assert result.total_score == 9.0


def test_optimal_never_uses_a_forbidden_pair() -> None:
    problem = AssignmentProblem(np.array([[10.0, 1.0]]), np.array([1, 1]), forbids=((0, 0),))
    assert solve_optimal(problem).mentor_of.tolist() == [1]


def test_optimal_leaves_unmatched_only_those_without_room() -> None:
    problem = AssignmentProblem(np.full((3, 2), 5.0), np.array([1, 1]))
    result = solve_optimal(problem)
    assert result.n_matched == 2
    assert sorted(result.mentor_of.tolist()) == [-1, 0, 1]


def test_optimal_ignores_scores_of_infeasible_pairs() -> None:
    scores = np.array([[np.nan, 3.0], [4.0, np.nan]])
    feasible = np.array([[False, True], [True, False]])
    result = solve_optimal(AssignmentProblem(scores, np.array([1, 1]), feasible))
    assert result.pairs() == [(0, 1), (1, 0)]
    assert result.total_score == 7.0


def test_float32_noise_below_the_score_step_is_a_tie() -> None:
    a = np.float32(40.0) / np.float32(3.0)
    b = np.float32(20.0) * (np.float32(2.0) / np.float32(3.0))
    assert a < b  # the same value computed two ways
    # As a tie, the mentor prefers the lower mentee index.
    problem = AssignmentProblem(np.array([[a], [b]], dtype=np.float32), np.array([1]))
    assert solve_stable(problem).mentor_of.tolist() == [0, -1]


def test_empty_problems_have_empty_assignments() -> None:
    for shape in [(0, 0), (0, 3), (3, 0)]:
        problem = AssignmentProblem(np.zeros(shape), np.zeros(shape[1], dtype=np.int64))
        for solver in (solve_optimal, solve_stable):
            result = solver(problem)
            assert result.mentor_of.tolist() == [-1] * shape[0]
            assert result.total_score == 0.0


# --- solve_stable -----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(problems())
def test_stable_respects_every_constraint(problem: AssignmentProblem) -> None:
    assert_valid(problem, solve_stable(problem))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_stable_has_no_blocking_pair(problem: AssignmentProblem) -> None:
    assert blocking_pairs(problem, solve_stable(problem).mentor_of) == []


@settings(max_examples=80, deadline=None)
@given(problems())
def test_stable_is_deterministic(problem: AssignmentProblem) -> None:
    assert solve_stable(problem).mentor_of.tolist() == solve_stable(problem).mentor_of.tolist()


@settings(max_examples=60, deadline=None)
@given(problems(max_mentees=40, max_mentors=12))
def test_stable_does_not_depend_on_the_length_of_the_first_lists(
    problem: AssignmentProblem,
) -> None:
    # Preference lists start short and are completed on demand; the result is unique.
    result = solve_stable(problem)
    with mock.patch.object(stable, "_STABLE_FIRST", 1):
        other = solve_stable(problem)
    assert result.mentor_of.tolist() == other.mentor_of.tolist()


def test_stable_matches_the_matching_library() -> None:
    from matching.games import HospitalResident

    rng = np.random.default_rng(7)
    n, m = 60, 15
    scores = rng.integers(0, 5, size=(n, m)) * 2.5
    capacity = rng.integers(1, 4, size=m)
    ours = solve_stable(AssignmentProblem(scores, capacity)).mentor_of

    def order(values: np.ndarray) -> list[int]:  # higher first, ties: lower index
        return sorted(range(values.size), key=lambda k: (-values[k], k))

    game = HospitalResident.create_from_dictionaries(
        {i: order(scores[i]) for i in range(n)},
        {j: order(scores[:, j]) for j in range(m)},
        {j: int(capacity[j]) for j in range(m)},
    )
    theirs = np.full(n, -1)
    for mentor, mentees in game.solve(optimal="resident").items():
        for mentee in mentees:
            theirs[mentee.name] = mentor.name
    assert ours.tolist() == theirs.tolist()


def test_stable_example_differs_from_optimal() -> None:
    # Both mentees like mentor 0 best, and mentor 0 prefers mentee 1: stability gives
    # 1 + 10 = 11, the optimum 9 + 8 = 17.
    problem = AssignmentProblem(np.array([[9.0, 1.0], [10.0, 8.0]]), np.array([1, 1]))
    assert solve_stable(problem).mentor_of.tolist() == [1, 0]
    assert solve_optimal(problem).mentor_of.tolist() == [0, 1]


def test_stable_keeps_pinned_mentees_in_place() -> None:
    # Mentor 0 would prefer mentee 1, but mentee 0 is pinned there and mentor 0 is full.
    problem = AssignmentProblem(
        np.array([[1.0, 0.0], [9.0, 2.0]]), np.array([1, 1]), pins=((0, 0),)
    )
    assert solve_stable(problem).mentor_of.tolist() == [0, 1]


# --- invalid input ----------------------------------------------------------------------

SCORES = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
FEASIBLE = np.array([[True, False], [True, True], [True, True]])


@pytest.mark.parametrize(
    ("pins", "forbids", "message"),
    [
        (
            ((0, 1),),
            (),
            "Pin (0, 1) is on an infeasible pair: mentee 0 may not be matched with mentor 1.",
        ),
        (((1, 0), (2, 0)), (), "Mentor 0 has capacity 1 but 2 pinned mentees."),
        (
            ((1, 0), (1, 1)),
            (),
            "Mentee 1 is pinned more than once: to mentor 0 and to mentor 1.",
        ),
        (((2, 1),), ((2, 1),), "Pin (2, 1) is also listed as forbidden."),
        (((3, 0),), (), "Pin (3, 0) is out of range for 3 mentees and 2 mentors."),
        ((), ((0, -1),), "Forbid (0, -1) is out of range for 3 mentees and 2 mentors."),
    ],
)
def test_invalid_pins_are_refused_with_a_clear_message(
    pins: tuple[tuple[int, int], ...], forbids: tuple[tuple[int, int], ...], message: str
) -> None:
    with pytest.raises(MatchingInputError) as info:
        AssignmentProblem(SCORES, np.array([1, 2]), FEASIBLE, pins, forbids)
    assert str(info.value) == message


class ProblemArgs(TypedDict, total=False):
    """Keyword arguments of :class:`AssignmentProblem`, possibly malformed (any dtype or shape)."""

    scores: np.ndarray
    capacity: np.ndarray
    feasible: np.ndarray | None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"scores": np.zeros(3)},
            "scores must be a 2-D array (mentees × mentors); got shape (3,).",
        ),
        (
            {"capacity": np.array([1, 2, 3])},
            "capacity must have one entry per mentor (2); got shape (3,).",
        ),
        (
            {"capacity": np.array([1, -1])},
            "Mentor 1 has capacity -1; capacities must be >= 0.",
        ),
        (
            {"capacity": np.array([1.0, 2.0])},
            "capacity must be integers; got dtype float64.",
        ),
        (
            {"scores": np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 6.0]])},
            "Score of feasible pair (0, 1) is nan; scores must be finite and within ±1e+09.",
        ),
        (
            {"feasible": np.ones((3, 2), dtype=np.int64)},
            "feasible must be a boolean array of shape (3, 2); got int64 of shape (3, 2).",
        ),
    ],
)
def test_malformed_problems_are_refused(kwargs: ProblemArgs, message: str) -> None:
    args: ProblemArgs = {"scores": SCORES, "capacity": np.array([1, 2]), "feasible": None, **kwargs}
    with pytest.raises(MatchingInputError) as info:
        AssignmentProblem(**args)
    assert str(info.value) == message


def test_matching_input_error_is_a_value_error() -> None:
    assert issubclass(MatchingInputError, ValueError)


def test_problem_arrays_are_read_only_views() -> None:
    scores = SCORES.copy()
    problem = AssignmentProblem(scores, np.array([1, 2]))
    assert np.shares_memory(problem.scores, scores)
    with pytest.raises(ValueError, match="read-only"):
        problem.scores[0, 0] = 1.0
