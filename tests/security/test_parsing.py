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
from mentorguide.worksheets.load import load_worksheets
from tests.conftest import ROOT, copy_project
from tests.matching.conftest import mentee, mentor, write_csv
from tests.security.catalog import OVERSIZED, PARSER_BOMBS, Attack

#: The guide's content, which worksheets refer to (loaded once, outside the measurements).
GUIDE = load_project(ROOT)
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


Run = Callable[[], list[str]]


def _refused(load: Callable[[], object]) -> Run:
    def run() -> list[str]:
        with pytest.raises(ContentError) as error:
            load()
        return _problems(error.value)

    return run


def content(tmp: Path, payload: str, _: pytest.CaptureFixture[str]) -> Run:
    project = copy_project(tmp / "guide")
    _write(project / "content" / "stages.yml", payload)
    return _refused(lambda: load_project(project))


def worksheets(tmp: Path, payload: str, _: pytest.CaptureFixture[str]) -> Run:
    """A worksheet file: read like a translation pack's or a society's overlay of one."""
    folder = tmp / "worksheets"
    _write(folder / "smart-goal.yml", payload)
    return _refused(lambda: load_worksheets(folder, GUIDE.content))


def society(tmp: Path, payload: str, _: pytest.CaptureFixture[str]) -> Run:
    _write(tmp / "society.yml", payload)
    return _refused(lambda: load_society(tmp))


def strings(tmp: Path, payload: str, _: pytest.CaptureFixture[str]) -> Run:
    _write(tmp / "strings" / "es.yml", payload)
    return _refused(lambda: load_strings("es", tmp))


def _cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    def run() -> list[str]:
        capsys.readouterr()
        assert main([str(a) for a in argv]) == 1
        lines = capsys.readouterr().err.splitlines()
        # A command may say what it was reading first ("Error: the answers in … :").
        return lines[1:] if len(lines) > 1 and lines[0].endswith(":") else lines

    return run


def worksheet_data(tmp: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> Run:
    data = _write(tmp / "answers.yml", payload)
    return _cli(
        capsys,
        *("worksheet", "pdf", "smart-goal", "--data", data, "-o", tmp / "x.pdf"),
        *("--project", ROOT),
    )


def weights(tmp: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> Run:
    write_csv(tmp / "mentors.csv", [mentor("M1")])
    write_csv(tmp / "mentees.csv", [mentee("E1")])
    return _cli(
        capsys,
        *("match", "--mentors", tmp / "mentors.csv", "--mentees", tmp / "mentees.csv"),
        *("--weights", _write(tmp / "weights.yml", payload), "-o", tmp / "pairs.csv"),
        *("--project", ROOT),
    )


def survey_json(tmp: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> Run:
    answers = _write(tmp / "answers.json", payload)
    return _cli(
        capsys,
        *("survey", "collect", "--survey", "mentee", answers, "-o", tmp / "r.csv"),
        *("--project", ROOT),
    )


def survey_json_detected(tmp: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """The same, with the survey told apart by the file's own keys (read before the answers)."""
    answers = _write(tmp / "answers.json", payload)
    return _cli(capsys, "survey", "collect", answers, "-o", tmp / "r.csv", "--project", ROOT)


Entry = Callable[[Path, str, pytest.CaptureFixture[str]], Run]
YAML_ENTRIES: dict[str, Entry] = {
    "content": content,
    "worksheets": worksheets,
    "society.yml": society,
    "strings/es.yml": strings,
    "worksheet pdf --data": worksheet_data,
    "match --weights": weights,
}
JSON_ENTRIES: dict[str, Entry] = {
    "survey collect (JSON)": survey_json,
    "survey collect (JSON, survey detected)": survey_json_detected,
}


def _measured(run: Callable[[], list[str]]) -> tuple[list[str], float, float]:
    """The lines ``run`` gives, its CPU seconds, and (run again, traced: tracing slows Python
    down, so it is not timed) the most megabytes it held. CPU time, not the wall clock: a bomb
    burns the processor, and a busy machine (parallel tests) must not fail a bounded parse."""
    start = time.process_time()
    run()
    seconds = time.process_time() - start
    tracemalloc.start()
    try:
        lines = run()
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return lines, seconds, peak


def _yaml_rows() -> list[tuple[str, Attack]]:
    return [(entry, attack) for entry in YAML_ENTRIES for attack in PARSER_BOMBS]


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
    run = {**YAML_ENTRIES, **JSON_ENTRIES}[entry](tmp_path, attack.payload, capsys)
    lines, seconds, peak = _measured(run)
    assert len(lines) == 1, lines
    assert attack.must in lines[0]
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
