"""Render a worksheet to a fillable, tagged PDF with WeasyPrint, and cache it by content hash.

WeasyPrint writes the AcroForm (``pdf_forms=True``) and the structure tree (the PDF/UA-1
variant turns tagging on). A finisher then corrects what WeasyPrint 70 gets wrong for forms,
before the file is written:

* radio buttons: each button is listed as a field of its own, named like its group (so a
  viewer sees ``stage`` and ``stage.stage``); they become kids of the group only, as
  ISO 32000-1 §12.7.4.2.4 describes;
* tooltips (/TU, the field's accessible name, §12.7.3.1 and PDF/UA-1 §7.18.1): WeasyPrint
  names a radio group after its first option and a table cell after nothing; every field
  gets the name ``form.py`` gives it;
* required fields get the Required flag (§12.7.3.1, Table 221), which viewers show;
* pages with fields get ``/Tabs /S`` so Tab follows the structure order (PDF/UA-1 §7.18.3);
* the Info dictionary records which worksheet this is (``/MentorguideWorksheet``), so a
  saved copy can be recognised when a reader opens it on the site again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Literal

import pydyf

from ..atomic import write_atomic
from ..content import Content
from .edition import Edition, default_edition
from .fonts import FontSet, font_set
from .form import FormField, form_fields
from .html import pdf_document
from .models import Worksheet

log = logging.getLogger("mkdocs.plugins.mentorguide.worksheets")

Paper = Literal["letter", "a4"]
PAPER_SIZES: dict[str, str] = {"letter": "letter", "a4": "A4"}
INFO_KEY = "MentorguideWorksheet"

_REQUIRED = 1 << 1  # field flag bit 2: Required


def cache_dir(project_root: Path) -> Path:
    """Where rendered PDFs and subset fonts are kept: ``<project>/.cache/mentorguide``, or
    ``$MENTORGUIDE_CACHE_DIR`` (entries are keyed by content hash, so several projects and
    concurrent builds can share one)."""
    override = os.environ.get("MENTORGUIDE_CACHE_DIR")
    return Path(override) if override else project_root / ".cache" / "mentorguide"


def stylesheet(name: str) -> str:
    return (resources.files("mentorguide") / "assets" / name).read_text(encoding="utf-8")


#: The modules and styles that shape a PDF (a change to any of them re-renders every PDF).
_SHAPING_MODULES = (
    "edition.py",
    "fonts.py",
    "form.py",
    "guide.py",
    "html.py",
    "load.py",
    "models.py",
    "pdf.py",
)
_SHAPING_STYLES = ("worksheet-pdf.css", "worksheet-guide.css")


@functools.cache
def code_digest() -> str:
    """A hash of everything besides the inputs that shapes a PDF: this package's code and
    styles and the WeasyPrint version. Part of every cache key, so an upgrade re-renders."""
    # The installed versions, read without importing WeasyPrint: importing it costs about
    # half a second, which a rebuild with every PDF cached should not pay.
    versions = f"{metadata.version('weasyprint')}\0{metadata.version('pydyf')}"
    digest = hashlib.sha256(versions.encode())
    package = resources.files("mentorguide")
    for name in _SHAPING_MODULES:
        module = package / "worksheets" / name
        if module.is_file():
            digest.update(module.read_bytes())
    for name in _SHAPING_STYLES:
        digest.update((package / "assets" / name).read_bytes())
    return digest.hexdigest()


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\' or ord(c) < 0x20 or c == "\x7f" else c for c in text
    )
    return f'"{escaped}"'


def css_content(template: str, **counters: str) -> str:
    """A ``content`` value from an interface string: its text as CSS strings, each
    ``{placeholder}`` as the counter named for it (``{page}`` → ``counter(page)``)."""
    parts = re.split(r"\{([a-z_]+)\}", template)
    values = [counters[part] if i % 2 else css_string(part) for i, part in enumerate(parts)]
    return " ".join(v for v in values if v != '""') or '""'


def running_css(content: Content, edition: Edition) -> str:
    """The running header and footer: who publishes the worksheet, and 'Page 1 of 2', in the
    interface's language (margin boxes are generated text, so they take it from here)."""
    footer = css_string(edition.publisher(content))
    page = css_content(
        edition.strings.raw("worksheet.page_number"),
        page="counter(page)",
        pages="counter(pages)",
    )
    return (
        f"@page {{ @bottom-left {{ content: {footer}; }} @bottom-right {{ content: {page}; }} }}\n"
    )


def worksheet_css(
    fonts: FontSet, paper: Paper, *, content: Content, edition: Edition | None = None
) -> str:
    edition = edition or default_edition()
    return (
        f"{fonts.css()}\n@page {{ size: {PAPER_SIZES[paper]}; }}\n"
        f"html, input, textarea, select {{ font-family: {fonts.stack}; }}\n"
        f"{stylesheet('worksheet-pdf.css')}\n{running_css(content, edition)}"
    )


def worksheet_text(sheet: Worksheet, content: Content, edition: Edition | None = None) -> str:
    """Every character the worksheet prints, so the subset font has all of them."""
    edition = edition or default_edition()
    parts = [sheet.title, sheet.purpose, content.guide.title, *edition.strings.table.values()]
    if edition.society is not None:
        parts.append(edition.society.name)
        if edition.coordinator is not None:
            parts += [edition.coordinator.name, edition.coordinator.email]
    for spec in form_fields(sheet, content, edition.strings):
        parts.append(spec.label)
        parts += [c.label for c in spec.options]
    for section in sheet.sections:
        parts += [section.title, section.intro]
        parts += [f.help for f in section.fields]
    parts += [r.citation for r in content.references.references]
    parts += [s.name for s in content.stages.stages]
    return "".join(parts)


@dataclass(frozen=True)
class RenderJob:
    """One PDF to make: its HTML and how to finish it. ``key`` names it in the cache."""

    label: str
    html: str
    options: dict[str, Any]
    finisher: Callable[[Any, Any], None] | None
    extra_key: str = ""
    """What else shapes the PDF besides its HTML (the finisher's field names and tooltips)."""
    fonts: FontSet | None = None
    """The subset fonts the HTML names, cut before rendering if not made yet."""

    @property
    def key(self) -> str:
        parts = [code_digest(), self.html, repr(sorted(self.options.items())), self.extra_key]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def worksheet_job(
    sheet: Worksheet,
    content: Content,
    *,
    fonts: FontSet,
    paper: Paper = "letter",
    edition: Edition | None = None,
) -> RenderJob:
    edition = edition or default_edition()
    css = worksheet_css(fonts, paper, content=content, edition=edition)
    document = pdf_document(sheet, content, css=css, edition=edition)
    finisher = FormFinisher(sheet.slug, form_fields(sheet, content, edition.strings))
    return RenderJob(
        label=f"worksheets/{sheet.slug}.pdf" + ("" if paper == "letter" else f" ({paper})"),
        html=document,
        options={"pdf_forms": True, "pdf_variant": "pdf/ua-1"},
        finisher=finisher,
        # The HTML holds the strings, the society and the language; the tooltips and the
        # Required flags are set by the finisher, so they are part of the key too.
        extra_key=finisher.fingerprint() + "\0" + edition.fingerprint(),
        fonts=fonts,
    )


def render(job: RenderJob) -> bytes:
    from weasyprint import HTML

    if job.fonts is not None:
        job.fonts.make_missing()
    data: bytes = HTML(string=job.html, base_url=None).write_pdf(
        finisher=job.finisher, **job.options
    )
    return data


def render_to(job: RenderJob, path: Path) -> float:
    """Render ``job`` into ``path`` (atomically); the seconds it took."""
    started = time.perf_counter()
    write_atomic(path, render(job))
    return time.perf_counter() - started


def log_rendered(job: RenderJob, path: Path, seconds: float) -> None:
    """One line per PDF made (tests and benchmarks count them)."""
    size = path.stat().st_size // 1024
    log.info("mentorguide: rendered %s in %.2f s (%d KB)", job.label, seconds, size)


class RenderCache:
    """PDFs by content hash under ``<cache>/pdf/``: a PDF is rendered only when its inputs
    (HTML, fonts, options, our code, WeasyPrint) changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "pdf"

    def path(self, job: RenderJob) -> Path:
        return self.folder / f"{job.key}.pdf"

    def get(self, job: RenderJob) -> Path:
        """The cached PDF for ``job``, rendered first if it is not there yet."""
        path = self.path(job)
        if path.is_file():
            log.debug("mentorguide: %s is unchanged (cached)", job.label)
            return path
        log_rendered(job, path, render_to(job, path))
        return path


def render_worksheet(
    sheet: Worksheet,
    content: Content,
    *,
    cache_dir: Path,
    paper: Paper = "letter",
    edition: Edition | None = None,
) -> Path:
    """The blank fillable PDF of ``sheet`` (from the cache when nothing changed), in the
    ``edition``'s language and under its society's name (the default guide's, in English,
    when not given)."""
    job = blank_worksheet_job(sheet, content, cache_dir=cache_dir, paper=paper, edition=edition)
    return RenderCache(cache_dir).get(job)


def blank_worksheet_job(
    sheet: Worksheet,
    content: Content,
    *,
    cache_dir: Path,
    paper: Paper = "letter",
    edition: Edition | None = None,
) -> RenderJob:
    """What ``render_worksheet`` renders (its subset fonts are cut when it is rendered)."""
    edition = edition or default_edition()
    fonts = font_set(cache_dir, worksheet_text(sheet, content, edition), make=False)
    return worksheet_job(sheet, content, fonts=fonts, paper=paper, edition=edition)


# --- the finisher -----------------------------------------------------------------------


class FormFinisher:
    """Corrects WeasyPrint's AcroForm in place, on its pydyf objects (see module docstring)."""

    def __init__(self, slug: str, fields: Iterable[FormField]) -> None:
        self.slug = slug
        self.fields = {f.name: f for f in fields}

    def fingerprint(self) -> str:
        """Everything the finisher writes, for the render cache's key."""
        return "\0".join(
            [self.slug]
            + [
                f"{f.name}={f.label}|{f.field.required and f.name == f.field.id}"
                for f in self.fields.values()
            ]
        )

    def __call__(self, document: Any, pdf: Any) -> None:
        pdf.info[INFO_KEY] = pydyf.String(self.slug)
        form = pdf.catalog.get("AcroForm")
        if form is None:
            return
        by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

        def resolve(reference: bytes) -> Any:
            return by_number[int(reference.split()[0])]

        kept = pydyf.Array()
        kids: set[bytes] = set()
        for reference in form["Fields"]:
            field = resolve(reference)
            if "Kids" in field:
                for kid_reference in field["Kids"]:
                    kid = resolve(kid_reference)
                    kids.add(bytes(kid_reference))
                    # A widget that is only a kid carries no field attributes of its own.
                    for key in ("T", "TU", "FT"):
                        kid.pop(key, None)
        for reference in form["Fields"]:
            if bytes(reference) in kids:
                continue
            field = resolve(reference)
            kept.append(reference)
            name = _text(field.get("T"))
            spec = self.fields.get(name)
            if spec is None:
                continue
            field["TU"] = pydyf.String(spec.label)
            # The field a required question is answered in: not each box of a multiple
            # choice, not a table's cells, not the "other" text.
            if spec.field.required and spec.name == spec.field.id:
                field["Ff"] = int(field.get("Ff", 0)) | _REQUIRED
        form["Fields"] = kept
        for page in pdf.objects:
            if isinstance(page, dict) and page.get("Type") == "/Page" and "Annots" in page:
                page["Tabs"] = "/S"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "string", value))
