"""Every YAML and JSON entry point reads within the documented limits (``files/limits.py``):
each ``PARSER_BOMBS`` row fails with one located message, in under a second and 200 MB."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.content.errors import ContentError
from mentorguide.edition.society import load_society
from mentorguide.edition.strings import load_strings
from mentorguide.project.load import load_project
from tests.conftest import ROOT, copy_project
from tests.matching.conftest import mentee, mentor, write_csv
from tests.security.catalogue import OVERSIZED, PARSER_BOMBS, Attack

#: What a reader may take to refuse a bomb.
SECONDS = 1.0
MEGABYTES = 200


def _write(path: Path, payload: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if payload == OVERSIZED:
        with path.open("wb") as stream:
            stream.truncate(50_000_001)
    else:
        path.write_text(payload, encoding="utf-8")
    return path


def _problems(error: ContentError) -> list[str]:
    return [str(problem) for problem in error.problems]


def content(tmp: Path, payload: str) -> list[str]:
    project = copy_project(tmp / "guide")
    _write(project / "content" / "stages.yml", payload)
    with pytest.raises(ContentError) as error:
        load_project(project)
    return _problems(error.value)


def society(tmp: Path, payload: str) -> list[str]:
    _write(tmp / "society.yml", payload)
    with pytest.raises(ContentError) as error:
        load_society(tmp)
    return _problems(error.value)


def strings(tmp: Path, payload: str) -> list[str]:
    _write(tmp / "strings" / "es.yml", payload)
    with pytest.raises(ContentError) as error:
        load_strings("es", tmp)
    return _problems(error.value)


def _cli(*argv: str | Path) -> Callable[[pytest.CaptureFixture[str]], list[str]]:
    def run(capsys: pytest.CaptureFixture[str]) -> list[str]:
        capsys.readouterr()
        assert main([str(a) for a in argv]) == 1
        lines = capsys.readouterr().err.splitlines()
        # A command may say what it was reading first ("Error: the answers in … :").
        return lines[1:] if len(lines) > 1 and lines[0].endswith(":") else lines

    return run


def worksheet_data(tmp: Path, payload: str) -> Callable[[pytest.CaptureFixture[str]], list[str]]:
    data = _write(tmp / "answers.yml", payload)
    return _cli(
        "worksheet", "pdf", "smart-goal", "--data", data, "-o", tmp / "x.pdf", "--project", ROOT
    )


def weights(tmp: Path, payload: str) -> Callable[[pytest.CaptureFixture[str]], list[str]]:
    write_csv(tmp / "mentors.csv", [mentor("M1")])
    write_csv(tmp / "mentees.csv", [mentee("E1")])
    return _cli(
        "match",
        "--mentors",
        tmp / "mentors.csv",
        "--mentees",
        tmp / "mentees.csv",
        "--weights",
        _write(tmp / "weights.yml", payload),
        "-o",
        tmp / "pairs.csv",
        "--project",
        ROOT,
    )


def survey_json(tmp: Path, payload: str) -> Callable[[pytest.CaptureFixture[str]], list[str]]:
    answers = _write(tmp / "answers.json", payload)
    return _cli(
        "survey", "collect", "--survey", "mentee", answers, "-o", tmp / "r.csv", "--project", ROOT
    )


def survey_json_detected(
    tmp: Path, payload: str
) -> Callable[[pytest.CaptureFixture[str]], list[str]]:
    """The same, with the survey told apart by the file's own keys (read before the answers)."""
    answers = _write(tmp / "answers.json", payload)
    return _cli("survey", "collect", answers, "-o", tmp / "r.csv", "--project", ROOT)


LIBRARY_ENTRIES = {"content": content, "society.yml": society, "strings/es.yml": strings}
CLI_ENTRIES = {"worksheet pdf --data": worksheet_data, "match --weights": weights}
JSON_ENTRIES = {
    "survey collect (JSON)": survey_json,
    "survey collect (JSON, survey detected)": survey_json_detected,
}


def _measured(run: Callable[[], list[str]]) -> tuple[list[str], float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        lines = run()
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return lines, seconds, peak


def _yaml_rows() -> list[tuple[str, Attack]]:
    return [
        (entry, attack) for entry in [*LIBRARY_ENTRIES, *CLI_ENTRIES] for attack in PARSER_BOMBS
    ]


def _json_rows() -> list[tuple[str, Attack]]:
    # JSON has no aliases and only string keys: those rows are YAML's.
    return [
        (entry, attack)
        for entry in JSON_ENTRIES
        for attack in PARSER_BOMBS
        if "YAML" not in attack.where
    ]


@pytest.mark.parametrize(
    ("entry", "attack"), [*_yaml_rows(), *_json_rows()], ids=lambda x: getattr(x, "name", x)
)
def test_a_parser_bomb_is_one_located_message_fast_and_small(
    entry: str, attack: Attack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if entry in LIBRARY_ENTRIES:
        lines, seconds, peak = _measured(lambda: LIBRARY_ENTRIES[entry](tmp_path, attack.payload))
    else:
        command = {**CLI_ENTRIES, **JSON_ENTRIES}[entry](tmp_path, attack.payload)
        lines, seconds, peak = _measured(lambda: command(capsys))
    assert len(lines) == 1, lines
    assert attack.must in lines[0]
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
