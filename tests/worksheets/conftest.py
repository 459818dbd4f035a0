"""Fixtures for the worksheet tests: the default guide's worksheets, the PDFs its build made,
and private project copies for tests that break or rebuild things."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pytest

from mentorguide.project import Project, load_project
from mentorguide.worksheets.form import FormField, form_fields
from mentorguide.worksheets.models import Worksheet
from tests.conftest import ROOT

SLUGS = (
    "smart-goal",
    "career-development-plan",
    "mentorship-agreement",
    "meeting-agenda",
    "milestone-tracker",
)
PROJECT_PARTS = ("content", "docs", "worksheets", "hooks", "mkdocs.yml")


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


def fields_of(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """Terminal form fields by name (a radio group is one field; its buttons are widgets)."""
    return {str(field.T): field for field in pdf.Root.AcroForm.Fields}


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A private copy of the guide project (its own .cache), safe to edit and rebuild."""
    copy = tmp_path / "guide"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / part)
    return copy
