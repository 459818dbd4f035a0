"""PDF accessibility gate: every PDF the build makes, and every PDF a worksheet page makes
in the browser, is tagged, has a title (shown by readers) and a language, tabs through its
fields in structure order, and every form field has an accessible name (its /TU tooltip,
which screen readers announce). Read back with pikepdf."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from tests.gates.conftest import WorksheetUse


def form_fields(fields: pikepdf.Object, parent: str = "") -> Iterator[tuple[str, pikepdf.Object]]:
    """Every terminal form field with its full name (``parent.child``)."""
    for field in fields:
        name = (
            f"{parent}.{field.get('/T')}"
            if parent and "/T" in field
            else str(field.get("/T", parent))
        )
        children = [kid for kid in field.get("/Kids", []) if "/T" in kid]
        if children:
            yield from form_fields(pikepdf.Array(children), name)
        else:
            yield name, field


def pdf_problems(path: Path, shown: str) -> list[str]:
    problems = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        return [f"{shown}: not a readable PDF: {error}"]
    with pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if not (mark is not None and bool(mark.get("/Marked", False))):
            problems.append(f"{shown}: not tagged (/MarkInfo /Marked is not true)")
        if "/StructTreeRoot" not in root:
            problems.append(f"{shown}: not tagged (no /StructTreeRoot)")
        title = str(pdf.docinfo.get("/Title", "")).strip()
        if not title:
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                title = str(meta.get("dc:title", "") or "").strip()
        if not title:
            problems.append(f"{shown}: no title (document info /Title or XMP dc:title)")
        preferences = root.get("/ViewerPreferences")
        if not (preferences is not None and bool(preferences.get("/DisplayDocTitle", False))):
            problems.append(
                f"{shown}: readers show the file name, not the title "
                "(/ViewerPreferences /DisplayDocTitle is not true)"
            )
        if not str(root.get("/Lang", "")).strip():
            problems.append(f"{shown}: no language (/Lang in the document catalog)")
        for number, page in enumerate(pdf.pages, start=1):
            if "/Annots" in page and page.get("/Tabs") != pikepdf.Name.S:
                problems.append(
                    f"{shown}: page {number} has fields or links but its tab order does not "
                    "follow the structure (/Tabs /S)"
                )
        acroform = root.get("/AcroForm")
        if acroform is not None:
            for name, field in form_fields(acroform.get("/Fields", pikepdf.Array())):
                label = str(field.get("/TU", "")).strip()
                if not label:
                    problems.append(f"{shown}: form field {name!r} has no accessible name (/TU)")
                elif label == str(field.get("/T", "")) and re.search(r"[._-]", label):
                    problems.append(
                        f"{shown}: form field {name!r}: its accessible name (/TU) is only its "
                        "field name; use the question's label"
                    )
    return problems


def test_every_pdf_the_build_makes_is_accessible(built_site: Path) -> None:
    pdfs = sorted(built_site.rglob("*.pdf"))
    if not pdfs:
        pytest.skip("the build makes no PDF yet")
    problems = [
        line for pdf in pdfs for line in pdf_problems(pdf, pdf.relative_to(built_site).as_posix())
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pdfs_made_in_the_browser_are_accessible(worksheet_uses: list[WorksheetUse]) -> None:
    made = [(use.page, pdf) for use in worksheet_uses for pdf in use.pdfs]
    if not made:
        pytest.skip("no worksheet page made a PDF (see the worksheet action gate)")
    problems = [line for page, pdf in made for line in pdf_problems(pdf, f"PDF made on /{page}")]
    assert not problems, "\n".join(problems)
