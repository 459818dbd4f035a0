"""Keeps ``benchmarks/program.py`` from rotting: a small program of two cycles, every step run.

No timing asserts: timings belong to the benchmark, not to tests.
"""

from __future__ import annotations

from benchmarks import program as bench


def test_a_small_program_runs_every_step_of_every_cycle() -> None:
    report = bench.run(["small"], cycles=2, seed=0, timeout=600)
    size = report["sizes"]["small"]
    assert [year["cycle"] for year in size["cycles"]] == ["2027-spring", "2028-spring"]
    for year in size["cycles"]:
        steps = year["steps"]
        ran = {label: step["exit_code"] for label, step in steps.items() if label != "file_mb"}
        labels = [label for label, _ in bench._steps("c", bench.ROOT, bench.ROOT)]
        assert ran == dict.fromkeys([*labels, "baseline: write files"], 0)
        assert steps["enroll"]["output"] == [
            "Enrolled in " + year["cycle"] + ": 200 mentees (200 added), 50 mentors (50 added)."
        ]
    assert 0 < size["cycles"][0]["steps"]["file_mb"] < size["cycles"][1]["steps"]["file_mb"]
    assert bench.failures(report) == []
