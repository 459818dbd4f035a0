"""``mentorguide match`` / ``survey`` / ``weights`` as a coordinator runs them: exact messages
for bad input (exit code 1, no traceback), and never a half-written output."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.matching import run as matching_run
from mentorguide.matching.scoring import default_weights_text
from tests.matching.conftest import (
    MENTEE_FIELDS,
    MENTOR_FIELDS,
    Run,
    mentee,
    mentor,
    project_args,
    write_csv,
)

Cli = Callable[..., Run]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_csv(
        tmp_path / "mentors.csv",
        [
            mentor("M1", capacity="2", expertise="sterile-compounding", years_in_practice="12"),
            mentor("M2", capacity="1", expertise="automation"),
        ],
    )
    write_csv(
        tmp_path / "mentees.csv",
        [
            mentee("E1", career_goals="sterile-compounding"),
            mentee("E2", career_goals="automation"),
            mentee("E3"),
        ],
    )
    return tmp_path


def match_args(folder: Path, *extra: str | Path) -> list[str | Path]:
    return [
        "match",
        "--mentors",
        folder / "mentors.csv",
        "--mentees",
        folder / "mentees.csv",
        "-o",
        folder / "pairs.csv",
        *extra,
        *project_args(),
    ]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_match_writes_pairs_report_and_scores(folder: Path, cli: Cli) -> None:
    run = cli(
        *match_args(folder, "--report", folder / "pairs.html", "--scores", folder / "scores.csv")
    )
    assert run.code == 0, run.err
    assert run.out.startswith("Matched 3 of 3 mentees with 2 of 2 mentors (optimal; total score ")
    assert files(folder) == ["mentees.csv", "mentors.csv", "pairs.csv", "pairs.html", "scores.csv"]
    rows = list(csv.DictReader((folder / "pairs.csv").open(encoding="utf-8")))
    assert {(r["mentor_id"], r["mentee_id"]) for r in rows} == {
        ("M1", "E1"),
        ("M2", "E2"),
        ("M1", "E3"),
    }
    by_pair = {(r["mentor_id"], r["mentee_id"]): r for r in rows}
    assert by_pair["M1", "E1"]["reasons"] == (
        "shared goal: sterile compounding; both prefer monthly virtual meetings; 12 vs 2 years"
    )
    assert len((folder / "scores.csv").read_text().splitlines()) == 1 + 6


def test_stable_method_and_overrides(folder: Path, cli: Cli) -> None:
    run = cli(*match_args(folder, "--method", "stable", "--pin", "M2:E3", "--forbid", "M1:E2"))
    assert run.code == 0, run.err
    rows = list(csv.DictReader((folder / "pairs.csv").open(encoding="utf-8")))
    made = {(r["mentor_id"], r["mentee_id"]) for r in rows}
    assert ("M2", "E3") in made and ("M1", "E2") not in made
    assert "(stable;" in run.out
    assert run.out.endswith("1 mentee is unmatched: the report (--report) says why.\n")


# --- bad input: exact messages, exit code 1, nothing written ------------------------------


def _fail(cli: Cli, folder: Path, *extra: str | Path) -> str:
    before = files(folder)
    run = cli(*match_args(folder, "--report", folder / "pairs.html", *extra))
    assert run.code == 1
    assert run.out == ""
    assert "Traceback" not in run.err
    assert files(folder) == before  # no output, and no temporary file left behind
    return run.err


def test_unknown_value(folder: Path, cli: Cli) -> None:
    write_csv(folder / "mentees.csv", [mentee("E1", platform="Zoom calls")])
    assert _fail(cli, folder) == (
        f"Error: {folder / 'mentees.csv'}, row 2, column K (platform): unknown meeting "
        "platform 'Zoom calls'; allowed: 'in-person', 'virtual', 'email', 'text' or "
        "'informal-chat' (or their names)\n"
    )


def test_unknown_value_with_a_suggestion(folder: Path, cli: Cli) -> None:
    write_csv(folder / "mentees.csv", [mentee("E1", preferred_model="experianced")])
    assert _fail(cli, folder) == (
        f"Error: {folder / 'mentees.csv'}, row 2, column N (preferred_model): unknown pairing "
        "model 'experianced' (did you mean 'experienced'?); allowed: 'experienced' or 'peer' "
        "(or their names)\n"
    )


def test_duplicate_id(folder: Path, cli: Cli) -> None:
    write_csv(folder / "mentors.csv", [mentor("M1"), mentor("M1", email="x@example.org")])
    assert _fail(cli, folder) == (
        f"Error: {folder / 'mentors.csv'}, row 3, column A (id): duplicate id 'M1' "
        "(already used in row 2; each person needs their own id)\n"
    )


def test_missing_required_column(folder: Path, cli: Cli) -> None:
    fields = [f for f in MENTEE_FIELDS if f != "preferred_model"]
    write_csv(folder / "mentees.csv", [mentee("E1")], fields)
    assert _fail(cli, folder) == (
        f"Error: {folder / 'mentees.csv'}, row 1: missing required column 'preferred_model' "
        "(or its question: 'Would you rather have an experienced mentor or a peer?')\n"
    )


def test_capacity_not_a_whole_number(folder: Path, cli: Cli) -> None:
    write_csv(folder / "mentors.csv", [mentor("M1", capacity="two")], MENTOR_FIELDS)
    assert _fail(cli, folder) == (
        f"Error: {folder / 'mentors.csv'}, row 2, column K (capacity): expected a whole "
        "number, got 'two'\n"
    )


def test_problems_in_both_files_at_once(folder: Path, cli: Cli) -> None:
    write_csv(folder / "mentors.csv", [mentor("M1", capacity="1.5")])
    write_csv(folder / "mentees.csv", [mentee("E1", frequency="weekly")])
    assert _fail(cli, folder).splitlines()[0] == "Error: 2 problems found:"


def test_bad_pin(folder: Path, cli: Cli) -> None:
    assert _fail(cli, folder, "--pin", "M3:E1", "--pin", "M1") == (
        "Error: 2 problems found:\n"
        "--pin M1: expected MENTOR:MENTEE (a mentor id, a colon, a mentee id)\n"
        "--pin M3:E1: no mentor with id 'M3' in "
        f"{folder / 'mentors.csv'}\n"
    )


def test_bad_pin_after_good_files(folder: Path, cli: Cli) -> None:
    assert _fail(cli, folder, "--pin", "M1:E9") == (
        f"Error: --pin M1:E9: no mentee with id 'E9' in {folder / 'mentees.csv'}\n"
    )


def test_malformed_weights_file(folder: Path, cli: Cli) -> None:
    weights = folder / "weights.yml"
    weights.write_text("weights:\n  goals: 30\n  platform: lots\n")
    assert _fail(cli, folder, "--weights", weights) == (
        f"Error: {weights}:2:3: weights.goals: unknown key 'goals' (allowed keys: "
        "career_goals, areas_to_improve, certifications, experience, frequency, platform, "
        "qualities, interests)\n"
        f"{weights}:3:13: weights.platform: expected a number, got the text 'lots'\n"
    )


def test_missing_input_file(folder: Path, cli: Cli) -> None:
    (folder / "mentees.csv").unlink()
    assert _fail(cli, folder) == f"Error: {folder / 'mentees.csv'}: no such file\n"


def test_output_folder_missing(folder: Path, cli: Cli) -> None:
    run = cli(*match_args(folder, "--report", folder / "nowhere" / "pairs.html"))
    assert run.code == 1
    assert run.err == (
        f"Error: {folder / 'nowhere' / 'pairs.html'}: the folder {folder / 'nowhere'} "
        "does not exist\n"
    )
    assert files(folder) == ["mentees.csv", "mentors.csv"]  # pairs.csv not written either


def test_a_failure_while_writing_leaves_old_outputs_untouched(
    folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "pairs.csv").write_text("the last run's pairs\n")

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(matching_run, "render_report", broken)
    run = cli(*match_args(folder, "--report", folder / "pairs.html"))
    assert (run.code, run.err) == (1, "Error: disk full\n")
    assert files(folder) == ["mentees.csv", "mentors.csv", "pairs.csv"]
    assert (folder / "pairs.csv").read_text() == "the last run's pairs\n"


# --- weights, help ------------------------------------------------------------------------------


def test_weights_command_writes_the_default_file(folder: Path, cli: Cli) -> None:
    target = folder / "weights.yml"
    assert cli("weights", "-o", target).code == 0
    assert target.read_text(encoding="utf-8") == default_weights_text()
    run = cli(*match_args(folder, "--weights", target))
    assert run.code == 0, run.err
    assert "weights" not in run.err


@pytest.mark.parametrize(
    ("argv", "example"),
    [
        (["match"], "Example: mentorguide match --mentors mentors.csv"),
        (["survey"], "Example: mentorguide survey template mentor -o mentors.csv"),
        (["survey", "template"], "Example: mentorguide survey template mentee -o mentees.csv"),
        (["survey", "schema"], "Example: mentorguide survey schema mentor"),
        (["survey", "collect"], "Example: mentorguide survey collect form-export.csv"),
        (["weights"], "Example: mentorguide weights -o weights.yml"),
    ],
)
def test_help_shows_an_example(
    capsys: pytest.CaptureFixture[str], argv: list[str], example: str
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    assert example in capsys.readouterr().out
