"""The browser's fill (``worksheet-pdf.js``, pdf-lib) and the CLI's (``pdf/fill.py``) draw
the same answers the same way: field by field, the text PDFium reads inside each field's
box is the same in both PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.browser.test_worksheet_scripts import download_pdf, sample_for, type_answers
from tests.browser.test_worksheets import open_sheet
from tests.conftest import GuardedPage, StaticServer
from tests.readback import squeezed
from tests.worksheets.conftest import SLUGS
from tests.worksheets.test_every_character import fill

pytestmark = pytest.mark.browser


def drawn_by_field(pdf: bytes) -> dict[str, str]:
    """Field name → the text PDFium draws inside its box (forms flattened), without spaces."""
    boxes: dict[str, tuple[int, list[float]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Widget" and "/T" in annot:
                    boxes[str(annot.T)] = (number, [float(v) for v in annot.Rect])
    flat = pdfium.PdfDocument(pdf)
    flat.init_forms()
    for index in range(len(flat)):
        flat[index].flatten()
    buffer = io.BytesIO()
    flat.save(buffer)
    drawn = pdfium.PdfDocument(buffer.getvalue())
    return {
        name: squeezed(drawn[number].get_textpage().get_text_bounded(*rect))
        for name, (number, rect) in boxes.items()
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_the_browser_and_the_cli_draw_the_same_answers_alike(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path, slug: str
) -> None:
    answers = sample_for(slug)
    code, cli_pdf = fill(tmp_path, slug, answers)
    assert code == 0
    page = open_sheet(guarded_page, site_server, slug)
    type_answers(page, answers)
    browser_pdf = download_pdf(page, tmp_path / f"{slug}-browser.pdf")
    by_cli, by_browser = drawn_by_field(cli_pdf), drawn_by_field(browser_pdf)
    assert {name: by_cli.get(name) for name in answers} == {
        name: by_browser.get(name) for name in answers
    }
    # And what both draw is what was typed, not merely the same mistake twice.
    assert all(squeezed(value) in by_cli[name] for name, value in answers.items())
