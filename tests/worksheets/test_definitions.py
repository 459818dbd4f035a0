"""Worksheet definitions are validated like content: each mistake is reported by
``mentorguide check`` as ``worksheets/<file>:line:col: path: message``."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.project.load import Project
from mentorguide.worksheets.form import form_fields, options_for
from mentorguide.worksheets.models import Worksheet

SHEET = """\
worksheet:
  slug: {slug}
  title: A test worksheet
  purpose: Checks one mistake.
  sections:
    - id: only
      title: Only section
      fields:
        - id: pick
          label: Pick one
{extra}"""


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--project", str(project)])
    return code, capsys.readouterr().err.splitlines()


def write(project: Path, name: str, slug: str, extra: str) -> None:
    (project / "worksheets" / name).write_text(SHEET.format(slug=slug, extra=extra), "utf-8")


def test_the_default_worksheets_are_valid(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--project", str(project_copy)]) == 0
    assert "and 10 worksheets are valid" in capsys.readouterr().out


def test_a_choice_field_without_options(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project_copy, "x.yml", "x", "          type: choice\n")
    assert check(project_copy, capsys) == (
        1,
        [
            "worksheets/x.yml:9:11: worksheet.sections[0].fields[0]: a choice field needs "
            "options or options_from",
            "1 problem found in the content.",
        ],
    )


def test_an_unknown_options_from(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project_copy, "x.yml", "x", "          type: multichoice\n          options_from: role\n")
    code, lines = check(project_copy, capsys)
    assert code == 1
    assert lines[0] == (
        "worksheets/x.yml:12:25: worksheet.sections[0].fields[0].options_from: got the text "
        "'role', expected one of 'credentials', 'expertise', 'stages', 'frequencies', "
        "'platforms', 'activities', 'questions', 'topics', 'qualities' or 'pairing-models'"
    )


def test_a_slug_that_does_not_match_the_file_name(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project_copy, "x.yml", "y", "")
    assert check(project_copy, capsys) == (
        1,
        [
            "worksheets/x.yml:2:9: worksheet.slug: slug 'y' must match the file name "
            "(expected 'x')",
            "1 problem found in the content.",
        ],
    )


def test_a_field_type_that_does_not_exist(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project_copy, "x.yml", "x", "          type: dropdown\n")
    code, lines = check(project_copy, capsys)
    assert code == 1
    assert lines[0].startswith(
        "worksheets/x.yml:11:17: worksheet.sections[0].fields[0].type: got the text 'dropdown', "
        "expected one of 'text', 'textarea'"
    )


@pytest.mark.build
def test_the_build_fails_with_the_same_message(project_copy: Path, tmp_path: Path) -> None:
    from tests.conftest import build_site

    write(project_copy, "x.yml", "x", "          type: choice\n")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "worksheets/x.yml:9:11: worksheet.sections[0].fields[0]: a choice field needs options "
        "or options_from" in result.stderr
    )


def test_form_field_names_follow_the_documented_contract(
    guide: Project, sheets: dict[str, Worksheet]
) -> None:
    # The contract of worksheets/models.py: a field's id, a table's cells
    # '<table>.<row>.<column>', a multiple choice's boxes '<field>.<option>' and an 'Other'
    # choice's text '<field>.other_text'.
    for sheet in sheets.values():
        expected = []
        for section in sheet.sections:
            for field in section.fields:
                if field.type == "table":
                    expected += [
                        f"{field.id}.{row}.{column.id}"
                        for row in range(field.rows)
                        for column in field.columns
                    ]
                    continue
                if field.type == "multichoice":
                    options = options_for(field, guide.content)
                    expected += [f"{field.id}.{choice.id}" for choice in options]
                else:
                    expected.append(field.id)
                if field.other:
                    expected.append(f"{field.id}.other_text")
        assert [spec.name for spec in form_fields(sheet, guide.content)] == expected
