"""Benchmark of the cycle after matching: ``program collect`` and ``program report``.

    python -m benchmarks checkins [--sizes small,large] [--quick] [--seed N]

For each size, a program file (SQLite, in a temporary folder) holds a cycle of that many
pairs, enrolled from generated surveys, paired by the solver and confirmed; each pair has 12
check-ins in an online form's CSV export (question text as headers). Timed in-process, wall
clock, each against a baseline measured in the same run on the same data:

* ``collect`` of every check-in, against the floor any collect has to reach: reading the
  CSV with :mod:`csv` and inserting its rows with one ``executemany`` into a table of the
  same file;
* ``report`` (coordinator's) against reading every check-in of the cycle back with one
  ``SELECT``; and the report's size.

Targets (issue #17): 5,000 pairs × 12 check-ins: collect under 10 s; report under 3 s and
under 2 MB. Results go to stdout as Markdown and to ``benchmarks/results/checkins.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import platform
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from testdata.program import regular_plan, start_cycle, write_check_ins

from benchmarks.options import add_size_options, chosen_sizes, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "checkins.json"
SIZES = {"small": 500, "medium": 2_000, "large": 5_000}
CHECK_INS = 12
TARGETS = {"collect": 10.0, "report": 3.0, "report_bytes": 2 * 1024 * 1024}
CYCLE = "2027-spring"


def _cli(*argv: str) -> float:
    from mentorguide.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    seconds = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"{' '.join(argv[:2])} failed: {err.getvalue()[:2000]}")
    return seconds


def _baseline_collect(db: Path, check_ins: Path) -> float:
    start = time.perf_counter()
    with check_ins.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))[1:]
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute("CREATE TABLE baseline_rows (a, b, c, d, e, f, g, h, i)")
        connection.executemany("INSERT INTO baseline_rows VALUES (?,?,?,?,?,?,?,?,?)", rows)
        connection.execute("DROP TABLE baseline_rows")
        connection.commit()
    return time.perf_counter() - start


def _baseline_report(db: Path) -> float:
    start = time.perf_counter()
    with contextlib.closing(sqlite3.connect(db)) as connection:
        rows = connection.execute("SELECT * FROM check_ins").fetchall()
    assert rows
    return time.perf_counter() - start


def run_size(name: str, pairs: int, seed: int) -> dict[str, Any]:
    from mentorguide.program import init_program

    with tempfile.TemporaryDirectory(prefix="mentorguide-bench-") as temporary:
        folder = Path(temporary)
        db = folder / "program.sqlite"
        started = time.perf_counter()
        with init_program(str(db), name="Benchmark program") as program:
            paired = start_cycle(program, folder / "surveys", CYCLE, pairs, seed=seed)
        plan = regular_plan(paired, date(2027, 1, 11), CHECK_INS, 28, seed=seed)
        check_ins = write_check_ins(folder / "check-ins.csv", plan)
        setup = time.perf_counter() - started
        baseline_collect = _baseline_collect(db, check_ins)
        collect = _cli(
            "program", "collect", str(check_ins), "--cycle", CYCLE, "--db", str(db),
            "--project", str(ROOT),
        )  # fmt: skip
        baseline_report = _baseline_report(db)
        report_file = folder / "report.html"
        report = _cli(
            "program", "report", "--cycle", CYCLE, "--db", str(db), "-o", str(report_file),
            "--as-of", "2027-10-01",
        )  # fmt: skip
        size = report_file.stat().st_size
    result: dict[str, Any] = {
        "pairs": len(paired),
        "check_ins": plan.count,
        "setup_seconds": setup,
        "collect_seconds": collect,
        "collect_baseline_seconds": baseline_collect,
        "collect_ratio": collect / baseline_collect,
        "report_seconds": report,
        "report_baseline_seconds": baseline_report,
        "report_ratio": report / baseline_report,
        "report_bytes": size,
    }
    if name == "large":
        result["targets_met"] = {
            "collect": collect < TARGETS["collect"],
            "report": report < TARGETS["report"],
            "report_bytes": size < TARGETS["report_bytes"],
        }
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks checkins")
    add_size_options(parser, SIZES, timeout_help="unused (runs in-process)")
    args = parser.parse_args(argv)
    sizes = chosen_sizes(parser, args, SIZES) if not args.quick else ["small"]
    results = {name: run_size(name, SIZES[name], args.seed) for name in sizes}
    lines = [
        "| size | pairs | check-ins | collect s | ÷ baseline | report s | ÷ baseline | report KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    failed = False
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['pairs']:,} | {r['check_ins']:,} | {r['collect_seconds']:.2f} "
            f"| {r['collect_ratio']:.1f} | {r['report_seconds']:.2f} | {r['report_ratio']:.1f} "
            f"| {r['report_bytes'] / 1024:,.0f} |"
        )
        failed |= not all(r.get("targets_met", {}).values())
    report = {"machine": platform.platform(), "python": platform.python_version(), "sizes": results}
    write_results(RESULTS, report, "\n".join(lines))
    return 1 if failed else 0
