"""A worksheet's fillable, tagged PDF: its HTML document, its style and the job that
renders it (blank, from the cache when nothing changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..content.citations import CITATION
from ..content.load import Content
from ..edition.edition import Edition, lang
from ..worksheets.html import (
    FormBuilder,
    cited_refs,
    coordinator_html,
    esc,
    inline_markdown,
    references_html,
)
from ..worksheets.prepared import PreparedWorksheet
from .engine import RenderCache, RenderJob, css_content, css_string, stylesheet
from .finisher import FormFinisher
from .fonts import FontSet, font_set

Paper = Literal["letter", "a4"]


PAPER_SIZES: dict[str, str] = {"letter": "letter", "a4": "A4"}


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


def worksheet_css(fonts: FontSet, paper: Paper, *, content: Content, edition: Edition) -> str:
    return (
        f"{fonts.css()}\n@page {{ size: {PAPER_SIZES[paper]}; }}\n"
        f"html, input, textarea, select {{ font-family: {fonts.stack}; }}\n"
        f"{stylesheet('worksheet-pdf.css')}\n{running_css(content, edition)}"
    )


def worksheet_text(prepared: PreparedWorksheet, content: Content) -> str:
    """Every character the worksheet prints, so the subset font has all of them."""
    sheet, edition = prepared.sheet, prepared.edition
    parts = [sheet.title, sheet.purpose, content.guide.title, *edition.strings.table.values()]
    if edition.society is not None:
        parts.append(edition.society.name)
        if edition.coordinator is not None:
            parts += [edition.coordinator.name, edition.coordinator.email]
    for spec in prepared.fields:
        parts.append(spec.label)
        parts += [c.label for c in spec.options]
    for section in sheet.sections:
        parts += [section.title, section.intro]
        parts += [f.help for f in section.fields]
    parts += [r.citation for r in content.references.references]
    parts += [s.name for s in content.stages.stages]
    return "".join(parts)


def worksheet_job(
    prepared: PreparedWorksheet,
    content: Content,
    *,
    fonts: FontSet,
    paper: Paper = "letter",
) -> RenderJob:
    edition = prepared.edition
    css = worksheet_css(fonts, paper, content=content, edition=edition)
    document = pdf_document(prepared, content, css=css)
    t = edition.strings
    hint = t("worksheet.date_hint", format=t("worksheet.date_format"))
    finisher = FormFinisher(prepared.slug, prepared.fields, f"{{label}} ({hint})")
    return RenderJob(
        label=f"worksheets/{prepared.slug}.pdf" + ("" if paper == "letter" else f" ({paper})"),
        html=document,
        options={"pdf_forms": True, "pdf_variant": "pdf/ua-1"},
        finisher=finisher,
        # The HTML holds the strings, the society and the language; the tooltips and the
        # Required flags are set by the finisher, so they are part of the key too.
        extra_key=finisher.fingerprint() + "\0" + edition.fingerprint(),
        fonts=fonts,
    )


def render_worksheet(
    prepared: PreparedWorksheet,
    content: Content,
    *,
    cache_dir: Path,
    paper: Paper = "letter",
) -> Path:
    """The blank fillable PDF of a worksheet (from the cache when nothing changed), in the
    language of the edition it was prepared for and under its society's name."""
    job = blank_worksheet_job(prepared, content, cache_dir=cache_dir, paper=paper)
    return RenderCache(cache_dir).get(job)


def blank_worksheet_job(
    prepared: PreparedWorksheet,
    content: Content,
    *,
    cache_dir: Path,
    paper: Paper = "letter",
) -> RenderJob:
    """What ``render_worksheet`` renders (its subset fonts are cut when it is rendered)."""
    fonts = font_set(cache_dir, worksheet_text(prepared, content), make=False)
    return worksheet_job(prepared, content, fonts=fonts, paper=paper)


def pdf_document(prepared: PreparedWorksheet, content: Content, *, css: str) -> str:
    """The complete HTML document WeasyPrint turns into ``<slug>.pdf``.

    Its language (``<html lang>``, the PDF's /Lang) is the worksheet's own; the interface's
    strings and the content's lists are marked where they differ."""
    sheet, edition = prepared.sheet, prepared.edition
    guide = content.guide
    builder = FormBuilder(prepared, content, "pdf")
    t = edition.strings
    refs = cited_refs(sheet, content)
    references = ""
    if refs:
        references = (
            '<section class="mg-ws-sources" aria-labelledby="ws-sources">'
            f'<h2 id="ws-sources"{builder.ui_lang}>{esc(t("worksheet.references"))}</h2>'
            f"{references_html(refs, content, context=builder.language)}</section>"
        )
    coordinator = coordinator_html(edition, links=False)
    if coordinator:
        coordinator = f'<p class="mg-ws-coordinator"{builder.ui_lang}>{coordinator}</p>'
    kicker = t("worksheet.kicker", publisher=edition.publisher(content))
    authors = ", ".join(a.name for a in guide.authors)
    return f"""<!DOCTYPE html>
<html lang="{esc(builder.language)}">
<head>
<meta charset="utf-8">
<title>{esc(sheet.title)} — {esc(guide.title)}</title>
<meta name="author" content="{esc(guide.prepared_by)}">
<meta name="description" content="{esc(" ".join(CITATION.sub("", sheet.purpose).split()))}">
<meta name="keywords" content="{esc(t("worksheet.keywords"))}">
<meta name="generator" content="mentorguide">
<style>{css}</style>
</head>
<body data-authors="{esc(authors)}">
<header class="mg-ws-header">
<p class="mg-ws-kicker"{builder.ui_lang}>{esc(kicker)}</p>
<h1>{esc(sheet.title)}</h1>
<p class="mg-ws-purpose">{inline_markdown(sheet.purpose, content.reference_number)}</p>
{coordinator}
</header>
{builder.form()}
{references}
</body>
</html>
"""


def appendix_html(
    prepared: PreparedWorksheet,
    content: Content,
    *,
    letter: str,
    cite_prefix: str,
) -> str:
    """A worksheet as an appendix of the printed guide: the same form, without PDF fields.

    The guide is in the content's language; the appendix says so when the worksheet is not."""
    sheet, edition = prepared.sheet, prepared.edition
    builder = FormBuilder(
        prepared,
        content,
        "print",
        id_prefix=f"appendix-{sheet.slug}-",
        cite_href=cite_prefix,
    )
    purpose = inline_markdown(sheet.purpose, content.reference_number, cite_href=cite_prefix)
    form = builder.form()
    appendix = esc(edition.strings("guide_pdf.appendix", letter=letter))
    return (
        f'<section class="mg-appendix" id="appendix-{sheet.slug}"'
        f"{lang(builder.language, content.guide.language)}>"
        f'<h1 class="mg-chapter"><span class="mg-appendix-letter"{builder.ui_lang}>{appendix}'
        f"</span> {esc(sheet.title)}</h1>"
        f'<p class="mg-ws-purpose">{purpose}</p>{form}</section>'
    )
