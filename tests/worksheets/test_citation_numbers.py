"""A worksheet's PDF cites the guide's references by the guide's numbers, in its text and in
its own reference list, as the site does (not 1, 2 … of its own)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from mentorguide.pdf.worksheet import render_worksheet
from mentorguide.project.load import Project
from mentorguide.worksheets.html import cited_refs
from mentorguide.worksheets.models import Worksheet
from tests.readback import tools_missing
from tests.worksheets.conftest import SLUGS

pytestmark = pytest.mark.skipif(bool(tools_missing()), reason="needs Poppler's pdftotext")


def reference_list(pdf: Path) -> list[int]:
    """The numbers the PDF's reference list prints, as Poppler reads the page."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    after = text.split("\nReferences\n", 1)[1]
    return [int(n) for n in re.findall(r"^(\d+)\. ", after, re.MULTILINE)]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_reference_list_uses_the_guides_numbers(
    slug: str, sheets: dict[str, Worksheet], guide: Project, tmp_path: Path
) -> None:
    sheet = sheets[slug]
    refs = cited_refs(sheet, guide.content)
    if not refs:
        pytest.skip(f"{slug} cites nothing")
    pdf = render_worksheet(guide.prepared(slug), guide.content, cache_dir=tmp_path)
    assert reference_list(pdf) == [guide.content.reference_number[r] for r in refs]


def test_the_agenda_cites_and_lists_10_and_11(guide: Project, tmp_path: Path) -> None:
    pdf = render_worksheet(guide.prepared("meeting-agenda"), guide.content, cache_dir=tmp_path)
    assert reference_list(pdf) == [10, 11]
