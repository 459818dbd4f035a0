"""Every character typed on a worksheet page is drawn in the PDF it downloads, in PDFium,
Poppler and MuPDF; fontkit and the fill-time font load only when an answer needs them; and
characters no font here can draw are named before any PDF is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from mentorguide.pdf.fill import read_values
from mentorguide.project.load import load_project
from mentorguide.worksheets.form import form_fields
from tests.browser.test_worksheets import FORM, action, open_sheet, status
from tests.conftest import ROOT, GuardedPage, StaticServer
from tests.readback import ENGINES, drawn_text, qpdf_check, squeezed
from tests.worksheets.test_every_character import sample_answers

pytestmark = pytest.mark.browser

SLUGS = (
    "career-development-plan",
    "meeting-agenda",
    "mentorship-agreement",
    "milestone-tracker",
    "smart-goal",
)
FILL_FILES = ("fontkit.umd.min.js", "DejaVuSans.ttf")


def sample_for(slug: str) -> dict[str, str]:
    project = load_project(ROOT)
    sheet = next(s for s in project.worksheets if s.slug == slug)
    return sample_answers(form_fields(sheet, project.content))


def type_answers(page: Page, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        page.fill(f'{FORM} [name="{name}"]', value)


def download_pdf(page: Page, target: Path) -> bytes:
    with page.expect_download() as made:
        page.click(action("download-pdf"))
    made.value.save_as(target)
    return target.read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_multi_script_sample_typed_in_the_browser_is_drawn_in_every_engine(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path, slug: str
) -> None:
    answers = sample_for(slug)
    page = open_sheet(guarded_page, site_server, slug)
    type_answers(page, answers)
    pdf = download_pdf(page, tmp_path / f"{slug}.pdf")
    status(page).to_contain_text("Your PDF is ready")
    for engine in ENGINES:
        text = squeezed(drawn_text(pdf, engine))
        missing = {n: v for n, v in answers.items() if squeezed(v) not in text}
        assert missing == {}, f"{engine} does not read back {missing}"
    assert qpdf_check(pdf) == ""


def test_the_fill_font_loads_only_for_characters_the_field_font_lacks(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    loaded: list[str] = []
    guarded_page.page.on("request", lambda r: loaded.append(r.url))
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.wait_for_load_state("networkidle")
    page.fill("[name=mentee_name]", "Nguyễn Thị Hồng, Ελληνικά, Кириллица ≥ → μ")
    pdf = download_pdf(page, tmp_path / "goal.pdf")
    assert "Nguyễn Thị Hồng, Ελληνικά, Кириллица ≥ → μ" in drawn_text(pdf, "mupdf")
    assert [u for u in loaded if u.endswith(FILL_FILES)] == []
    page.fill("[name=goal]", "∮ ⊗ Ѣ")
    pdf = download_pdf(page, tmp_path / "goal-2.pdf")
    assert "∮ ⊗ Ѣ" in drawn_text(pdf, "pdfium")
    assert sorted(u.rsplit("/", 1)[1] for u in loaded if u.endswith(FILL_FILES)) == sorted(
        FILL_FILES
    )
    assert guarded_page.foreign_requests == []


def test_characters_no_font_can_draw_are_named_and_nothing_downloads(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.fill("[name=mentee_name]", "王秀英")
    page.fill("[name=goal]", "שלום ∮")
    downloads: list[object] = []
    page.on("download", lambda d: downloads.append(d))
    page.click(action("download-pdf"))
    status(page).to_have_text(
        "The PDF was not made: no font here can draw some characters of your answers, so it "
        "would print them wrongly (Mentee: 王 (U+738B), 秀 (U+79C0), 英 (U+82F1); My goal: "
        "ש (U+05E9), ל (U+05DC), ו (U+05D5), ם (U+05DD)). Write them in Latin, Greek or "
        "Cyrillic letters, or type them into the blank PDF in a PDF viewer."
    )
    expect(page.locator(action("download-pdf"))).to_be_enabled()
    assert downloads == []


def test_an_answer_too_long_to_print_is_named_and_kept_whole_in_the_field(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    goal = "Lead the inventory project and report on it every month. " * 100
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.fill("[name=goal]", goal)
    page.fill("[name=mentee_name]", "Zoë")
    pdf = download_pdf(page, tmp_path / "goal.pdf")
    status(page).to_contain_text(
        "Too long to print whole: “My goal”. The PDF field holds all of it (a PDF viewer "
        "scrolls it), but on paper it is cut; shorten it to print it whole."
    )
    assert read_values(pdf)["goal"] == goal
