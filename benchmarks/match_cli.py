"""End-to-end benchmark of ``mentorguide match``: read the CSVs, score, solve, write.

    python -m benchmarks match_cli [--sizes small,medium,large] [--quick] [--seed N]

For each size (mentees × mentors) it writes survey spreadsheets with realistic answers
(every choice from the guide's controlled lists in ``content/``), then runs
``mentorguide match`` in-process, in a fresh process per run, for each method. Time is wall
clock from the command's start to its exit (content loading included); memory is the
process's peak resident set size during the command minus its size before (imports and the
interpreter excluded). Results go to stdout as Markdown and to
``benchmarks/results/match_cli.json``.

The targets (issue #4): 2,000 × 500 in under 1 s; 10,000 × 5,000 optimal in under 10 s and
2 GB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from testdata.surveys import generate

from benchmarks.memory import Measured, in_fresh_process
from benchmarks.options import add_size_options, chosen_sizes, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "match_cli.json"
SIZES: dict[str, tuple[int, int]] = {
    "small": (200, 50),
    "medium": (2_000, 500),
    "large": (10_000, 5_000),
}
METHODS = ("optimal", "stable")
TARGETS = {"medium": 1.0, "large": 10.0}  # seconds, end to end (large: optimal)

# --- realistic survey answers ---------------------------------------------------------------


# --- measuring one run in a fresh process -------------------------------------------------


def _child(folder: str, method: str, extra: list[str], conn: Any) -> None:
    """Runs in a fresh process: import, then time ``mentorguide match`` in-process."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from mentorguide.cli.main import main  # imports are the interpreter's cost, not the command's

    data = Path(folder)
    argv = [
        "match",
        "--project",
        str(ROOT),
        "--mentees",
        str(data / "mentees.csv"),
        "--mentors",
        str(data / "mentors.csv"),
        "-o",
        str(data / f"pairs-{method}.csv"),
        "--method",
        method,
        *extra,
    ]
    out, err = io.StringIO(), io.StringIO()
    with Measured() as measured, redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    conn.send(
        {
            "exit_code": code,
            "seconds": measured.seconds,
            "peak_mib": measured.peak_mib,
            "output": out.getvalue().strip().splitlines()[-1:],
            "errors": err.getvalue().strip()[:2000],
        }
    )
    conn.close()


def measure(folder: Path, method: str, extra: list[str], timeout: float) -> dict[str, Any]:
    result = in_fresh_process(_child, (str(folder), method, extra), timeout)
    if "status" not in result:
        result["status"] = "ok" if result["exit_code"] == 0 else f"exit code {result['exit_code']}"
    return result


RUNS: tuple[tuple[str, str, list[str]], ...] = (
    ("optimal", "optimal", []),
    ("stable", "stable", []),
    ("optimal + report", "optimal", ["--report", "{dir}/pairs.html"]),
)


def run(sizes: list[str], seed: int, timeout: float) -> dict[str, Any]:
    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": multiprocessing.cpu_count(),
            "platform": platform.platform(),
        },
        "seed": seed,
        "sizes": {},
    }
    for key in sizes:
        n, m = SIZES[key]
        print(f"{key}: {n:,} mentees × {m:,} mentors ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="match-cli-") as folder:
            generate(Path(folder), n, m, seed)
            results: dict[str, Any] = {}
            for label, method, extra in RUNS:
                args = [a.replace("{dir}", folder) for a in extra]
                result = measure(Path(folder), method, args, timeout)
                results[label] = result
                print(
                    f"  {label}: {result['status']}"
                    + (f", {result['seconds']:.2f} s" if "seconds" in result else ""),
                    file=sys.stderr,
                    flush=True,
                )
                if result.get("errors") and result["status"] != "ok":
                    print(result["errors"], file=sys.stderr)
        report["sizes"][key] = {"mentees": n, "mentors": m, "runs": results}
    return report


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        "| size | mentees × mentors | run | time (s) | peak memory (MiB) | target |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for key, size in report["sizes"].items():
        for label, result in size["runs"].items():
            if result["status"] != "ok":
                lines.append(
                    f"| {key} | {size['mentees']:,} × {size['mentors']:,} | {label} | "
                    f"{result['status']} | | |"
                )
                continue
            target = TARGETS.get(key)
            verdict = ""
            if target is not None and (label == "optimal" or key == "medium"):
                ok = result["seconds"] < target
                verdict = f"{'✓' if ok else '✗'} < {target:g} s"
            lines.append(
                f"| {key} | {size['mentees']:,} × {size['mentors']:,} | {label} | "
                f"{result['seconds']:.2f} | {result['peak_mib']:.0f} | {verdict} |"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks match_cli", description=__doc__)
    add_size_options(parser, SIZES, timeout_help="seconds allowed per run")
    args, _ = parser.parse_known_args(argv)  # options meant for other benchmarks are ignored
    report = run(chosen_sizes(parser, args, SIZES), args.seed, args.timeout)
    write_results(RESULTS, report, _markdown(report))
    failed = [
        r for size in report["sizes"].values() for r in size["runs"].values() if r["status"] != "ok"
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
