"""The whole guide as one printable PDF (``guide.pdf``), made from the built pages' HTML.

Cover, contents with page numbers, every page of the site in navigation order as a chapter
(references included), then the worksheets as appendices (printed forms, without PDF fields:
the fillable ones are the worksheets' own PDFs). Page numbers and the contents' numbers come
from CSS Paged Media (``counter(page)``, ``target-counter``).

Pages become chapters of one document, so their ids are prefixed with the chapter's name
(``credentials--cspt``) and links between pages become links inside the PDF.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urldefrag

from ..content.load import Content
from ..edition.edition import Edition, lang
from ..worksheets.html import coordinator_html, esc
from ..worksheets.prepared import PreparedWorksheet
from .engine import RenderJob, stylesheet
from .fonts import FontSet
from .worksheet import appendix_html


@dataclass(frozen=True)
class Chapter:
    """One built page: its URL (``credentials/``), title and HTML body."""

    url: str
    title: str
    html: str

    @property
    def key(self) -> str:
        return chapter_key(self.url)


def chapter_key(url: str) -> str:
    key = url.strip("/").removesuffix(".html").removesuffix("/index").replace("/", "-")
    return key or "home"


def _heading_text(level: int, html_text: str) -> str:
    match = re.search(rf"<h{level}\b[^>]*>(.*?)</h{level}>", html_text, re.DOTALL)
    if not match:
        return ""
    inner = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1), flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())


def chapter_title(html_text: str, guide_title: str) -> str:
    """A page's title in the contents: its first heading, or on the home page (whose heading
    is the guide's own title, already on the cover) its first section's heading."""
    title = _heading_text(1, html_text)
    if title == guide_title:
        title = _heading_text(2, html_text) or title
    return title


_ID = re.compile(r'(\sid=")([^"]*)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')


def rewrite(chapter: Chapter, chapters: dict[str, str], appendix_of: dict[str, str]) -> str:
    """``chapter.html`` with ids prefixed and links between pages turned into anchors.

    ``chapters`` maps page URLs to chapter keys; ``appendix_of`` maps page and PDF URLs of
    worksheets to their appendix anchor.
    """
    prefix = f"{chapter.key}--"
    text = _ID.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}{m.group(3)}", chapter.html)

    def link(match: re.Match[str]) -> str:
        href = html.unescape(match.group(2))
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # http:, https:, mailto:
            return match.group(0)
        path, fragment = urldefrag(href)
        if not path:
            target = f"#{prefix}{fragment}" if fragment else f"#chapter-{chapter.key}"
            return f"{match.group(1)}{esc(target)}{match.group(3)}"
        base = (
            chapter.url
            if chapter.url.endswith("/") or not chapter.url
            else posixpath.dirname(chapter.url) + "/"
        )
        resolved = posixpath.normpath(posixpath.join(base, path))
        resolved = "" if resolved == "." else resolved
        candidates = [resolved, resolved + "/", resolved.removesuffix("index.html")]
        for url in candidates:
            if url in appendix_of:
                return f"{match.group(1)}#{appendix_of[url]}{match.group(3)}"
            if url in chapters:
                key = chapters[url]
                target = f"#{key}--{fragment}" if fragment else f"#chapter-{key}"
                return f"{match.group(1)}{esc(target)}{match.group(3)}"
        # A site file that is not in the PDF (the sample program report): a relative link
        # would lead nowhere from a PDF someone keeps, so its text stays and the link goes.
        return ""

    return _HREF.sub(link, text)


def guide_html(
    chapters: Sequence[Chapter],
    prepared: Sequence[PreparedWorksheet],
    content: Content,
    *,
    css: str,
    references_url: str = "references/",
    worksheet_urls: dict[str, list[str]] | None = None,
    edition: Edition,
) -> str:
    """The guide as one HTML document for WeasyPrint, in the content's language; the cover,
    the contents and the appendices' labels are the interface's strings (marked with their
    language where it differs), and a society's cover names it and its coordinator."""
    worksheets = [p.sheet for p in prepared]
    guide = content.guide
    t = edition.strings
    ui = lang(t.language, guide.language)
    keys = {c.url: c.key for c in chapters}
    appendix_of: dict[str, str] = {}
    for sheet in worksheets:
        for url in (worksheet_urls or {}).get(sheet.slug, ()):
            appendix_of[url] = f"appendix-{sheet.slug}"
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    contents = [f'<li><a href="#chapter-{c.key}">{esc(c.title)}</a></li>' for c in chapters]
    sheet_languages = [edition.language_of(s.slug, content) for s in worksheets]
    contents += [
        f'<li class="mg-toc-appendix"{lang(sheet_language, guide.language)}>'
        f'<a href="#appendix-{s.slug}"><span{lang(t.language, sheet_language)}>'
        f"{esc(t('guide_pdf.appendix', letter=letters[i]))}</span> {esc(s.title)}</a></li>"
        for i, (s, sheet_language) in enumerate(zip(worksheets, sheet_languages, strict=True))
    ]
    society = ""
    if edition.society is not None:
        hosted = esc(t("footer.hosted_by", name=edition.society.name))
        society = f'<p class="mg-cover-society"{ui}>{hosted}</p>'
        coordinator = coordinator_html(edition, links=True)
        if coordinator:
            society += f'<p class="mg-cover-contact"{ui}>{coordinator}</p>'
    contact = esc(t("guide_pdf.contact", email=guide.contact_email))
    body = [
        f"""<section class="mg-cover">
<p class="mg-cover-kicker"{ui}>{esc(t("guide_pdf.kicker"))}</p>
<h1 class="mg-cover-title">{esc(guide.title)}</h1>
<p class="mg-cover-by"{ui}>{esc(t("guide_pdf.prepared_by", authors=guide.prepared_by))}</p>
<p class="mg-cover-contact"{ui}>{contact}</p>
{society}
</section>""",
        f'<nav class="mg-toc" aria-labelledby="contents"><h1 id="contents"{ui}>'
        f"{esc(t('guide_pdf.contents'))}</h1><ol>{''.join(contents)}</ol></nav>",
    ]
    for chapter in chapters:
        body.append(
            f'<section class="mg-chapter-section" id="chapter-{chapter.key}">'
            f"{rewrite(chapter, keys, appendix_of)}</section>"
        )
    cite_prefix = f"#{keys.get(references_url, 'references')}--ref-"
    for index, worksheet in enumerate(prepared):
        body.append(
            appendix_html(worksheet, content, letter=letters[index], cite_prefix=cite_prefix)
        )
    authors = ", ".join(a.name for a in guide.authors)
    return f"""<!DOCTYPE html>
<html lang="{esc(guide.language)}">
<head>
<meta charset="utf-8">
<title>{esc(guide.title)}</title>
<meta name="author" content="{esc(guide.prepared_by)}">
<meta name="description" content="{esc(authors)}">
<meta name="generator" content="mentorguide">
<style>{css}</style>
</head>
<body>
{"".join(body)}
</body>
</html>
"""


def guide_css(fonts: FontSet) -> str:
    return (
        f"{fonts.css()}\n@page {{ size: letter; }}\n"
        f"html, input, textarea, select {{ font-family: {fonts.stack}; }}\n"
        f"code, kbd, pre, samp {{ font-family: {fonts.mono_stack}; }}\n"
        f"{stylesheet('worksheet-pdf.css')}\n{stylesheet('worksheet-guide.css')}"
    )


def guide_job(html_text: str, fonts: FontSet | None = None) -> RenderJob:
    # Tagged (the PDF/UA-1 variant); no form fields: the worksheets' own PDFs are fillable.
    return RenderJob(
        label="guide.pdf",
        html=html_text,
        options={"pdf_variant": "pdf/ua-1"},
        finisher=None,
        fonts=fonts,
    )


def text_of(chapters: Sequence[Chapter]) -> str:
    """The characters of the chapters' text (for the subset font)."""
    return html.unescape(re.sub(r"<[^>]+>", "", "".join(c.html for c in chapters)))
