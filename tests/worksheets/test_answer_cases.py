"""The answers a reader gives for a worksheet are read alike by ``worksheet pdf --data``
(``worksheets/answers.py`` through ``worksheets/normalize.py``) and the page's import
(``assets/worksheet-answers.js``): both run the cases of ``testdata/answer-cases.json``,
this file in Python and ``tests/js/normalize.test.mjs`` in Node."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mentorguide.project.load import Project
from mentorguide.worksheets.answers import load_answers
from mentorguide.worksheets.form import FormField
from tests.conftest import ROOT

CASES = json.loads((ROOT / "testdata" / "answer-cases.json").read_text("utf-8"))


def control(spec: FormField) -> dict[str, Any]:
    """How the page draws a form field, as the cases describe it (``html.py``)."""
    kind: str
    if spec.kind in ("checkbox", "radio", "select"):
        kind = spec.kind
    elif spec.kind == "multiline":
        kind = "textarea"
    else:
        kind = spec.value if spec.value in ("date", "number", "email") else "text"
    found: dict[str, Any] = {"type": kind}
    if spec.options:
        found["options"] = [choice.id for choice in spec.options]
    return found


@pytest.mark.parametrize("slug", sorted(CASES["forms"]))
def test_the_cases_describe_the_forms_the_guide_has(
    slug: str, specs: dict[str, list[FormField]]
) -> None:
    assert CASES["forms"][slug] == {spec.name: control(spec) for spec in specs[slug]}


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["case"] for c in CASES["cases"]])
def test_data_answers_read_as_the_case_says(
    case: dict[str, Any], guide: Project, tmp_path: Path
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(case["answers"]), "utf-8")
    date_form = case.get("dateFormat", "MM/DD/YYYY")
    answers, problems = load_answers(path, guide.prepared(case["worksheet"]), date_form=date_form)
    if "fails" in case:
        said = "\n".join(str(problem) for problem in problems)
        assert problems and all(name in said for name in case["fails"]), said
    else:
        assert (answers, problems) == (case["expected"], [])


def test_the_browser_scripts_node_tests_pass() -> None:
    # CI runs pytest: the JS tests (tests/js/, Node's own runner) run from here.
    tests = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests" / "js").glob("*.mjs"))
    assert tests
    result = subprocess.run(
        ["node", "--test", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_OPTIONS": ""},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
