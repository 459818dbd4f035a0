"""A worksheet's page on the site: Markdown around the interactive form, its buttons, and the
``?embed`` switch that shows the form alone in another site's iframe."""

from __future__ import annotations

import json

from ..content.load import Content
from ..edition.edition import Edition, lang
from ..worksheets.dates import local_form
from ..worksheets.html import FormBuilder, coordinator_html, esc, fill_html, json_attribute
from ..worksheets.models import Worksheet
from ..worksheets.prepared import PreparedWorksheet
from .pages import escape  # the guide's own escaping: Markdown and [@id] stay live

#: ``?embed`` in the address: the form alone, for an iframe in another site. Inline, right
#: under the page's title, so it runs while the page is parsed, before its first paint (the
#: theme's own scripts come last): it marks ``<html>`` (``mg-embed``, which worksheet.js also
#: reads) and adds the style that hides the site's header, tabs, navigation, search, footer
#: and "back to top" and gives the form the frame's whole width. Only worksheet pages carry
#: it, so no other page pays for it. (Below the title, not above: above, the theme's search
#: would index the title apart from the page's text.)
EMBED_CSS = (
    ".mg-embed :is(.md-header,.md-tabs,.md-sidebar,.md-footer,.md-search,.md-top,.md-banner,"
    ".md-content__button){display:none!important}"
    ".mg-embed .md-main__inner{margin:0;max-width:none}"
    ".mg-embed .md-content__inner{margin:0 .8rem;padding-top:.4rem}"
)


EMBED_SCRIPT = (
    "<script>/[?&]embed(=|&|$)/.test(location.search)&&(document.documentElement.classList"
    '.add("mg-embed"),document.head.appendChild(document.createElement("style")).textContent='
    f'"{EMBED_CSS}")</script>'
)


def page_markdown(
    prepared: PreparedWorksheet,
    content: Content,
    *,
    pdf_file: str,
    pdf_url: str,
    script_url: str,
    pdf_lib_url: str,
    references_url: str,
    form_script_url: str,
    fontkit_url: str = "",
    fill_font_url: str = "",
) -> str:
    """The worksheet's page: Markdown around the raw HTML form.

    ``pdf_file`` is the PDF's path relative to the page's source (a link MkDocs checks);
    the ``*_url`` values are relative to the page's URL, for the script to resolve.
    The form's script is loaded by the page itself, so other pages do not pay for it;
    Material's instant navigation runs scripts found in the new page's content.

    The page's language (``<html lang>``) is the interface's and the guide's article is marked
    with the content's (``site.on_post_page``), so each block says its own where it differs:
    the worksheet's title, purpose and form in the worksheet's, the lead in the interface's.
    """
    sheet, edition = prepared.sheet, prepared.edition
    t = edition.strings
    builder = FormBuilder(prepared, content, "page", cite_href=f"{references_url}#ref-")
    article = content.guide.language
    sheet_lang = lang(builder.language, article)
    ui_lang = lang(t.language, article)
    attributes = (
        f' data-pdf="{esc(pdf_url)}" data-pdf-script="{esc(script_url)}"'
        f' data-pdf-lib="{esc(pdf_lib_url)}" data-title="{esc(sheet.title)}"'
        f' data-fontkit="{esc(fontkit_url)}" data-fill-font="{esc(fill_font_url)}"'
        f' data-date-format="{esc(local_form(t("worksheet.date_format")))}"'
        f" data-strings='{json_attribute(edition.script_strings())}'{sheet_lang}"
    )
    # The form stays out of the search index (data-search-exclude): its labels would only
    # add weight to every page's first load; the title and purpose above stay searchable.
    form = builder.form(
        actions=actions_html(sheet, edition, builder.ui_lang),
        attributes=attributes + " data-search-exclude",
    )
    lead = fill_html(
        t.raw("worksheet.lead"),
        blank_pdf=f"[{escape(t('worksheet.blank_pdf'))}]({pdf_file})",
        download_pdf=f"**{escape(t('worksheet.download_pdf'))}**",
        open_pdf=f"**{escape(t('worksheet.open_pdf'))}**",
    )
    coordinator = coordinator_html(edition, links=True)
    if coordinator:
        coordinator = f'<p class="mg-ws-coordinator"{ui_lang}>{coordinator}</p>\n\n'
    # attr_list: `{: lang="es" }` on a heading's line or on the line after a paragraph.
    marked = f" {{:{sheet_lang} }}" if sheet_lang else ""
    return f"""---
render_macros: false
title: {json.dumps(esc(sheet.title), ensure_ascii=False)}
---

# {escape(sheet.title)}{marked}

{escape(sheet.purpose)}{chr(10) + marked.strip() if marked else ""}

{lead}
{{: .mg-ws-lead{ui_lang} data-search-exclude }}

{coordinator}{form}
<script defer src="{esc(form_script_url)}"></script>
"""


def actions_html(sheet: Worksheet, edition: Edition, ui_lang: str = "") -> str:
    """The page's buttons (never in the PDF: a button corrupts WeasyPrint's AcroForm).

    ``ui_lang`` marks them (and the messages) when the worksheet is in another language."""
    slug = esc(sheet.slug)
    t = edition.strings

    def label(key: str) -> str:
        return esc(t(f"worksheet.{key}"))

    return f"""<div class="mg-ws-actions" id="{slug}-actions" role="group"
 aria-label="{label("actions")}"{ui_lang}>
<button type="button" class="md-button md-button--primary"
 data-action="check">{label("check")}</button>
<button type="button" class="md-button md-button--primary"
 data-action="download-pdf">{label("download_pdf")}</button>
<input type="file" id="{slug}-open-pdf" class="mg-ws-file" data-action="open-pdf"
 accept="application/pdf,.pdf">
<label for="{slug}-open-pdf" class="md-button">{label("open_pdf")}</label>
<button type="button" class="md-button" data-action="export-json">{label("export_json")}</button>
<input type="file" id="{slug}-import-json" class="mg-ws-file" data-action="import-json"
 accept="application/json,.json">
<label for="{slug}-import-json" class="md-button">{label("import_json")}</label>
<button type="button" class="md-button" data-action="clear">{label("clear")}</button>
</div>
<p class="mg-ws-status" role="status" aria-live="polite"{ui_lang}></p>
"""
