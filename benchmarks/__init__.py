"""Benchmarks, run as ``python -m benchmarks [NAME ...] [OPTIONS]`` from the repository root.

Each entry of :data:`MODULES` names a module with ``main(argv: list[str]) -> int``. With no
NAME every registered benchmark runs; OPTIONS go to each benchmark that runs. Results are
printed as Markdown and written as JSON under ``benchmarks/results/`` (not committed).
"""

# To register a benchmark, add one line: "name": "benchmarks.module".
MODULES: dict[str, str] = {
    "matching": "benchmarks.matching",
    "match_cli": "benchmarks.match_cli",
    "site": "benchmarks.site",
    "program": "benchmarks.program",
    "checkins": "benchmarks.checkins",
}
