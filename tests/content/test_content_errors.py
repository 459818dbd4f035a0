"""Bad content is reported as ``file:line:col: path: message``, through the CLI and the build.

Each case breaks one thing in a private copy of the project, then checks the exact message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from tests.conftest import build_site
from tests.content.conftest import edit, position


@dataclass(frozen=True)
class Case:
    """A way to break the content and the one line of error it must produce."""

    break_it: Callable[[Path], None]
    expected: Callable[[Path], str]


def _at(project: Path, file: str, needle: str, message: str, occurrence: int = 1) -> str:
    line, column = position(project / file, needle, occurrence=occurrence)
    return f"{file}:{line}:{column}: {message}"


CASES: dict[str, Case] = {
    "yaml syntax": Case(
        lambda p: edit(p / "content/stages.yml", "  - id: separation", "  - id: [separation"),
        lambda p: _at(
            p,
            "content/stages.yml",
            ": Separation",
            "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence "
            "started at line {}, column {})".format(*position(p / "content/stages.yml", "[sep")),
        ),
    ),
    "missing field": Case(
        lambda p: edit(p / "content/stages.yml", "    name: Cultivation\n", ""),
        lambda p: _at(
            p,
            "content/stages.yml",
            "id: cultivation",
            "stages[1].name: missing required key 'name' (The stage's name.)",
        ),
    ),
    "wrong type": Case(
        lambda p: edit(p / "content/statistics.yml", "year: 2023", "year: '2023'"),
        lambda p: _at(
            p,
            "content/statistics.yml",
            "'2023'",
            "surveys[1].year: expected a whole number, got the text '2023'",
        ),
    ),
    "unknown key": Case(
        lambda p: edit(
            p / "content/roles.yml",
            "    summary: >-\n      Prepares",
            "    sumary: >-\n      Prepares",
        ),
        lambda p: _at(
            p,
            "content/roles.yml",
            "sumary",
            "roles[4].sumary: unknown key 'sumary' (did you mean 'summary'?)",
        ),
    ),
    "duplicate id": Case(
        lambda p: edit(
            p / "content/roles.yml", "id: compliance-specialist", "id: inventory-supervisor"
        ),
        lambda p: _at(
            p,
            "content/roles.yml",
            "inventory-supervisor",
            "roles[3].id: duplicate id 'inventory-supervisor' (already used by "
            "roles[2]; ids must be unique)",
            occurrence=2,
        ),
    ),
    "role to unknown credential": Case(
        lambda p: edit(p / "content/roles.yml", "credentials: [CSPT]", "credentials: [CSTP]"),
        lambda p: _at(
            p,
            "content/roles.yml",
            "CSTP",
            "roles[4].credentials[0]: unknown credential 'CSTP' (did you mean 'CSPT'?)",
        ),
    ),
    "citation to unknown reference": Case(
        lambda p: edit(
            p / "content/challenges.yml", "tips_cite: [bell-2021,", "tips_cite: [bell-2012,"
        ),
        lambda p: _at(
            p,
            "content/challenges.yml",
            "bell-2012",
            "challenges[4].tips_cite[0]: unknown reference 'bell-2012' (did you mean 'bell-2021'?)",
        ),
    ),
    "inline citation to unknown reference": Case(
        lambda p: edit(p / "content/tools.yml", "[@whitney-2022]", "[@whitney-2020]"),
        lambda p: _at(
            p,
            "content/tools.yml",
            ">-\n    The goal isn't",
            "closing[0]: unknown reference 'whitney-2020' (did you mean 'whitney-2022'?)",
        ),
    ),
    "question to unknown stage": Case(
        lambda p: edit(
            p / "content/questions.yml",
            "      - id: mentor-before\n        text: Have you had a mentor before? "
            "What worked well, or didn't?\n        stages: [initiation]",
            "      - id: mentor-before\n        text: Have you had a mentor before? "
            "What worked well, or didn't?\n        stages: [initation]",
        ),
        lambda p: _at(
            p,
            "content/questions.yml",
            "initation",
            "sets[1].questions[5].stages[0]: unknown stage 'initation' "
            "(did you mean 'initiation'?)",
        ),
    ),
    "page citation to unknown reference": Case(
        lambda p: edit(
            p / "docs/conversations.md", "[@ptcb-workforce-survey-2022-b]", "[@ptcb-survey]"
        ),
        lambda p: _at(
            p,
            "docs/conversations.md",
            "[@ptcb-survey]",
            "unknown reference 'ptcb-survey' in citation [@ptcb-survey]",
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_check_reports_the_problem_exactly(
    case: Case, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case.break_it(project)
    assert main(["check", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [case.expected(project), "1 problem found in the content."]


@pytest.mark.build
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_build_fails_with_the_same_message_and_writes_nothing(
    case: Case, project: Path, tmp_path: Path
) -> None:
    case.break_it(project)
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert case.expected(project) in output
    assert "Traceback" not in output
    assert not site.exists()


def test_every_problem_is_reported_in_one_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    CASES["role to unknown credential"].break_it(project)
    CASES["question to unknown stage"].break_it(project)
    CASES["inline citation to unknown reference"].break_it(project)
    assert main(["check", "--project", str(project)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "3 problems found in the content."
    assert len(lines) == 4


def test_schema_problems_in_several_files_are_reported_together(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    CASES["missing field"].break_it(project)
    CASES["wrong type"].break_it(project)
    assert main(["check", "--project", str(project)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "content/stages.yml",
        "content/statistics.yml",
    ]


def test_a_missing_content_file_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content/stages.yml").unlink()
    assert main(["check", "--project", str(project)]) == 1
    assert capsys.readouterr().err.startswith(
        "content/stages.yml:1:1: file is missing (every content kind needs its file: "
    )


def test_an_unknown_content_file_is_named_with_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "content/role.yml").write_text("roles: []\n", encoding="utf-8")
    assert main(["check", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert "content/role.yml:1:1: unknown content file" in err
    assert "(did you mean 'roles.yml'?)" in err


def test_a_choice_that_is_not_allowed_lists_the_allowed_ones(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project / "content/credentials.yml",
        "kind: certificate\n    advanced: true\n    cite: [ptcb-credentials]\n  - id: hazardous",
        "kind: certficate\n    advanced: true\n    cite: [ptcb-credentials]\n  - id: hazardous",
    )
    assert main(["check", "--project", str(project)]) == 1
    line, column = position(project / "content/credentials.yml", "certficate")
    assert capsys.readouterr().err.splitlines()[0] == (
        f"content/credentials.yml:{line}:{column}: credentials[1].kind: got the text "
        "'certficate', expected one of 'certification' or 'certificate' "
        "(did you mean 'certificate'?)"
    )


def test_valid_content_passes_the_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--project", str(project)]) == 0
    assert capsys.readouterr().out.startswith("Content OK: 16 content files")
