"""Keeps ``benchmarks/matching.py`` from rotting: its data and our solvers at the small size.

No timing asserts: timings belong to the benchmark, not to tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

# The benchmarks package lives at the repository root, which not every pytest import mode
# puts on sys.path.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import matching as bench  # noqa: E402
from testdata.scores import generate_survey  # noqa: E402

from mentorguide.matching.solve import solve_optimal, solve_stable  # noqa: E402


def test_survey_generator_is_deterministic_and_realistic() -> None:
    n, m = bench.SIZES["small"].n_mentees, bench.SIZES["small"].n_mentors
    survey = generate_survey(n, m, seed=3)
    again = generate_survey(n, m, seed=3)
    assert np.array_equal(survey.scores, again.scores)
    assert np.array_equal(survey.feasible, again.feasible)
    assert survey.scores.shape == (n, m)
    assert survey.scores.dtype == np.float32
    assert survey.scores.min() >= 0.0
    assert survey.scores.max() <= 100.0
    # Realistic scores tie a lot, unlike uniform noise.
    assert np.unique(survey.scores).size < survey.scores.size / 10
    assert set(np.unique(survey.mentors.capacity)) <= {1, 2, 3}
    assert survey.feasible.mean() > 0.99


def test_small_benchmark_instance_solves_and_checks_out() -> None:
    n, m = bench.SIZES["small"].n_mentees, bench.SIZES["small"].n_mentors
    survey = generate_survey(n, m, seed=0)
    problem = survey.problem()
    optimal, stable = solve_optimal(problem), solve_stable(problem)
    capacity = int(survey.mentors.capacity.sum())
    assert optimal.n_matched == stable.n_matched == min(n, capacity)
    assert optimal.total_score >= stable.total_score
    lsa = bench._solve_lsa(survey.scores, survey.feasible, survey.mentors.capacity)
    library = bench._solve_library(survey.scores, survey.feasible, survey.mentors.capacity)
    results = {
        "ours optimal": {"status": "ok", **bench._summary(survey, optimal.mentor_of)},
        "scipy lsa": {"status": "ok", **bench._summary(survey, lsa)},
        "ours stable": {"status": "ok", "mentor_of": stable.mentor_of},
        "matching hr": {"status": "ok", "mentor_of": library},
    }
    assert bench._check_sizes(survey, results) == []


def test_the_alike_profile_ties_every_score_and_the_mix_a_third() -> None:
    alike = generate_survey(400, 40, seed=0, capacity=10, alike=1.0)
    assert np.unique(alike.scores).size == 1
    assert set(np.unique(alike.mentors.capacity)) == {10}
    mix = generate_survey(300, 30, seed=0, capacity=10, alike=1 / 3)
    _, mentee_rows = np.unique(mix.scores, axis=0, return_counts=True)
    _, mentor_columns = np.unique(mix.scores, axis=1, return_counts=True)
    assert mentee_rows.max() >= 100 and mentor_columns.max() >= 10


def test_an_alike_instance_solves_as_scipy_does() -> None:
    survey = generate_survey(400, 40, seed=0, capacity=10, alike=1 / 3)
    optimal = solve_optimal(survey.problem())
    lsa = bench._solve_lsa(survey.scores, survey.feasible, survey.mentors.capacity)
    results = {
        "ours optimal": {"status": "ok", **bench._summary(survey, optimal.mentor_of)},
        "scipy lsa": {"status": "ok", **bench._summary(survey, lsa)},
        "ours stable": {"status": "skipped"},
        "matching hr": {"status": "skipped"},
    }
    assert bench._check_sizes(survey, results) == []
