"""Benchmark of a program run cycle after cycle: ``mentorguide program`` on one program file.

    python -m benchmarks program [--sizes small,medium] [--cycles N] [--seed N]

A program of ``--cycles`` cycles (default 5), each with the same people returning (mentees
and mentors by name and email, their answers drawn anew each cycle). For every cycle it
runs, through the CLI in one fresh process (imports are the interpreter's cost, not the
command's): ``enroll``, ``match``, ``export`` (pairs as .xlsx, roster and introductions as
CSV), ``import pairs`` (every pair confirmed, so the next cycle has history to honor) and
``calendar``. The baseline, in the same run, is ``mentorguide match`` on the same two files:
the one-off match the program replaces. Results go to stdout as Markdown and to
``benchmarks/results/program.json``.

The targets (issue #16), at 2,000 mentees and 500 mentors: enroll, match, export and
calendar each under 2 s for a cycle; the program file under 50 MB after five cycles.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from testdata.surveys import generate

from benchmarks.memory import Measured, in_fresh_process
from benchmarks.options import write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "program.json"
SIZES: dict[str, tuple[int, int]] = {"small": (200, 50), "medium": (2_000, 500)}
#: Seconds each timed step may take per cycle, at the medium size.
TARGET_SECONDS = 2.0
TARGET_STEPS = ("enroll", "match", "export pairs", "export roster", "export introductions",
                "calendar")  # fmt: skip
TARGET_FILE_MB = 50.0


def _steps(cycle: str, data: Path, out: Path) -> list[tuple[str, list[str]]]:
    project = ["--project", str(ROOT)]
    c = ["--cycle", cycle]
    return [
        ("baseline: match", ["match", "--mentees", str(data / "mentees.csv"), "--mentors",
                             str(data / "mentors.csv"), "-o", str(out / "pairs-once.csv"),
                             *project]),
        ("enroll", ["program", "enroll", *c, "--mentees", str(data / "mentees.csv"),
                    "--mentors", str(data / "mentors.csv"), *project]),
        ("match", ["program", "match", *c, *project]),
        ("export pairs", ["program", "export", "pairs", *c, "-o", str(out / "pairs.xlsx")]),
        ("export roster", ["program", "export", "roster", *c, "-o", str(out / "roster.csv")]),
        ("export introductions", ["program", "export", "introductions", *c, "-o",
                                  str(out / "introductions.csv"), *project]),
        ("import pairs", ["program", "import", "pairs", str(out / "pairs.xlsx"), *c]),
        ("calendar", ["program", "calendar", *c, "-o", str(out / "calendars"), *project]),
    ]  # fmt: skip


def _write_files(source: Path, folder: Path) -> dict[str, Any]:
    """The calendar step's floor on this disk: writing the same files, and nothing else."""
    contents = [path.read_bytes() for path in sorted(source.glob("*.ics"))]
    folder.mkdir()
    with Measured() as measured:
        for n, data in enumerate(contents):
            (folder / f"{n}.ics").write_bytes(data)
    return {"exit_code": 0, "seconds": measured.seconds, "peak_mib": measured.peak_mib}


def _child(folder: str, n: int, m: int, cycles: int, seed: int, conn: Any) -> None:
    """Runs in a fresh process: the whole program, each step timed in-process."""
    import io
    import os
    from contextlib import redirect_stderr, redirect_stdout

    from mentorguide.cli.main import main  # imports are the interpreter's cost

    root = Path(folder)
    os.environ["MENTORGUIDE_DB"] = str(root / "program.sqlite")
    years: list[dict[str, Any]] = []
    quiet = io.StringIO()
    with redirect_stdout(quiet), redirect_stderr(quiet):
        main(["program", "init", "--name", "Benchmark program"])
    for k in range(cycles):
        cycle = f"{2027 + k}-spring"
        data, out = root / f"data-{k}", root / f"out-{k}"
        out.mkdir(parents=True)
        generate(data, n, m, seed + k, dual_roles=False)
        with redirect_stdout(quiet), redirect_stderr(quiet):
            main(["program", "add-cycle", cycle, "--start", f"{2027 + k}-03-01", "--end",
                  f"{2027 + k}-08-31"])  # fmt: skip
        steps: dict[str, Any] = {}
        for label, argv in _steps(cycle, data, out):
            stdout, stderr = io.StringIO(), io.StringIO()
            cpu = time.process_time()
            with Measured() as measured, redirect_stdout(stdout), redirect_stderr(stderr):
                code = main(argv)
            steps[label] = {
                "exit_code": code,
                "seconds": measured.seconds,
                # The process's own CPU time: on a busy machine, what the command costs.
                "cpu_seconds": time.process_time() - cpu,
                "peak_mib": measured.peak_mib,
                "output": stdout.getvalue().strip().splitlines()[:1],
                "errors": stderr.getvalue().strip()[-2000:] if code else "",
            }
        steps["baseline: write files"] = _write_files(out / "calendars", out / "copies")
        steps["file_mb"] = (root / "program.sqlite").stat().st_size / 1e6
        years.append({"cycle": cycle, "steps": steps})
    conn.send({"cycles": years})
    conn.close()


def run(sizes: list[str], cycles: int, seed: int, timeout: float) -> dict[str, Any]:
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "seed": seed,
        "cycles": cycles,
        "sizes": {},
    }
    for key in sizes:
        n, m = SIZES[key]
        print(f"{key}: {cycles} cycles × {n:,} mentees × {m:,} mentors ...", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="program-bench-") as folder:
            result = in_fresh_process(_child, (folder, n, m, cycles, seed), timeout)
        report["sizes"][key] = {"mentees": n, "mentors": m, **result}
    return report


def failures(report: dict[str, Any]) -> list[str]:
    """What did not run, and (at the medium size) what missed its target."""
    problems: list[str] = []
    for key, size in report["sizes"].items():
        if "cycles" not in size:
            problems.append(f"{key}: {size.get('status', 'did not finish')}")
            continue
        for year in size["cycles"]:
            for label, step in year["steps"].items():
                if label == "file_mb":
                    continue
                if step["exit_code"] != 0:
                    problems.append(f"{key} {year['cycle']} {label}: {step['errors']}")
                elif (
                    key == "medium" and label in TARGET_STEPS and step["seconds"] >= TARGET_SECONDS
                ):
                    problems.append(f"{key} {year['cycle']} {label}: {step['seconds']:.2f} s")
        if key == "medium" and size["cycles"][-1]["steps"]["file_mb"] >= TARGET_FILE_MB:
            problems.append(
                f"{key}: the program file is {size['cycles'][-1]['steps']['file_mb']:.1f} MB"
            )
    return problems


def _markdown(report: dict[str, Any]) -> str:
    labels = [label for label, _ in _steps("c", Path("."), Path("."))]
    labels.append("baseline: write files")
    lines = [
        "| size | cycle | " + " | ".join(labels) + " | file (MB) |",
        "| --- | --- | " + " | ".join("---:" for _ in labels) + " | ---: |",
    ]
    for key, size in report["sizes"].items():
        for year in size.get("cycles", []):
            steps = year["steps"]
            base = steps["baseline: match"]["seconds"]
            cells = []
            for label in labels:
                seconds = steps[label]["seconds"]
                ratio = "" if label.startswith("baseline") else f" ({seconds / base:.2f}×)"
                cpu = steps[label].get("cpu_seconds")
                own = f", cpu {cpu:.2f}" if cpu is not None else ""
                cells.append(f"{seconds:.2f}{ratio}{own}")
            lines.append(f"| {key} | {year['cycle']} | " + " | ".join(cells)
                         + f" | {steps['file_mb']:.1f} |")  # fmt: skip
    lines.append("")
    lines.append("Seconds per step, wall clock (× the baseline, `mentorguide match` on the same "
                 "files), then the command's own CPU time. "
                 "*baseline: write files* writes the calendars' bytes as plain files, the disk's "
                 "floor for the calendar step. "
                 f"Targets at medium: {', '.join(TARGET_STEPS)} < {TARGET_SECONDS:g} s, "
                 f"file < {TARGET_FILE_MB:g} MB.")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks program", description=__doc__)
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: small,medium")
    parser.add_argument("--quick", action="store_true", help="the small size only")
    parser.add_argument("--cycles", type=int, default=5, help="cycles in the program (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="survey generator seed (default 0)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole run")
    args, _ = parser.parse_known_args(argv)  # options meant for other benchmarks are ignored
    sizes = ["small"] if args.quick else [s for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    report = run(sizes, args.cycles, args.seed, args.timeout)
    write_results(RESULTS, report, _markdown(report))
    problems = failures(report)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
