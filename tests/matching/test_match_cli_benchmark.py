"""Keeps ``benchmarks/match_cli.py`` from rotting: its generator and one measured run.

No timing asserts: timings belong to the benchmark, not to tests.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import match_cli as bench
from testdata.surveys import generate

from mentorguide.matching.readers import read_responses
from mentorguide.matching.spec import Role, SurveySpec


def test_generated_surveys_are_valid_deterministic_and_varied(
    tmp_path: Path, specs: dict[Role, SurveySpec]
) -> None:
    mentees_csv, mentors_csv = generate(tmp_path / "a", 200, 100, seed=3)
    again = generate(tmp_path / "b", 200, 100, seed=3)
    assert mentees_csv.read_bytes() == again[0].read_bytes()
    assert mentors_csv.read_bytes() == again[1].read_bytes()
    mentees = read_responses(mentees_csv, specs["mentee"])
    mentors = read_responses(mentors_csv, specs["mentor"])
    assert (len(mentees), len(mentors)) == (200, 100)
    places = sum(int(c) for c in mentors.values["capacity"] if isinstance(c, float))
    assert 150 <= places <= 250  # about as many places as mentees: some competition
    assert len(set(mentees.ids) & set(mentors.ids)) == 1  # 1 % of mentors sign up as both
    assert len({v for v in mentees.values["career_goals"]}) > 5


def test_one_measured_run(tmp_path: Path) -> None:
    generate(tmp_path, 200, 50, seed=0)
    result = bench.measure(tmp_path, "optimal", [], timeout=120)
    assert result["status"] == "ok", result
    assert result["seconds"] > 0 and result["peak_mib"] >= 0
    assert (tmp_path / "pairs-optimal.csv").is_file()
