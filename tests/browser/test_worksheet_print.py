"""Ctrl+P of a worksheet page is a clean paper form, as Chromium prints it (page.pdf(), read
back with Poppler): no screen-only controls or instructions, no date-widget or choice-list
chrome, no heading left at the foot of a page, the signatures on one page, and the empty
agreement on the three pages its PDF takes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mentorguide.project.load import load_project
from tests.browser.test_worksheet_scripts import SLUGS
from tests.browser.test_worksheets import open_sheet
from tests.conftest import ROOT, GuardedPage, StaticServer
from tests.readback import tools_missing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(bool(tools_missing()), reason="needs Poppler's pdftotext"),
]

#: What only the screen shows: the buttons, the lead, the status, the widgets' own text.
SCREEN_ONLY = (
    "Check answers",
    "Download PDF",
    "Open a saved PDF",
    "Fill it in here",
    "saved in this browser",
    "mm/dd/yyyy",
    "Choose one",
    "On screen, type",
    "Questions marked",
)


def printed(guarded: GuardedPage, server: StaticServer, slug: str, tmp_path: Path) -> list[str]:
    """The worksheet page printed by Chromium on US Letter: each page's text."""
    page = open_sheet(guarded, server, slug)
    path = tmp_path / f"{slug}-print.pdf"
    page.pdf(path=str(path), format="Letter")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.rstrip("\f").split("\f")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_printed_page_has_no_screen_only_text(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path, slug: str
) -> None:
    text = "\n".join(printed(guarded_page, site_server, slug, tmp_path))
    assert [s for s in SCREEN_ONLY if s in text] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_no_section_heading_is_left_at_the_foot_of_a_printed_page(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path, slug: str
) -> None:
    sheet = next(s for s in load_project(ROOT).worksheets if s.slug == slug)
    headings = {section.title for section in sheet.sections}
    pages = printed(guarded_page, site_server, slug, tmp_path)
    last_lines = [
        [line.strip() for line in page.splitlines() if line.strip()][-1] for page in pages[:-1]
    ]
    assert [line for line in last_lines if line in headings] == []


def test_the_empty_agreement_prints_on_three_pages_with_the_signatures_together(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    pages = printed(guarded_page, site_server, "mentorship-agreement", tmp_path)
    assert len(pages) == 3
    signatures = ("Mentor's signature", "Date signed by the mentor", "Mentee's signature")
    on = {label: [i for i, page in enumerate(pages) if label in page] for label in signatures}
    assert len({tuple(found) for found in on.values()}) == 1 and len(on[signatures[0]]) == 1
