"""JSON Schema files for editors come from the models and stay in step with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from mentorguide.cli.main import main
from mentorguide.content.kinds import CONTENT_FILES
from tests.conftest import ROOT


def test_committed_schemas_match_the_models(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--check", "--out", str(ROOT / "schemas")]) == 0, (
        "schemas/ is out of date: run `mentorguide schema`"
    )


def test_a_stale_schema_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["schema", "--out", str(tmp_path)])
    (tmp_path / "roles.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"Error: out-of-date schema files in {tmp_path}: roles.schema.json "
        "(run: mentorguide schema)\n"
    )


@pytest.mark.parametrize("file", CONTENT_FILES)
def test_the_default_content_is_valid_against_its_json_schema(file: str) -> None:
    schema = json.loads((ROOT / "schemas" / file.replace(".yml", ".schema.json")).read_text())
    data = yaml.safe_load((ROOT / "content" / file).read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_every_schema_field_has_a_description() -> None:
    missing = []
    for file, model in CONTENT_FILES.items():
        stack = [model]
        while stack:
            current = stack.pop()
            for name, field in current.model_fields.items():
                if not field.description:
                    missing.append(f"{file}: {current.__name__}.{name}")
                annotation = field.annotation
                for arg in getattr(annotation, "__args__", (annotation,)):
                    if isinstance(arg, type) and hasattr(arg, "model_fields"):
                        stack.append(arg)
    assert missing == []


def test_content_files_point_editors_at_their_schema() -> None:
    for file in CONTENT_FILES:
        first = (ROOT / "content" / file).read_text(encoding="utf-8").splitlines()[0]
        assert first == (
            f"# yaml-language-server: $schema=../schemas/{file.replace('.yml', '.schema.json')}"
        )
