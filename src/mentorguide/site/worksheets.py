"""The worksheets in the MkDocs build: generated pages, PDFs, pdf-lib and the guide's PDF.

Everything is registered in ``on_files`` as generated files, so ``--strict`` link checks and
``mkdocs serve`` see them like any other file:

* ``worksheets/index.md`` and ``worksheets/<slug>.md``: the pages (Markdown around the form);
* ``worksheets/<slug>.pdf``: the fillable PDFs, from the render cache (rendered only when
  their inputs changed, in worker processes while the build goes on: ``renders.py``);
* ``assets/vendor/pdf-lib.min.js``: pdf-lib as the package carries it, with its licences,
  loaded by the page only when a reader makes or opens a PDF;
* ``guide.pdf``: the whole guide. It is made from the built pages' HTML, which exists only
  once every page has been converted, so its render starts when MkDocs copies it (after
  all pages are converted, before any is written) and ends while the pages are written.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..edition.edition import Edition, lang
from ..edition.strings import Strings
from ..pdf import guide as guide_pdf
from ..pdf.engine import RenderJob
from ..pdf.fonts import font_set
from ..pdf.renders import PdfRenders
from ..pdf.worksheet import blank_worksheet_job
from ..project.load import Project
from ..worksheets.models import Worksheet
from .pages import escape
from .pdf_files import PdfFile
from .vendor import FILL_FONT, FONTKIT, PDF_LIB, vendored_font, vendored_script
from .worksheet_pages import EMBED_SCRIPT, page_markdown

log = logging.getLogger("mkdocs.plugins.mentorguide.worksheets")

FOLDER = "worksheets"
GUIDE_PDF = "guide.pdf"
SCRIPT = "assets/mentorguide/worksheet-pdf.js"
FORM_SCRIPT = "assets/mentorguide/worksheet.js"
REFERENCES_PAGE = "references.md"


def add_files(files: Files, config: MkDocsConfig, project: Project, renders: PdfRenders) -> Files:
    """Register the worksheets' pages and PDFs, pdf-lib and ``guide.pdf`` (see module doc);
    the PDFs to make start rendering in ``renders`` (whose cache holds the fonts too)."""
    cache = renders.cache.root
    edition = project.edition
    t = edition.strings
    files.append(File.generated(config, PDF_LIB, content=vendored_script(PDF_LIB)))
    files.append(File.generated(config, FONTKIT, content=vendored_script(FONTKIT)))
    files.append(File.generated(config, FILL_FONT, content=vendored_font(FILL_FONT)))
    index_lines = []
    sheets = in_nav_order(project.worksheets, config)
    for sheet in sheets:
        pdf_uri = f"{FOLDER}/{sheet.slug}.pdf"
        pdf = PdfFile.create(config, pdf_uri, renders)
        prepared = project.prepared(sheet.slug)
        job = blank_worksheet_job(prepared, project.content, cache_dir=cache)
        pdf.future = renders.submit(job, "worksheets")
        files.append(pdf)
        page_uri = f"{FOLDER}/{sheet.slug}.md"
        if files.get_file_from_path(page_uri) is None:
            page = File.generated(config, page_uri, content="")
            page.content_string = page_markdown(
                prepared,
                project.content,
                pdf_file=f"{sheet.slug}.pdf",
                pdf_url=get_relative_url(_url(config, pdf_uri), page.url),
                script_url=get_relative_url(SCRIPT, page.url),
                form_script_url=get_relative_url(FORM_SCRIPT, page.url),
                pdf_lib_url=get_relative_url(PDF_LIB, page.url),
                fontkit_url=get_relative_url(FONTKIT, page.url),
                fill_font_url=get_relative_url(FILL_FONT, page.url),
                references_url=get_relative_url(_page_url(files, REFERENCES_PAGE), page.url),
            )
            files.append(page)
        size = pdf_size(pdf.future) if pdf.future.done() else size_mark(pdf_uri)
        pdf_link = escape(t("worksheet.index_pdf", title=sheet.title, size=size))
        item = (
            f"**[{escape(sheet.title)}]({sheet.slug}.md)**: {escape(sheet.purpose)}\n"
            f"  [{pdf_link}]({sheet.slug}.pdf)"
        )
        # The item is the worksheet's own text, in the guide's article (see index_markdown).
        marked = lang(
            edition.language_of(sheet.slug, project.content), project.content.guide.language
        )
        index_lines.append(f"- <span{marked}>{item}</span>" if marked else f"- {item}")
    if files.get_file_from_path(f"{FOLDER}/index.md") is None:
        index = index_markdown(
            index_lines,
            edition,
            project,
            embed_example=sheets[0] if sheets else None,
            site_url=config.site_url or "",
        )
        files.append(File.generated(config, f"{FOLDER}/index.md", content=index))
    guide = GuidePdfFile.create(config, GUIDE_PDF, renders)
    guide.make = lambda: guide_pdf_job(files, config, project, cache)
    files.append(guide)
    return files


#: Stands for a PDF's size in a page until the PDF exists (see ``fill_pdf_sizes``).
_SIZE_MARK = re.compile(r"@@mg-pdf-size:([^@\s]+)@@")


def size_mark(pdf_uri: str) -> str:
    return f"@@mg-pdf-size:{pdf_uri}@@"


def fill_pdf_sizes(html_text: str, files: Files, *, wait: bool = True) -> str:
    """Put each PDF's size in KB where ``size_mark`` held its place, waiting for the PDFs
    still rendering (pages are written after the guide's render has started, so waiting
    here holds back nothing else), or, with ``wait=False``, showing "…" for them."""

    def size(match: re.Match[str]) -> str:
        pdf = files.get_file_from_path(match.group(1))
        if not isinstance(pdf, PdfFile):
            return "?"
        return pdf_size(pdf.start()) if wait or pdf.start().done() else "…"

    return _SIZE_MARK.sub(size, html_text)


def pdf_size(render: Future[Path]) -> str:
    """The rendered PDF's size in whole KB (at least 1), as the worksheets index shows it."""
    return str(max(1, render.result().stat().st_size // 1024))


def add_embed_script(output: str, src_uri: str) -> str:
    """A worksheet page's ``?embed`` switch, placed in ``<head>``: run there, before the
    body is parsed, it hides the site's chrome before anything of it can be painted."""
    if not src_uri.startswith(f"{FOLDER}/") or src_uri == f"{FOLDER}/index.md":
        return output
    return output.replace("</head>", f"{EMBED_SCRIPT}</head>", 1)


def in_nav_order(worksheets: Sequence[Worksheet], config: MkDocsConfig) -> list[Worksheet]:
    """The worksheets in the order the navigation lists their pages (unlisted ones last)."""
    order = list(_nav_paths(config.nav or []))
    position = {path: index for index, path in enumerate(order)}
    return sorted(worksheets, key=lambda s: position.get(f"{FOLDER}/{s.slug}.md", len(order)))


def _nav_paths(entry: Any) -> Iterator[str]:
    if isinstance(entry, str):
        yield entry
    elif isinstance(entry, dict):
        for value in entry.values():
            yield from _nav_paths(value)
    elif isinstance(entry, list):
        for item in entry:
            yield from _nav_paths(item)


def _url(config: MkDocsConfig, uri: str) -> str:
    return File(
        uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls
    ).url


def _page_url(files: Files, src_uri: str) -> str:
    file = files.get_file_from_path(src_uri)
    return file.url if file else src_uri


def index_markdown(
    items: list[str],
    edition: Edition,
    project: Project,
    *,
    embed_example: Worksheet | None = None,
    site_url: str = "",
) -> str:
    """The worksheets' index page: the list, the guide's PDF and how to embed a worksheet.

    The page is the interface's text; the guide's article is marked with the content's
    language (``site.on_post_page``), so each block says the interface's where they differ.
    """
    t = edition.strings
    ui = lang(t.language, project.content.guide.language)
    heading = f" {{:{ui} }}" if ui else ""
    paragraph = f"\n{{:{ui} }}" if ui else ""
    guide_link = escape(t("worksheet.guide_pdf_link", guide=project.content.guide.title))
    # escape() writes a placeholder's braces as entities (no attribute list can form).
    guide_pdf = escape(t.raw("worksheet.index_guide_pdf")).replace(
        "&#123;link&#125;", f"[{guide_link}](../{GUIDE_PDF})"
    )
    embed = embed_markdown(embed_example, t, site_url, heading, paragraph) if embed_example else ""
    return f"""---
render_macros: false
title: {json.dumps(html.escape(t("worksheet.index_title")), ensure_ascii=False)}
---

# {escape(t("worksheet.index_title"))}{heading}

{escape(t("worksheet.index_intro"))}{paragraph}

{chr(10).join(items)}

{guide_pdf}{paragraph}
{embed}"""


#: Where the embed snippet points when the site does not know its own address (site_url).
EXAMPLE_ADDRESS = "https://guide.example.org/"


def embed_markdown(
    sheet: Worksheet, t: Strings, site_url: str, heading: str = "", paragraph: str = ""
) -> str:
    """How to embed a worksheet: a copy-paste ``<iframe>`` snippet (an indented code block).

    ``heading`` and ``paragraph`` are the attribute lists that mark the text's language."""
    base = site_url if site_url.endswith("/") else (site_url + "/" if site_url else "")
    address = base or EXAMPLE_ADDRESS
    snippet = (
        f'<iframe src="{address}{FOLDER}/{sheet.slug}/?embed"\n'
        f'        title="{html.escape(sheet.title)}" width="100%" height="900"\n'
        '        loading="lazy"></iframe>'
    )
    code = "\n".join(f"    {line}" for line in snippet.splitlines())
    note = escape(t("worksheet.embed_note"))
    if not base:
        note += " " + escape(t.raw("worksheet.embed_address")).replace(
            "&#123;address&#125;", f"`{EXAMPLE_ADDRESS}`"
        )
    # Instructions for a web editor, not the guide's content: kept out of the search index,
    # which every page loads.
    anchor = (
        heading.replace(" {:", " {: #embed data-search-exclude", 1)
        if heading
        else " { #embed data-search-exclude }"
    )
    return f"""
## {escape(t("worksheet.embed_title"))}{anchor}

{escape(t("worksheet.embed_intro"))}{paragraph}

{code}

{note}{paragraph}
"""


class GuidePdfFile(PdfFile):
    """``guide.pdf``: its render starts when MkDocs copies static files, which happens after
    every page's HTML exists (mkdocs.commands.build: populate pages, then copy, then write)."""

    make: Callable[[], RenderJob]

    def start(self) -> Future[Path]:
        if self.future is None:
            self.future = self.renders.submit(self.make(), "guide")
        return self.future


def guide_pdf_job(files: Files, config: MkDocsConfig, project: Project, cache: Path) -> RenderJob:
    """Assemble the built pages into the guide, ready to render."""
    chapters = []
    worksheet_urls: dict[str, list[str]] = {}
    for page in _pages_in_nav_order(files):
        if page.file.src_uri.startswith(f"{FOLDER}/"):
            slug = page.file.src_uri[len(FOLDER) + 1 :].removesuffix(".md")
            worksheet_urls.setdefault(slug, []).append(page.url)
            continue
        if page.content is None:
            raise PluginError(f"mentorguide: {page.file.src_uri} has no HTML yet for guide.pdf")
        title = guide_pdf.chapter_title(page.content, project.content.guide.title)
        chapters.append(
            guide_pdf.Chapter(page.url, title or page.title or page.file.name, page.content)
        )
    for sheet in project.worksheets:
        worksheet_urls.setdefault(sheet.slug, []).append(_url(config, f"{FOLDER}/{sheet.slug}.pdf"))
    sheets = in_nav_order(project.worksheets, config)
    # The worksheets' index page is not in the PDF: a link to it (the home page has one)
    # leads to the first appendix.
    if sheets and "index" in worksheet_urls:
        worksheet_urls.setdefault(sheets[0].slug, []).extend(worksheet_urls.pop("index"))
    edition = project.edition
    extra = "".join(edition.strings.table.values())
    if edition.society is not None:
        extra += edition.society.model_dump_json()
    fonts = font_set(cache, guide_pdf.text_of(chapters) + extra, make=False, mono=True)
    document = guide_pdf.guide_html(
        chapters,
        [project.prepared(sheet.slug) for sheet in sheets],
        project.content,
        css=guide_pdf.guide_css(fonts),
        references_url=_page_url(files, REFERENCES_PAGE),
        worksheet_urls=worksheet_urls,
        edition=edition,
    )
    return guide_pdf.guide_job(document, fonts)


def _pages_in_nav_order(files: Files) -> list[Page]:
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    first = next(
        (p for p in pages if p.previous_page is None and p.next_page is not None),
        pages[0] if pages else None,
    )
    ordered = []
    seen = set()
    page = first
    while page is not None and id(page) not in seen:
        seen.add(id(page))
        ordered.append(page)
        page = page.next_page
    # Pages left out of the navigation still belong in the guide, after the others.
    ordered += [p for p in pages if id(p) not in seen]
    return ordered
