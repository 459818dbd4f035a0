"""Fixtures for the worksheet tests: the default guide's worksheets, the PDFs its build made,
and private project copies for tests that break or rebuild things."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from mentorguide.project.load import Project, load_project
from mentorguide.worksheets.form import FormField, form_fields
from mentorguide.worksheets.models import Worksheet
from tests.conftest import ROOT, copy_project

SLUGS = (
    "smart-goal",
    "career-development-plan",
    "mentorship-agreement",
    "meeting-agenda",
    "milestone-tracker",
    "fit-check",
    "check-in",
    "cycle-evaluation",
)


@pytest.fixture(scope="session")
def guide() -> Project:
    """The default guide's validated content and worksheets."""
    return load_project(ROOT)


@pytest.fixture(scope="session")
def sheets(guide: Project) -> dict[str, Worksheet]:
    return {sheet.slug: sheet for sheet in guide.worksheets}


@pytest.fixture(scope="session")
def specs(guide: Project, sheets: dict[str, Worksheet]) -> dict[str, list[FormField]]:
    """Each worksheet's form fields, by slug."""
    return {slug: form_fields(sheet, guide.content) for slug, sheet in sheets.items()}


@pytest.fixture(scope="session")
def built_pdf(built_site: Path) -> dict[str, bytes]:
    """The blank PDF of each worksheet, as ``mkdocs build`` wrote it into the site."""
    return {slug: (built_site / "worksheets" / f"{slug}.pdf").read_bytes() for slug in SLUGS}


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def fields_of(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """Terminal form fields by name (a radio group is one field; its buttons are widgets)."""
    return {str(field.T): field for field in pdf.Root.AcroForm.Fields}


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A private copy of the guide project (its own .cache), safe to edit and rebuild."""
    return copy_project(tmp_path / "guide")


def pdf_page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF, as a reader's copy-and-paste would give it."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def headings_left_alone(data: bytes, sheet: Worksheet) -> list[str]:
    """Section headings printed on a page without the first field they introduce (for a
    table, its row of column headings too): a heading must never be left alone at a page's
    foot."""
    pages = [text.splitlines() for text in pdf_page_texts(data)]
    problems = []
    for section in sheet.sections:
        where = [n for n, lines in enumerate(pages) if section.title in lines]
        if not where:
            problems.append(f"{section.title!r} is not printed on a line of its own")
            continue
        lines = pages[where[0]]
        first = section.fields[0]
        wanted = [first.label] + [" ".join(c.label for c in first.columns)] * bool(first.columns)
        for text in wanted:
            if not any(line.startswith(text) for line in lines):
                problems.append(
                    f"{section.title!r} is on page {where[0] + 1}, {text!r} is not with it"
                )
    return problems
