"""Benchmark of the assignment solvers on realistic synthetic survey data.

    python -m benchmarks matching [--sizes small,medium,large] [--quick] [--seed N]

For each size (mentees × mentors) it generates one survey and, on that same data, runs our
``solve_optimal`` and ``solve_stable``, scipy's ``linear_sum_assignment`` on the dense
capacity-expanded matrix (an exact reference for ``solve_optimal``) and the ``matching``
library's hospitals/residents algorithm (the same stable matching as ``solve_stable``). Every
solver runs in a fresh process and is timed from the score matrix to an assignment. Results
go to stdout as Markdown and to ``benchmarks/results/matching.json``.
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
import numpy.typing as npt
import scipy

from benchmarks.memory import Measured, in_fresh_process
from benchmarks.options import add_size_options, chosen_sizes, write_results
from mentorguide.matching.solve import SCORE_STEP, AssignmentProblem, solve_optimal, solve_stable

SIZES: dict[str, tuple[int, int]] = {
    "small": (200, 50),
    "medium": (2_000, 500),
    "large": (10_000, 5_000),
}
RESULTS = Path(__file__).resolve().parent / "results" / "matching.json"

# --- synthetic survey data ------------------------------------------------------------------

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


def generate_survey(n_mentees: int, n_mentors: int, seed: int = 0) -> Survey:
    """Survey answers and their score matrix; the same arguments give the same survey."""
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
        "| size (mentees × mentors) | solver | time (s) | peak memory (MiB) | matched "
        "| total score | note |",
        "|---|---|--:|--:|--:|--:|---|",
    ]
    for size in report["sizes"].values():
        label = f"{size['n_mentees']:,} × {size['n_mentors']:,} (capacity {size['capacity']:,})"
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
        n, m = SIZES[key]
        print(f"{key}: {n:,} mentees × {m:,} mentors ...", file=sys.stderr, flush=True)
        survey = generate_survey(n, m, seed)
        results: dict[str, dict[str, Any]] = {}
        with tempfile.TemporaryDirectory(prefix="bench-matching-") as data_dir:
            np.save(Path(data_dir) / "scores.npy", survey.scores)
            np.save(Path(data_dir) / "feasible.npy", survey.feasible)
            np.save(Path(data_dir) / "capacity.npy", survey.mentors.capacity)
            for solver in SOLVERS:
                skip = (
                    _library_skip_reason(n, m, library_seconds) if solver == "matching hr" else None
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
