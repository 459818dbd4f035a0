"""One worksheet definition → the HTML form shared by the interactive page and the PDF.

The page and the PDF get the same sections, labels, help and field names from ``form.py``;
they differ only where the medium does (``Target``):

* the page (``"page"``) adds what a browser needs: help and error text tied to the fields
  with ``aria-describedby`` (WCAG 2.2 SC 1.3.1, 3.3.1, 3.3.2), native date pickers and the
  action buttons;
* the PDF (``"pdf"``) leaves every ``<button>`` out (one inside the form corrupts WeasyPrint's
  AcroForm), names each input with ``<label for>`` (the one labelling WeasyPrint reads
  reliably for the tooltip), sizes boxes for handwriting and prints the choices of a
  drop-down list so they can be circled on paper;
* the guide's appendix (``"print"``) is the PDF form without fields, for the printed guide.

All text from YAML is escaped: content is data, never markup (``USP <825>`` prints as written).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Literal

import markdown as md  # MkDocs' own dependency

from ..content import CITATION, Content
from .edition import Edition, default_edition, lang
from .form import FormField, form_fields, is_choice_list
from .load import Choice, options_for
from .models import Section, Worksheet, WorksheetField

Target = Literal["page", "pdf", "print"]

#: Writing space per line of a textarea on paper: 8 mm suits handwriting.
LINE_HEIGHT_MM = 8


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def inline_markdown(text: str, numbers: Mapping[str, int], *, cite_href: str = "#ref-") -> str:
    """Inline Markdown (raw HTML escaped) with ``[@id]`` as superscript reference numbers."""

    def cite(match: re.Match[str]) -> str:
        ids = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        links = ", ".join(
            f'<a href="{cite_href}{ref}">{numbers[ref]}</a>' for ref in ids if ref in numbers
        )
        return f'<sup class="ws-cite">{links}</sup>'

    return CITATION.sub(cite, _markdown_inline(text))


@functools.lru_cache(maxsize=4096)
def _markdown_inline(text: str) -> str:
    """One text's inline HTML (each is shown on the page, in its PDF and in guide.pdf)."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    rendered = md.markdown(escaped)
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)


def cited_refs(sheet: Worksheet, content: Content) -> list[str]:
    """Reference ids the worksheet cites (``cite`` and ``[@id]`` in its text), in number order."""
    found = set(sheet.cite)
    texts = [sheet.purpose] + [s.intro for s in sheet.sections]
    texts += [f.help for s in sheet.sections for f in s.fields]
    for text in texts:
        for match in CITATION.finditer(text):
            found.update(p.strip().lstrip("@") for p in match.group(1).split(";"))
    numbers = content.reference_number
    return sorted((r for r in found if r in numbers), key=numbers.__getitem__)


class FormBuilder:
    """Builds the ``<form>`` of one worksheet for one target."""

    def __init__(
        self,
        sheet: Worksheet,
        content: Content,
        target: Target,
        id_prefix: str = "ws-",
        cite_href: str = "#ref-",
        edition: Edition | None = None,
    ) -> None:
        edition = edition or default_edition()
        self.sheet = sheet
        self.cite_href = cite_href
        self.content = content
        self.target = target
        self.prefix = id_prefix
        self.t = edition.strings
        self.fields = {f.name: f for f in form_fields(sheet, content, self.t)}
        #: The worksheet's own language, and the lang attributes that mark text in another
        #: one inside it: the interface's strings and the names from content lists.
        self.language = edition.language_of(sheet, content)
        self.ui_lang = lang(edition.language, self.language)
        self.content_lang = lang(content.guide.language, self.language)

    @property
    def page(self) -> bool:
        return self.target == "page"

    def id_of(self, name: str) -> str:
        # Names hold dots (actions.0.owner); ids avoid them so CSS selectors need no escapes.
        # Field ids use underscores and option ids hyphens, so no two names meet here.
        return self.prefix + name.replace(".", "-")

    def form(self, *, actions: str = "", attributes: str = "") -> str:
        sections = "\n".join(self.section(s) for s in self.sheet.sections)
        asterisk = (
            '<span aria-hidden="true">*</span>'
            f'<span class="mg-sr">{esc(self.t("worksheet.asterisk"))}</span>'
        )
        note = (
            f'<p class="mg-ws-required-note"{self.ui_lang}>'
            f"{self.t_html('worksheet.required_note', asterisk=asterisk)}</p>"
            if any(f.required for s in self.sheet.sections for f in s.fields)
            else ""
        )
        return (
            f'<form class="mg-worksheet" data-worksheet="{esc(self.sheet.slug)}"'
            f"{attributes} novalidate>\n{note}\n{sections}\n{actions}</form>"
        )

    def section(self, section: Section) -> str:
        heading_id = f"{self.prefix}{section.id}" if self.target == "print" else section.id
        # On the page the form stays out of the search index, its headings too: an entry
        # per form section would weigh on every page's first load for little use.
        exclude = " data-search-exclude" if self.page else ""
        parts = [
            f'<section class="mg-ws-section" aria-labelledby="{heading_id}">',
            f'<h2 id="{heading_id}"{exclude}>{esc(section.title)}</h2>',
        ]
        if section.intro:
            parts.append(f'<p class="mg-ws-intro">{self._inline(section.intro)}</p>')
        parts += [self.field(f) for f in section.fields]
        parts.append("</section>")
        return "\n".join(parts)

    def _inline(self, text: str) -> str:
        return inline_markdown(text, self.content.reference_number, cite_href=self.cite_href)

    def t_html(self, key: str, **markup: str) -> str:
        """The interface string ``key``, escaped, with ``markup`` (already HTML) filled in."""
        return fill_html(self.t.raw(key), **markup)

    # --- one worksheet field ------------------------------------------------------------

    def field(self, field: WorksheetField) -> str:
        if field.type == "table":
            return self._table(field)
        if field.type == "multichoice" or (
            field.type == "choice" and not is_choice_list(field, self.content)
        ):
            return self._group(field)
        return self._single(field)

    def _wrapper(self, field: WorksheetField, tag: str = "div", extra: str = "") -> str:
        classes = f"mg-ws-field mg-ws-field--{field.type}"
        required = " data-required" if field.required else ""
        return (
            f'<{tag} class="{classes}" data-field="{esc(field.id)}" '
            f'data-label="{esc(field.label)}"{required}{extra}>'
        )

    def _required_mark(self, field: WorksheetField) -> str:
        if not field.required:
            return ""
        return ' <span class="mg-ws-required" aria-hidden="true">*</span>'

    def _help(self, field: WorksheetField) -> str:
        if not field.help:
            return ""
        return (
            f'<p class="mg-ws-help" id="{self.id_of(field.id)}--help">'
            f"{self._inline(field.help)}</p>"
        )

    def _error(self, field: WorksheetField) -> str:
        # Filled by the script's "Check answers"; referenced by aria-describedby only then.
        if not self.page:
            return ""
        return (
            f'<p class="mg-ws-error" id="{self.id_of(field.id)}--error"{self.ui_lang} hidden></p>'
        )

    def _described(self, field: WorksheetField) -> str:
        if self.page and field.help:
            return f' aria-describedby="{self.id_of(field.id)}--help"'
        return ""

    def _required_attr(self, field: WorksheetField) -> str:
        return " required" if self.page and field.required else ""

    def _single(self, field: WorksheetField) -> str:
        """A field with one control: text, textarea, date, number, email, signature, checkbox
        or a choice list."""
        spec = self.fields[field.id]
        control_id = self.id_of(field.id)
        control = self._control(
            spec, control_id, self._described(field) + self._required_attr(field)
        )
        label = f'<label for="{control_id}">{esc(field.label)}{self._required_mark(field)}</label>'
        if field.type == "checkbox":
            body = f'<div class="mg-ws-option">{control}{label}</div>{self._help(field)}'
        else:
            body = f"{label}{self._help(field)}{control}"
        if spec.kind == "select" and self.target != "page":
            names = " · ".join(esc(c.label) for c in spec.options)
            if spec.options and all(c.from_content for c in spec.options):
                names = f"<span{lang(self.content.guide.language, self.t.language)}>{names}</span>"
            choices = self.t_html("worksheet.choices", choices=names)
            body += f'<p class="mg-ws-choices"{self.ui_lang}>{choices}</p>'
        other = self._other_text(field)
        return f"{self._wrapper(field)}{body}{other}{self._error(field)}</div>"

    def _control(self, spec: FormField, control_id: str, extra: str = "") -> str:
        name = esc(spec.name)
        common = f'id="{control_id}" name="{name}"{extra}'
        if spec.kind == "multiline":
            lines = spec.field.lines
            # On paper, room to write by hand; on screen, the rows kept when printed.
            size = (
                f' style="height: {lines * LINE_HEIGHT_MM + 3}mm"'
                if not self.page
                else f' style="--mg-rows: {lines}"'
            )
            return f'<textarea {common} rows="{lines}"{size}></textarea>'
        if spec.kind == "checkbox":
            return f'<input type="checkbox" {common}>'
        if spec.kind == "select":
            prompt = (
                f'<option value=""{self.ui_lang}>{esc(self.t("worksheet.choose_one"))}</option>'
                if self.page
                else '<option value=""></option>'
            )
            options = "".join(
                f'<option value="{esc(c.id)}"{self._choice_lang(c)}>{esc(c.label)}</option>'
                for c in spec.options
            )
            return f"<select {common}>{prompt}{options}</select>"
        kind = "text"
        if self.page and spec.value in ("date", "number", "email"):
            kind = spec.value
        classes = ' class="mg-ws-signature"' if spec.field.type == "signature" else ""
        attributes = ' autocomplete="off"' if self.page and spec.field.type == "signature" else ""
        if self.page and spec.value == "number":
            attributes += ' inputmode="decimal" step="any"'
        return f'<input type="{kind}" {common}{classes}{attributes}>'

    def _other_text(self, field: WorksheetField) -> str:
        if not field.other:
            return ""
        spec = self.fields[f"{field.id}.other_text"]
        control_id = self.id_of(spec.name)
        return (
            f'<div class="mg-ws-other"><label for="{control_id}"{self.ui_lang}>'
            f"{esc(self.t('worksheet.other_label'))}</label>"
            f"{self._control(spec, control_id)}</div>"
        )

    def _choice_lang(self, choice: Choice) -> str:
        if choice.interface:
            return self.ui_lang
        return self.content_lang if choice.from_content else ""

    def _group(self, field: WorksheetField) -> str:
        """Radio buttons (choice) or checkboxes (multichoice) in a fieldset with a legend."""
        choices = options_for(field, self.content, self.t)
        stage_filter = ""
        if any(c.stages for c in choices):
            source = self._stage_field()
            stage_filter = f' data-stage-source="{esc(source)}"' if source else ""
        options = "\n".join(self._option(field, c) for c in choices)
        described = self._described(field)
        return (
            f"{self._wrapper(field, 'fieldset', stage_filter + described)}"
            f"<legend>{esc(field.label)}{self._required_mark(field)}</legend>"
            f'{self._help(field)}<div class="mg-ws-options">\n{options}\n</div>'
            f"{self._other_text(field)}{self._error(field)}</fieldset>"
        )

    def _stage_field(self) -> str:
        """The name of the worksheet's 'stage' choice, which filters question lists."""
        for section in self.sheet.sections:
            for field in section.fields:
                if field.type == "choice" and field.options_from == "stages":
                    return field.id
        return ""

    def _option(self, field: WorksheetField, choice: Choice) -> str:
        if field.type == "choice":
            name, value = field.id, choice.id
            control_id = self.id_of(f"{field.id}.{choice.id}")
            control = (
                f'<input type="radio" id="{control_id}" name="{esc(name)}" '
                f'value="{esc(value)}"{self._required_attr(field)}>'
            )
        else:
            control_id = self.id_of(f"{field.id}.{choice.id}")
            control = self._control(self.fields[f"{field.id}.{choice.id}"], control_id)
        stages = ""
        data = ""
        if choice.stages:
            names = ", ".join(
                self.content.stage[s].name for s in choice.stages if s in self.content.stage
            )
            stages = f' <span class="mg-ws-stages"{self.content_lang}>({esc(names)})</span>'
            data = f' data-stages="{esc(" ".join(choice.stages))}"'
        return (
            f'<div class="mg-ws-option"{data}>{control}'
            f'<label for="{control_id}"{self._choice_lang(choice)}>{esc(choice.label)}</label>'
            f"{stages}</div>"
        )

    def _table(self, field: WorksheetField) -> str:
        """Rows of cells; every cell is its own field named ``<table>.<row>.<column>``."""
        heads = "".join(f'<th scope="col">{esc(c.label)}</th>' for c in field.columns)
        row_word = esc(self.t("worksheet.row"))
        rows = []
        for row in range(field.rows):
            cells = []
            for column in field.columns:
                spec = self.fields[f"{field.id}.{row}.{column.id}"]
                control_id = self.id_of(spec.name)
                # A hidden label per cell: the column heading alone would not say which row.
                cells.append(
                    f'<td data-label="{esc(column.label)}" '
                    f'class="mg-ws-cell mg-ws-cell--{column.type}">'
                    f'<label class="mg-sr" for="{control_id}">{esc(spec.label)}</label>'
                    f"{self._control(spec, control_id)}</td>"
                )
            # On a phone each row is a card, headed "Row 1" (worksheet.css).
            row_head = f' data-row="{row_word}"' if self.page else ""
            rows.append(f'<tr><th scope="row"{row_head}>{row + 1}</th>{"".join(cells)}</tr>')
        caption = f"{esc(field.label)}{self._required_mark(field)}"
        return (
            f"{self._wrapper(field)}"
            f'<div class="mg-ws-table-wrap"><table class="mg-ws-table"{self._described(field)}>'
            f"<caption>{caption}</caption>"
            f'<thead><tr><th scope="col"><span class="mg-sr"{self.ui_lang}>{row_word}</span></th>'
            f"{heads}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
            f"{self._help(field)}{self._error(field)}</div>"
        )


def json_attribute(data: object) -> str:
    """``data`` as JSON for a single-quoted HTML attribute (fewer escapes than double quotes:
    JSON is full of them)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")


def fill_html(template: str, **markup: str) -> str:
    """``template`` (plain text with ``{placeholders}``) escaped, with ``markup`` (already HTML
    or Markdown) put in its placeholders."""
    parts = re.split(r"\{([a-z_]+)\}", template)
    return "".join(markup[part] if i % 2 else esc(part) for i, part in enumerate(parts))


def references_html(
    refs: list[str], content: Content, *, id_prefix: str = "ref-", context: str = ""
) -> str:
    """The cited references, numbered as in the guide, for a standalone PDF (marked with the
    content's language when they sit in text of another ``context`` language)."""
    if not refs:
        return ""
    numbers = content.reference_number
    by_id = {r.id: r for r in content.references.references}
    items = []
    for ref in refs:
        reference = by_id[ref]
        text = inline_markdown(reference.citation, numbers)
        if reference.url:
            text += f" {esc(reference.url)}{esc(reference.after_url)}"
        if reference.doi:
            text += f" doi:{esc(reference.doi)}"
        items.append(f'<li id="{id_prefix}{ref}" value="{numbers[ref]}">{text}</li>')
    marked = lang(content.guide.language, context or content.guide.language)
    return f'<ol class="mg-ws-references"{marked}>{"".join(items)}</ol>'


def coordinator_html(edition: Edition, *, links: bool) -> str:
    """'Program coordinator: name, email' for a society that names one (else nothing)."""
    person = edition.coordinator
    if person is None:
        return ""
    email = esc(person.email)
    shown = f'<a href="mailto:{email}">{email}</a>' if links else email
    return fill_html(
        edition.strings.raw("worksheet.coordinator"), name=esc(person.name), email=shown
    )


def pdf_document(
    sheet: Worksheet, content: Content, *, css: str, edition: Edition | None = None
) -> str:
    """The complete HTML document WeasyPrint turns into ``<slug>.pdf``.

    Its language (``<html lang>``, the PDF's /Lang) is the worksheet's own; the interface's
    strings and the content's lists are marked where they differ."""
    edition = edition or default_edition()
    guide = content.guide
    builder = FormBuilder(sheet, content, "pdf", edition=edition)
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
    sheet: Worksheet,
    content: Content,
    *,
    letter: str,
    cite_prefix: str,
    edition: Edition | None = None,
) -> str:
    """A worksheet as an appendix of the printed guide: the same form, without PDF fields.

    The guide is in the content's language; the appendix says so when the worksheet is not."""
    edition = edition or default_edition()
    builder = FormBuilder(
        sheet,
        content,
        "print",
        id_prefix=f"appendix-{sheet.slug}-",
        cite_href=cite_prefix,
        edition=edition,
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
    sheet: Worksheet,
    content: Content,
    *,
    pdf_file: str,
    pdf_url: str,
    script_url: str,
    pdf_lib_url: str,
    references_url: str,
    form_script_url: str,
    edition: Edition | None = None,
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
    edition = edition or default_edition()
    from ..render import escape  # the guide's own escaping: Markdown and [@id] stay live

    t = edition.strings
    builder = FormBuilder(
        sheet, content, "page", cite_href=f"{references_url}#ref-", edition=edition
    )
    article = content.guide.language
    sheet_lang = lang(builder.language, article)
    ui_lang = lang(t.language, article)
    attributes = (
        f' data-pdf="{esc(pdf_url)}" data-pdf-script="{esc(script_url)}"'
        f' data-pdf-lib="{esc(pdf_lib_url)}" data-title="{esc(sheet.title)}"'
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
title: {json.dumps(sheet.title, ensure_ascii=False)}
---

# {escape(sheet.title)}{marked}

{escape(sheet.purpose)}{chr(10) + marked.strip() if marked else ""}

{lead}
{{: .mg-ws-lead{ui_lang} data-search-exclude }}

{coordinator}{form}
<script defer src="{esc(form_script_url)}"></script>
"""


def actions_html(sheet: Worksheet, edition: Edition | None = None, ui_lang: str = "") -> str:
    """The page's buttons (never in the PDF: a button corrupts WeasyPrint's AcroForm).

    ``ui_lang`` marks them (and the messages) when the worksheet is in another language."""
    edition = edition or default_edition()
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


def iter_labels(
    sheet: Worksheet, content: Content, edition: Edition | None = None
) -> Iterator[tuple[str, str]]:
    """(field name, accessible name) for every form field, for the PDF tooltips."""
    edition = edition or default_edition()
    for spec in form_fields(sheet, content, edition.strings):
        yield spec.name, spec.label
