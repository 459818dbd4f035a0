"""A worksheet PDF filled with a multi-script sample, by the CLI or on the worksheet page, is
drawn by pdf.js (Firefox's reader and many web viewers) as PDFium draws it. pdf.js, loaded
from node_modules in headless Chromium, renders page 1 with the widgets' appearance streams
(``AnnotationMode.ENABLE``: drawn on the canvas, not HTML inputs over it); its operator list
says which glyphs it drew in each field, each found in the field's font, and inside each
field its ink matches PDFium's and not that of the same answers as the bug drew them, '?'s."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from playwright.sync_api import Browser

from tests.browser.test_worksheet_scripts import download_pdf, sample_for, type_answers
from tests.browser.test_worksheets import open_sheet
from tests.conftest import ROOT, GuardedPage, StaticServer, guarded, serve_directory
from tests.readback import squeezed
from tests.worksheets.test_every_character import GROUP_ONE, fill

#: 144 dpi: glyphs big enough that a wrong one changes many pixels.
SCALE = 2.0

Gray = np.ndarray[Any, np.dtype[np.uint8]]
Ink = np.ndarray[Any, np.dtype[np.bool_]]

#: pdf.js's ES module build and its worker, from node_modules, on the local server only.
PAGE = """<!doctype html>
<meta charset="utf-8">
<title>pdf.js</title>
<script type="module">
import * as pdfjs from "./pdfjs-dist/build/pdf.mjs";
pdfjs.GlobalWorkerOptions.workerSrc = "./pdfjs-dist/build/pdf.worker.mjs";

window.drawWithPdfjs = async (url, scale) => {
  const document_ = await pdfjs.getDocument({
    url,
    standardFontDataUrl: "./pdfjs-dist/standard_fonts/",
    cMapUrl: "./pdfjs-dist/cmaps/",
    wasmUrl: "./pdfjs-dist/wasm/",
    iccUrl: "./pdfjs-dist/iccs/",
  }).promise;
  const page = await document_.getPage(1);
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(viewport.width);
  canvas.height = Math.round(viewport.height);
  // ENABLE draws each widget's appearance stream into the canvas (ENABLE_FORMS would
  // leave text fields out, for HTML inputs).
  const mode = pdfjs.AnnotationMode.ENABLE;
  await page.render({ canvas, viewport, annotationMode: mode }).promise;
  const names = new Map(
    (await page.getAnnotations()).map((a) => [a.id, a.fieldName ?? null]),
  );
  const list = await page.getOperatorList({ annotationMode: mode });
  const drawn = {};
  let field = null;
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i];
    if (fn === pdfjs.OPS.beginAnnotation) {
      field = names.get(args[0]);
      if (field) drawn[field] = { text: "", missing: "" };
    } else if (fn === pdfjs.OPS.endAnnotation) {
      field = null;
    } else if (fn === pdfjs.OPS.showText && field) {
      for (const glyph of args[0]) {
        if (glyph === null || typeof glyph !== "object") continue;
        drawn[field].text += glyph.unicode;
        // A space draws no ink: a subset may leave its glyph out.
        if (!glyph.isInFont && glyph.unicode.trim()) drawn[field].missing += glyph.unicode;
      }
    }
  }
  await document_.destroy();
  return { png: canvas.toDataURL("image/png"), drawn };
};
window.pdfjsReady = true;
</script>
"""


@pytest.fixture
def pdfjs_folder(tmp_path: Path) -> Path:
    """A folder to serve: the page above, pdfjs-dist as npm installed it, and the PDFs."""
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    installed = ROOT / "node_modules" / "pdfjs-dist" / "build" / "pdf.mjs"
    assert installed.is_file(), "pdfjs-dist is not installed: run `make node_modules/.installed`"
    # A link, not a copy: the package is 38 MB and the page fetches a few files of it.
    (folder / "pdfjs-dist").symlink_to(ROOT / "node_modules" / "pdfjs-dist")
    return folder


@pytest.fixture
def pdfjs_page(browser: Browser, pdfjs_folder: Path) -> Iterator[GuardedPage]:
    """The page above, with pdf.js loaded, in a context that blocks any other host."""
    # Each generator yields once, then stops its server or closes its context.
    for server in serve_directory(pdfjs_folder):
        for page in guarded(browser, server):
            page.page.goto(server.url + "index.html")
            page.page.wait_for_function("window.pdfjsReady === true")
            yield page


def pdfjs_drawing(page: GuardedPage, folder: Path, pdf: bytes, name: str) -> dict[str, Any]:
    """Page 1 of ``pdf`` as pdf.js draws it: ``image`` (gray levels) and, for each field,
    the ``text`` its glyphs stand for and the characters ``missing`` from its font."""
    (folder / name).write_bytes(pdf)
    result: dict[str, Any] = page.page.evaluate(
        "([url, scale]) => window.drawWithPdfjs(url, scale)", [name, SCALE]
    )
    png = base64.b64decode(result["png"].removeprefix("data:image/png;base64,"))
    result["image"] = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return result


def drawn(drawing: dict[str, Any], names: list[str], what: str) -> dict[str, str]:
    """The ``text`` pdf.js drew in each field named, or the characters ``missing`` from its
    font, without white space (line breaks); '' where it drew nothing."""
    return {n: squeezed(drawing["drawn"].get(n, {}).get(what, "")) for n in names}


def pdfium_image(pdf: bytes) -> Gray:
    document = pdfium.PdfDocument(pdf)
    document.init_forms()  # draw the widgets' appearance streams
    bitmap = document[0].render(scale=SCALE, may_draw_forms=True, grayscale=True)
    return np.asarray(bitmap.to_pil().convert("L"))


def field_boxes(pdf: bytes) -> dict[str, tuple[int, int, int, int]]:
    """Each page-1 text field's rectangle in pixels (top, bottom, left, right), inset 3 pt
    so that borders, drawn alike by any engine, do not dilute the text."""
    document = pikepdf.open(io.BytesIO(pdf))
    page = document.pages[0]
    height = float(page.MediaBox[3])
    boxes = {}
    for widget in page.Annots:
        if widget.get("/Subtype") != "/Widget" or "/T" not in widget:
            continue
        x0, y0, x1, y1 = (float(v) for v in widget.Rect)
        left, right = sorted((x0, x1))
        low, high = sorted((y0, y1))
        boxes[str(widget.T)] = (
            round((height - high + 3) * SCALE),
            round((height - low - 3) * SCALE),
            round((left + 3) * SCALE),
            round((right - 3) * SCALE),
        )
    return boxes


def unmatched_ink(one: Gray, other: Gray) -> float:
    """The share of ink (dark pixels) in either image with no ink within a pixel of it in
    the other: engines' anti-aliasing moves edges by a pixel, a different glyph moves more."""
    a, b = one < 128, other < 128
    if not a.any() and not b.any():
        return 0.0

    def near(ink: Ink) -> Ink:
        padded = np.pad(ink, 1)
        rows, cols = ink.shape
        around = np.zeros_like(ink)
        for r in range(3):
            for c in range(3):
                around |= padded[r : r + rows, c : c + cols]
        return around

    lonely = (a & ~near(b)).sum() + (b & ~near(a)).sum()
    return float(lonely) / float(a.sum() + b.sum())


def question_marks(text: str) -> str:
    """``text`` as the bug printed it: each character outside ASCII a '?'."""
    return re.sub(r"[^\x00-\x7f]", "?", text)


def as_the_bug_printed_it(tmp_path: Path, answers: dict[str, str]) -> bytes:
    """The worksheet filled with ``answers``, each character outside ASCII a '?'."""
    folder = tmp_path / "question-marks"
    folder.mkdir()
    code, pdf = fill(folder, "smart-goal", {n: question_marks(v) for n, v in answers.items()})
    assert code == 0
    return pdf


def ink_differences(pdf: bytes, names: list[str], one: Gray, other: Gray) -> dict[str, float]:
    """``unmatched_ink`` of two drawings of page 1 of ``pdf``, inside each field named."""
    assert one.shape == other.shape
    boxes = field_boxes(pdf)
    differences = {}
    for name in names:
        top, bottom, left, right = boxes[name]
        box = (slice(top, bottom), slice(left, right))
        assert (one[box] < 128).sum() > 500, f"no text drawn in {name}"
        differences[name] = round(unmatched_ink(one[box], other[box]), 3)
    return differences


def assert_pdfjs_draws_as_pdfium(
    page: GuardedPage, folder: Path, pdf: bytes, wrong: bytes, answers: dict[str, str]
) -> None:
    """pdf.js draws each of ``answers`` on page 1 of ``pdf``: glyph for glyph, each in the
    field's font, with PDFium's ink there and not the ink of ``wrong`` (the '?'s)."""
    on_page = {name: answers[name] for name in field_boxes(pdf) if name in answers}
    assert set(squeezed(GROUP_ONE)) <= set(squeezed("".join(on_page.values())))

    drawing = pdfjs_drawing(page, folder, pdf, "filled.pdf")
    # The glyphs pdf.js drew in each field, by what its font says they stand for.
    assert drawn(drawing, list(on_page), "text") == {n: squeezed(v) for n, v in on_page.items()}
    assert drawn(drawing, list(on_page), "missing") == dict.fromkeys(on_page, "")
    # And their ink: PDFium's drawing of the sample, not of the '?'s the bug drew.
    pdfjs = drawing["image"]
    same = ink_differences(pdf, list(on_page), pdfjs, pdfium_image(pdf))
    assert {n: d for n, d in same.items() if d >= 0.05} == {}
    different = ink_differences(pdf, list(on_page), pdfjs, pdfium_image(wrong))
    assert {n: d for n, d in different.items() if d <= 0.15} == {}
    assert page.foreign_requests == []


def test_pdfjs_draws_a_cli_filled_multi_script_sample_as_pdfium_does(
    pdfjs_page: GuardedPage, pdfjs_folder: Path, tmp_path: Path
) -> None:
    answers = sample_for("smart-goal")
    code, pdf = fill(tmp_path, "smart-goal", answers)
    assert code == 0
    wrong = as_the_bug_printed_it(tmp_path, answers)
    assert_pdfjs_draws_as_pdfium(pdfjs_page, pdfjs_folder, pdf, wrong, answers)


def test_pdfjs_draws_a_sample_typed_in_the_browser_as_pdfium_does(
    guarded_page: GuardedPage,
    site_server: StaticServer,
    pdfjs_page: GuardedPage,
    pdfjs_folder: Path,
    tmp_path: Path,
) -> None:
    answers = sample_for("smart-goal")
    page = open_sheet(guarded_page, site_server, "smart-goal")
    type_answers(page, answers)
    pdf = download_pdf(page, tmp_path / "typed.pdf")
    type_answers(page, {n: question_marks(v) for n, v in answers.items()})
    wrong = download_pdf(page, tmp_path / "typed-question-marks.pdf")
    assert_pdfjs_draws_as_pdfium(pdfjs_page, pdfjs_folder, pdf, wrong, answers)
    assert guarded_page.foreign_requests == []


def test_pdfjs_drawing_question_marks_fails_the_comparison(
    pdfjs_page: GuardedPage, pdfjs_folder: Path, tmp_path: Path
) -> None:
    answers = sample_for("smart-goal")
    code, pdf = fill(tmp_path, "smart-goal", answers)
    assert code == 0
    wrong = as_the_bug_printed_it(tmp_path, answers)
    drawing = pdfjs_drawing(pdfjs_page, pdfjs_folder, wrong, "question-marks.pdf")
    names = [n for n in field_boxes(wrong) if n in answers]
    assert drawn(drawing, names, "text") == {n: squeezed(question_marks(answers[n])) for n in names}
    differences = ink_differences(wrong, names, drawing["image"], pdfium_image(pdf))
    assert {n: d for n, d in differences.items() if d <= 0.15} == {}
