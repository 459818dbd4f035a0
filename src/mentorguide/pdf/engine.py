"""The PDF engine: HTML → PDF with WeasyPrint, in a cache keyed by everything that shapes
the result, so a PDF is rendered only when its inputs changed.

A ``RenderJob`` says what to render (HTML, WeasyPrint options, a finisher that corrects the
PDF before it is written, the subset fonts it needs); ``RenderCache`` keeps the results under
``<cache>/pdf/`` by a hash of the job and of this package's code that shapes PDFs.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..files.outputs import write_atomic
from .fonts import FontSet

log = logging.getLogger("mkdocs.plugins.mentorguide.worksheets")


def stylesheet(name: str) -> str:
    return (resources.files("mentorguide") / "assets" / name).read_text(encoding="utf-8")


#: The modules and styles that shape a PDF (a change to any of them re-renders every PDF).
_SHAPING_MODULES = (
    "edition/edition.py",
    "pdf/engine.py",
    "pdf/finisher.py",
    "pdf/fonts.py",
    "pdf/guide.py",
    "pdf/worksheet.py",
    "worksheets/form.py",
    "worksheets/html.py",
    "worksheets/load.py",
    "worksheets/models.py",
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
        module = package.joinpath(*name.split("/"))
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


class FetchRefused(Exception):
    """A PDF asked for a file or address it may not have (``render`` names the PDF)."""


#: The package's own files (styles, fonts it carries) are the only folder a PDF may read.
_PACKAGE = Path(str(resources.files("mentorguide"))).resolve()


def local_fetcher(job: RenderJob) -> Any:
    """WeasyPrint's URL fetcher for ``job``: ``data:`` URLs, the package's files and the
    job's subset fonts; every other URL (``http(s):``, ``file:`` elsewhere, a relative URL
    with no base) is refused and stops the render, so a build fetches nothing (issue #12)."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    fonts = {face.path.resolve() for face in job.fonts.faces} if job.fonts else set()

    class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if path in fonts or (path.is_relative_to(_PACKAGE) and path.is_file()):
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(url)

    return LocalFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def render(job: RenderJob) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    if job.fonts is not None:
        job.fonts.make_missing()
    fetcher = local_fetcher(job)
    try:
        data: bytes = HTML(string=job.html, base_url=None, url_fetcher=fetcher).write_pdf(
            finisher=job.finisher, **job.options
        )
    except FatalURLFetchingError as error:
        raise FetchRefused(
            f"{job.label}: refused to fetch '{error}' while making the PDF (a PDF may use "
            "only the package's and the project's own files; `mentorguide check` names the "
            "field that asks for it)"
        ) from None
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


# --- the finisher -----------------------------------------------------------------------
