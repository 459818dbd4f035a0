"""``guide.pdf``: the whole guide as one printable PDF, with a cover, contents, page numbers,
every page's text (the references included) and the worksheets as appendices."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pypdf
import pytest

from mentorguide.project.load import Project
from tests.worksheets.conftest import open_pdf

CHAPTERS = (
    "",
    "career-pathways",
    "credentials",
    "mentorship-principles",
    "formal-program",
    "conversations",
    "question-bank",
    "engagement",
    "mentorship-cycle",
    "references",
    "about",
)


@pytest.fixture(scope="module")
def guide_pdf(built_site: Path) -> bytes:
    return (built_site / "guide.pdf").read_bytes()


#: The pages' margin (20 mm, worksheet-guide.css), where the running head and page number are.
MARGIN = 20 / 25.4 * 72


def body_text(page: pypdf.PageObject) -> str:
    """A page's text without its running head and page number, so a paragraph that goes on
    over a page break reads as one."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if MARGIN <= y <= height - MARGIN:
            parts.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(parts)


@pytest.fixture(scope="module")
def pages_text(guide_pdf: bytes) -> list[str]:
    import io

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(guide_pdf)).pages]


@pytest.fixture(scope="module")
def body_texts(guide_pdf: bytes) -> list[str]:
    import io

    return [body_text(page) for page in pypdf.PdfReader(io.BytesIO(guide_pdf)).pages]


def squeeze(text: str) -> str:
    """Text without whitespace, so line breaks made by the layout do not matter."""
    return "".join(text.split())


def article_texts(site: Path, chapter: str) -> list[str]:
    """The text of every paragraph, list item and heading of a built page's article."""
    page = (site / chapter / "index.html") if chapter else site / "index.html"
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article") : text.index("</article>")]
    article = re.sub(r'<form class="mg-qb-filters".*?</form>', "", article, flags=re.S)
    article = re.sub(r'<span class="mg-cited-in">.*?</span>', "", article, flags=re.S)
    article = re.sub(r'<a class="headerlink".*?</a>', "", article, flags=re.S)
    blocks = re.findall(r"<(p|li|h[1-3])\b[^>]*>(.*?)</\1>", article, flags=re.S)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", inner)) for _, inner in blocks]
    return [t for t in (" ".join(t.split()) for t in texts) if t]


def test_the_build_makes_the_guide_pdf(built_site: Path) -> None:
    assert (built_site / "guide.pdf").stat().st_size > 50_000
    index = (built_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert 'href="../guide.pdf"' in index


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_it_holds_every_paragraph_of_the_page(
    chapter: str, built_site: Path, body_texts: list[str]
) -> None:
    whole = squeeze("".join(body_texts))
    missing = [t for t in article_texts(built_site, chapter) if squeeze(t) not in whole]
    assert missing == []


def test_it_holds_the_18_references_in_order(guide: Project, pages_text: list[str]) -> None:
    whole = squeeze("".join(pages_text))
    references = guide.content.references.references
    assert len(references) == 18
    # In the guide's numbering: each one after the one before (two begin alike).
    place = 0
    for ref in references:
        start = squeeze(ref.citation.replace("*", ""))[:60]
        assert start in whole[place:], ref.id
        place = whole.index(start, place) + 1


def test_it_opens_with_a_cover_then_contents_with_page_numbers(
    guide: Project, pages_text: list[str]
) -> None:
    assert squeeze(guide.content.guide.title) in squeeze(pages_text[0])
    contents = pages_text[1]
    assert contents.startswith("Contents")
    assert re.search(r"References[ .]+\d+", contents)
    assert re.search(r"Appendix A\. SMART goal[ .]+\d+", contents)


def test_pages_are_numbered(pages_text: list[str]) -> None:
    # The cover is page 1 and unnumbered; every other page shows its number.
    for number, text in enumerate(pages_text[1:], start=2):
        assert re.search(rf"(^|\n){number}\s*$", text.strip()) or text.strip().endswith(
            str(number)
        ), number


def test_the_worksheets_are_appendices(sheets: dict[str, object], pages_text: list[str]) -> None:
    whole = "".join(pages_text)
    for letter, title in zip(
        "ABCDE",
        (
            "SMART goal",
            "Career development plan",
            "Mentorship agreement",
            "Meeting agenda",
            "Milestone tracker",
        ),
        strict=True,
    ):
        assert f"Appendix {letter}. {title}" in whole


def test_it_is_tagged_titled_and_in_english(guide_pdf: bytes, guide: Project) -> None:
    with open_pdf(guide_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo.Title) == guide.content.guide.title
        assert str(pdf.Root.Lang) == "en"
        assert "/AcroForm" not in pdf.Root  # printable; the worksheets' own PDFs are fillable
        assert str(pdf.Root.Outlines.First.Title) == "Technician Mentorship Resource Guide"


def test_links_between_pages_become_links_inside_the_pdf(guide_pdf: bytes) -> None:
    with open_pdf(guide_pdf) as pdf:
        targets = set()
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    targets.add(str(action.URI))
        relative = [t for t in targets if not t.startswith(("http", "mailto:"))]
        assert relative == []
