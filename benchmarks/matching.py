"""Benchmark of the assignment solvers on realistic synthetic survey data.

    python -m benchmarks matching [--sizes small,medium,large,alike-4k,...] [--quick] [--seed N]

For each profile (mentees × mentors, and how alike people answer) it generates one survey
and, on that same data, runs our
``solve_optimal`` and ``solve_stable``, scipy's ``linear_sum_assignment`` on the dense
capacity-expanded matrix (an exact reference for ``solve_optimal``) and the ``matching``
library's hospitals/residents algorithm (the same stable matching as ``solve_stable``). Every
solver runs in a fresh process and is timed from the score matrix to an assignment. Results
go to stdout as Markdown and to ``benchmarks/results/matching.json``.

The "many alike" profiles are where ties sink a solver that prunes candidates by score:
``alike-*`` has everyone answer alike (every score ties), ``mix-*`` a third of each side
share one set of answers and the rest answer as usual; every mentor takes 10 mentees. They
compare the optimal solver with scipy (the ``matching`` library is not run on them).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy
from testdata.scores import UNITS_PER_POINT, IntArray, Survey, generate_survey

from benchmarks.memory import Measured, in_fresh_process
from benchmarks.options import add_size_options, chosen_sizes, write_results
from mentorguide.matching.solve import SCORE_STEP, AssignmentProblem, solve_optimal, solve_stable


@dataclass(frozen=True)
class Profile:
    """One benchmark case: its size, each mentor's capacity (``None``: 1–3 at random),
    the share of each side who answer exactly alike, and whether the ``matching`` library
    (the reference for the stable solver) runs on it."""

    n_mentees: int
    n_mentors: int
    capacity: int | None = None
    alike: float = 0.0
    library: bool = True


SIZES: dict[str, Profile] = {
    "small": Profile(200, 50),
    "medium": Profile(2_000, 500),
    "large": Profile(10_000, 5_000),
    "alike-4k": Profile(4_000, 400, capacity=10, alike=1.0, library=False),
    "alike-10k": Profile(10_000, 1_000, capacity=10, alike=1.0, library=False),
    "mix-4k": Profile(4_000, 400, capacity=10, alike=1 / 3, library=False),
    "mix-10k": Profile(10_000, 1_000, capacity=10, alike=1 / 3, library=False),
}
RESULTS = Path(__file__).resolve().parent / "results" / "matching.json"

# --- synthetic survey data ------------------------------------------------------------------


# --- measuring one solver in a fresh process (peak memory: see benchmarks/memory.py) ---------


def _solve_lsa(scores: Any, feasible: Any, capacity: Any) -> IntArray:
    """scipy's dense solver on one column per unit of capacity (-inf marks infeasible)."""
    from scipy.optimize import linear_sum_assignment

    slot = np.repeat(np.arange(capacity.size), capacity)
    cost = np.empty((scores.shape[0], slot.size))
    step = max(1, (1 << 22) // max(1, slot.size))
    for start in range(0, scores.shape[0], step):
        rows = slice(start, start + step)
        block = scores[rows][:, slot].astype(np.float64)
        block[~feasible[rows][:, slot]] = -np.inf
        cost[rows] = block
    rows_, cols = linear_sum_assignment(cost, maximize=True)
    mentor_of = np.full(scores.shape[0], -1, dtype=np.int64)
    mentor_of[rows_] = slot[cols]
    return mentor_of


def _solve_library(scores: Any, feasible: Any, capacity: Any) -> IntArray:
    """The matching library's hospitals/residents algorithm on the same strict preferences.

    Players are built with the library's public classes and passed to its algorithm
    directly: ``HospitalResident``'s constructor deep-copies the players (deep recursion)
    and validates preference lists in quadratic time, which alone takes far longer than
    solving at 2,000 × 500.
    """
    from matching.algorithms import hospital_resident
    from matching.players import Hospital, Player

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))
    n, m = scores.shape
    units = np.rint(scores.astype(np.float64) * UNITS_PER_POINT)  # the ties our solvers see
    residents = [Player(i) for i in range(n)]
    hospitals = [Hospital(j, int(capacity[j])) for j in range(m)]
    for i, resident in enumerate(residents):  # higher score first, ties: lower index
        order = np.lexsort((np.arange(m), -units[i]))
        resident.set_prefs([hospitals[j] for j in order[feasible[i, order]]])
    for j, hospital in enumerate(hospitals):
        order = np.lexsort((np.arange(n), -units[:, j]))
        hospital.set_prefs([residents[i] for i in order[feasible[order, j]]])
    matched = hospital_resident(
        [r for r in residents if r.prefs], [h for h in hospitals if h.prefs], "resident"
    )
    mentor_of = np.full(n, -1, dtype=np.int64)
    for hospital, matches in matched.items():
        for resident in matches:
            mentor_of[resident.name] = hospital.name
    return mentor_of


SOLVERS = ("ours optimal", "ours stable", "scipy lsa", "matching hr")


def _child(solver: str, data_dir: str, conn: Any) -> None:
    """Runs in a fresh process: load, reset the peak counter, solve, report."""
    import matching.algorithms  # noqa: F401  (imports are not part of the solve)
    import scipy.optimize  # noqa: F401

    scores = np.load(Path(data_dir) / "scores.npy")
    feasible = np.load(Path(data_dir) / "feasible.npy")
    capacity = np.load(Path(data_dir) / "capacity.npy")
    with Measured() as measured:
        if solver == "ours optimal":
            mentor_of = solve_optimal(AssignmentProblem(scores, capacity, feasible)).mentor_of
        elif solver == "ours stable":
            mentor_of = solve_stable(AssignmentProblem(scores, capacity, feasible)).mentor_of
        elif solver == "scipy lsa":
            mentor_of = _solve_lsa(scores, feasible, capacity)
        else:
            mentor_of = _solve_library(scores, feasible, capacity)
    conn.send({"seconds": measured.seconds, "peak_mib": measured.peak_mib, "mentor_of": mentor_of})
    conn.close()


def _measure(solver: str, data_dir: str, timeout: float) -> dict[str, Any]:
    result = in_fresh_process(_child, (solver, data_dir), timeout)
    result.setdefault("status", "ok")
    return result


# --- the benchmark --------------------------------------------------------------------------


def _summary(survey: Survey, mentor_of: IntArray) -> dict[str, Any]:
    matched = np.flatnonzero(mentor_of >= 0)
    pair_scores = survey.scores[matched, mentor_of[matched]].astype(np.float64)
    return {
        "matched": int(matched.size),
        "total_score": float(pair_scores.sum()),
        # What solve_optimal maximises: the sum of scores rounded to SCORE_STEP.
        "total_units": int(np.rint(pair_scores * UNITS_PER_POINT).sum()),
    }


def _library_skip_reason(n: int, m: int, measured: dict[tuple[int, int], float]) -> str | None:
    """Why the matching library is not run at this size, or None to run it."""
    if n * m <= 2_000_000:
        return None
    if not measured:
        return "skipped: its pure-Python preference lists make it far slower than ~60 s here"
    (n0, m0), seconds = max(measured.items())
    factor = n * m / (n0 * m0)
    return (
        f"skipped: {seconds:.1f} s at {n0:,} × {m0:,}; {factor:.0f}× the pairs here, so "
        f"at least ~{seconds * factor:,.0f} s (its list operations grow faster than that)"
    )


def _check_sizes(survey: Survey, results: dict[str, dict[str, Any]]) -> list[str]:
    """Cross-checks between solvers on the same data; returns mismatch messages."""
    problems: list[str] = []
    ours, lsa = results["ours optimal"], results["scipy lsa"]
    if ours["status"] == "ok" and lsa["status"] == "ok":
        n_matched = ours["matched"]
        if ours["matched"] != lsa["matched"]:
            problems.append(f"optimal matched {ours['matched']} but scipy {lsa['matched']}")
        elif ours["total_units"] < lsa["total_units"]:
            problems.append(
                f"optimal total {ours['total_score']:.6f} is below scipy's "
                f"{lsa['total_score']:.6f} on rounded scores"
            )
        # scipy optimises the unrounded scores: it may gain at most half a step per pair.
        elif lsa["total_score"] - ours["total_score"] > n_matched * SCORE_STEP / 2 + 1e-6:
            problems.append(
                f"scipy's total {lsa['total_score']:.6f} beats optimal "
                f"{ours['total_score']:.6f} by more than rounding allows"
            )
    stable, library = results["ours stable"], results["matching hr"]
    both = stable["status"] == "ok" and library["status"] == "ok"
    if both and not np.array_equal(stable["mentor_of"], library["mentor_of"]):
        differ = int(np.count_nonzero(stable["mentor_of"] != library["mentor_of"]))
        problems.append(f"stable matching differs from the library's for {differ} mentees")
    return problems


def _ratio(a: dict[str, Any], b: dict[str, Any], key: str) -> float | None:
    if a["status"] != "ok" or b["status"] != "ok" or b[key] <= 0:
        return None
    return float(a[key] / b[key])


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        "| profile: mentees × mentors | solver | time (s) | peak memory (MiB) | matched "
        "| total score | note |",
        "|---|---|--:|--:|--:|--:|---|",
    ]
    for key, size in report["sizes"].items():
        label = (
            f"{key}: {size['n_mentees']:,} × {size['n_mentors']:,} (capacity {size['capacity']:,})"
        )
        for name, r in size["solvers"].items():
            if r["status"] == "ok":
                cells = [
                    f"{r['seconds']:.3f}",
                    f"{r['peak_mib']:.0f}",
                    f"{r['matched']:,}",
                    f"{r['total_score']:,.4f}",
                    "",
                ]
            else:
                cells = ["–", "–", "–", "–", r["status"]]
            lines.append(f"| {label} | {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| size | optimal ÷ scipy lsa: time | memory | stable ÷ matching hr: time "
        "| memory | checks |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for key, size in report["sizes"].items():
        ratios = size["ratios"]
        checks = "; ".join(size["mismatches"]) or "agree"
        lines.append(
            f"| {key} | {_fmt(ratios['optimal_time'], '.3f')} "
            f"| {_fmt(ratios['optimal_memory'], '.3f')} | {_fmt(ratios['stable_time'], '.3f')} "
            f"| {_fmt(ratios['stable_memory'], '.3f')} | {checks} |"
        )
    return "\n".join(lines)


def run(sizes: list[str], seed: int, timeout: float) -> dict[str, Any]:
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "platform": platform.platform(),
        },
        "seed": seed,
        "score_step": SCORE_STEP,
        "sizes": {},
    }
    library_seconds: dict[tuple[int, int], float] = {}
    for key in sizes:
        profile = SIZES[key]
        n, m = profile.n_mentees, profile.n_mentors
        print(f"{key}: {n:,} mentees × {m:,} mentors ...", file=sys.stderr, flush=True)
        survey = generate_survey(n, m, seed, capacity=profile.capacity, alike=profile.alike)
        results: dict[str, dict[str, Any]] = {}
        with tempfile.TemporaryDirectory(prefix="bench-matching-") as data_dir:
            np.save(Path(data_dir) / "scores.npy", survey.scores)
            np.save(Path(data_dir) / "feasible.npy", survey.feasible)
            np.save(Path(data_dir) / "capacity.npy", survey.mentors.capacity)
            for solver in SOLVERS:
                skip = None
                if solver == "matching hr":
                    skip = (
                        _library_skip_reason(n, m, library_seconds)
                        if profile.library
                        else "not run: this profile compares the optimal solver with scipy"
                    )
                if skip:
                    results[solver] = {"status": skip}
                    print(f"  {solver}: {skip}", file=sys.stderr, flush=True)
                    continue
                result = _measure(solver, data_dir, timeout)
                if result["status"] == "ok":
                    result.update(_summary(survey, result["mentor_of"]))
                    if solver == "matching hr":
                        library_seconds[(n, m)] = result["seconds"]
                    print(
                        f"  {solver}: {result['seconds']:.3f} s, {result['peak_mib']:.0f} MiB",
                        file=sys.stderr,
                        flush=True,
                    )
                else:
                    print(f"  {solver}: {result['status']}", file=sys.stderr, flush=True)
                results[solver] = result
        mismatches = _check_sizes(survey, results)
        for problem in mismatches:
            print(f"!!! MISMATCH at {key}: {problem} !!!", file=sys.stderr, flush=True)
        for r in results.values():
            r.pop("mentor_of", None)
        ours, lsa = results["ours optimal"], results["scipy lsa"]
        stable, library = results["ours stable"], results["matching hr"]
        report["sizes"][key] = {
            "n_mentees": n,
            "n_mentors": m,
            "capacity": int(survey.mentors.capacity.sum()),
            "solvers": results,
            "ratios": {
                "optimal_time": _ratio(ours, lsa, "seconds"),
                "optimal_memory": _ratio(ours, lsa, "peak_mib"),
                "stable_time": _ratio(stable, library, "seconds"),
                "stable_memory": _ratio(stable, library, "peak_mib"),
            },
            "mismatches": mismatches,
        }
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks matching", description=__doc__)
    add_size_options(parser, SIZES, timeout_help="seconds allowed per solver run")
    args, _ = parser.parse_known_args(argv)  # options meant for other benchmarks are ignored
    report = run(chosen_sizes(parser, args, SIZES), args.seed, args.timeout)
    write_results(RESULTS, report, _markdown(report))
    mismatches = [p for size in report["sizes"].values() for p in size["mismatches"]]
    return 1 if mismatches else 0
