"""A worksheet prepared once per loaded project (``worksheets/prepared.py``): its form fields
and choices, derived once for every page, PDF, answers file and agreement made from it."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mentorguide.edition.edition import Edition
from mentorguide.edition.strings import load_strings
from mentorguide.pdf.guide import guide_html
from mentorguide.pdf.worksheet import blank_worksheet_job
from mentorguide.program.answers import form_specs
from mentorguide.project.load import Project, load_project
from mentorguide.site.worksheet_pages import page_markdown
from mentorguide.worksheets import form
from mentorguide.worksheets.form import form_fields, options_for
from mentorguide.worksheets.prepared import prepare_worksheet
from tests.conftest import ROOT


def count_form_fields(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of ``form_fields`` by worksheet slug, through every module that imported it."""
    calls: Counter[str] = Counter()
    original = form.form_fields

    def counted(sheet: Any, *args: Any, **kwargs: Any) -> list[form.FormField]:
        calls[sheet.slug] += 1
        return original(sheet, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("mentorguide") and getattr(module, "form_fields", None) is original:
            monkeypatch.setattr(module, "form_fields", counted)
    return calls


def test_a_prepared_worksheet_holds_the_fields_form_fields_gives_in_its_editions_language(
    guide: Project,
) -> None:
    for sheet in guide.worksheets:
        prepared = guide.prepared(sheet.slug)
        assert prepared.sheet is sheet
        assert prepared.edition is guide.edition
        assert prepared.fields == tuple(form_fields(sheet, guide.content, guide.strings))
        assert dict(prepared.by_name) == {spec.name: spec for spec in prepared.fields}


def test_a_worksheet_prepared_for_another_language_names_the_other_choice_in_it(
    guide: Project,
) -> None:
    sheet = next(s for s in guide.worksheets if s.slug == "mentorship-agreement")
    spanish = load_strings("es")
    prepared = prepare_worksheet(sheet, guide.content, Edition(spanish))
    assert prepared.fields == tuple(form_fields(sheet, guide.content, spanish))
    assert [c.label for c in prepared.choices["frequency"]][-1] == "Otro"
    assert prepared.by_name["frequency.other_text"].label == (
        "How often we check in: otro (especifique)"
    )


def test_each_choice_and_multiple_choice_field_has_its_options_as_its_choices(
    guide: Project,
) -> None:
    for sheet in guide.worksheets:
        prepared = guide.prepared(sheet.slug)
        for section in sheet.sections:
            for field in section.fields:
                expected = (
                    tuple(options_for(field, guide.content, guide.strings))
                    if field.type in ("choice", "multichoice")
                    else ()
                )
                assert prepared.choices_of(field) == expected, f"{sheet.slug}: {field.id}"


def test_only_a_single_choice_with_more_than_six_options_is_a_choice_list(
    guide: Project,
) -> None:
    lists = [
        f"{sheet.slug}: {field.id}"
        for sheet in guide.worksheets
        for section in sheet.sections
        for field in section.fields
        if guide.prepared(sheet.slug).is_choice_list(field)
    ]
    assert lists == ["meeting-agenda: topic"]


def test_a_project_prepares_each_worksheet_once_in_its_own_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = load_project(ROOT)
    calls = count_form_fields(monkeypatch)
    for sheet in [*project.worksheets, *project.worksheets]:
        assert project.prepared(sheet.slug) is project.prepared_worksheets[sheet.slug]
    assert list(project.prepared_worksheets) == [sheet.slug for sheet in project.worksheets]
    assert calls == Counter(sheet.slug for sheet in project.worksheets)


def test_the_pages_pdfs_appendices_and_answer_readers_derive_each_worksheets_fields_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = load_project(ROOT)
    calls = count_form_fields(monkeypatch)
    for sheet in project.worksheets:
        prepared = project.prepared(sheet.slug)
        blank_worksheet_job(prepared, project.content, cache_dir=tmp_path)
        page_markdown(
            prepared,
            project.content,
            pdf_file="x.pdf",
            pdf_url="x.pdf",
            script_url="x.js",
            pdf_lib_url="lib.js",
            references_url="../references/",
            form_script_url="form.js",
        )
    guide_html(
        [],
        list(project.prepared_worksheets.values()),
        project.content,
        css="",
        edition=project.edition,
    )
    form_specs(project)
    assert calls == Counter(sheet.slug for sheet in project.worksheets)


@pytest.mark.build
def test_a_site_build_derives_each_worksheets_fields_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The whole build in this process: every page, every PDF's job and guide.pdf. Loading
    the project checks the field names as well (``worksheets/load.py``, before there is an
    edition to name them in), so those calls are not counted."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mentorguide.worksheets import load

    original = form.form_fields
    calls = count_form_fields(monkeypatch)
    monkeypatch.setattr(load, "form_fields", original)
    # Rendered PDFs are cached by content hash: the other builds' cache serves them.
    monkeypatch.setenv("MENTORGUIDE_CACHE_DIR", str(ROOT / ".cache" / "mentorguide"))
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    assert (tmp_path / "site" / "guide.pdf").is_file()
    sheets = load_project(ROOT).worksheets
    assert calls == Counter(sheet.slug for sheet in sheets)
