"""Read the text a PDF *draws* back, as each engine draws it: PDFium (Chrome) with the form
fields flattened into the page, Poppler's ``pdftotext`` and MuPDF's structured text. What
comes back went through each engine's parsing of our fonts (glyph ids, ToUnicode), so a
'?' or a missing glyph shows; a field's /V alone would not."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

ENGINES = ("pdfium", "poppler", "mupdf")


def drawn_text(pdf: bytes, engine: str) -> str:
    if engine == "pdfium":
        document = pdfium.PdfDocument(pdf)
        document.init_forms()  # widgets' appearance streams become page content
        for index in range(len(document)):
            page = document[index]
            page.flatten()
            page.close()
        buffer = io.BytesIO()
        document.save(buffer)
        flat = pdfium.PdfDocument(buffer.getvalue())
        return "\n".join(
            flat[index].get_textpage().get_text_bounded() for index in range(len(flat))
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.pdf")
        path.write_bytes(pdf)
        if engine == "poppler":
            return _run(["pdftotext", "-enc", "UTF-8", str(path), "-"])
        stext = _run(["mutool", "draw", "-F", "stext", "-o", "-", str(path)])
        return "".join(html.unescape(c) for c in re.findall(r'<char [^>]*c="([^"]*)"', stext))


def squeezed(text: str) -> str:
    """Without white space: engines differ in where they break lines and put spaces."""
    return "".join(text.split())


def qpdf_check(pdf: bytes) -> str:
    """``qpdf --check``'s output: empty when the file has no error and no warning."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.pdf")
        path.write_bytes(pdf)
        result = subprocess.run(
            ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
        )
    # Exit code 0: no error and no warning (3 is "succeeded with warnings", 2 errors).
    return "" if result.returncode == 0 else result.stdout + result.stderr


def tools_missing() -> list[str]:
    return [tool for tool in ("pdftotext", "mutool", "qpdf") if shutil.which(tool) is None]


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout
