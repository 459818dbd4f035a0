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

import html
import re
from collections.abc import Iterator, Mapping
from typing import Literal

import markdown as md  # MkDocs' own dependency

from ..content import CITATION, Content
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

    escaped = html.escape(" ".join(text.split()), quote=False)
    rendered = md.markdown(escaped)
    rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)
    return CITATION.sub(cite, rendered)


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
    ) -> None:
        self.sheet = sheet
        self.cite_href = cite_href
        self.content = content
        self.target = target
        self.prefix = id_prefix
        self.fields = {f.name: f for f in form_fields(sheet, content)}

    @property
    def page(self) -> bool:
        return self.target == "page"

    def id_of(self, name: str) -> str:
        # Names hold dots (actions.0.owner); ids avoid them so CSS selectors need no escapes.
        # Field ids use underscores and option ids hyphens, so no two names meet here.
        return self.prefix + name.replace(".", "-")

    def form(self, *, actions: str = "", attributes: str = "") -> str:
        sections = "\n".join(self.section(s) for s in self.sheet.sections)
        note = (
            '<p class="mg-ws-required-note">Questions marked <span aria-hidden="true">*'
            '</span><span class="mg-sr">with an asterisk</span> are required.</p>'
            if any(f.required for s in self.sheet.sections for f in s.fields)
            else ""
        )
        return (
            f'<form class="mg-worksheet" data-worksheet="{esc(self.sheet.slug)}"'
            f"{attributes} novalidate>\n{note}\n{sections}\n{actions}</form>"
        )

    def section(self, section: Section) -> str:
        heading_id = f"{self.prefix}{section.id}" if self.target == "print" else section.id
        parts = [
            f'<section class="mg-ws-section" aria-labelledby="{heading_id}">',
            f'<h2 id="{heading_id}">{esc(section.title)}</h2>',
        ]
        if section.intro:
            parts.append(f'<p class="mg-ws-intro">{self._inline(section.intro)}</p>')
        parts += [self.field(f) for f in section.fields]
        parts.append("</section>")
        return "\n".join(parts)

    def _inline(self, text: str) -> str:
        return inline_markdown(text, self.content.reference_number, cite_href=self.cite_href)

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
        return f'<p class="mg-ws-error" id="{self.id_of(field.id)}--error" hidden></p>'

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
            body += f'<p class="mg-ws-choices">Choices: {names}</p>'
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
            prompt = "Choose one…" if self.page else ""
            options = "".join(
                f'<option value="{esc(c.id)}">{esc(c.label)}</option>' for c in spec.options
            )
            return f'<select {common}><option value="">{prompt}</option>{options}</select>'
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
            f'<div class="mg-ws-other"><label for="{control_id}">If other, please say '
            f"what</label>{self._control(spec, control_id)}</div>"
        )

    def _group(self, field: WorksheetField) -> str:
        """Radio buttons (choice) or checkboxes (multichoice) in a fieldset with a legend."""
        choices = options_for(field, self.content)
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
            stages = f' <span class="mg-ws-stages">({esc(names)})</span>'
            data = f' data-stages="{esc(" ".join(choice.stages))}"'
        return (
            f'<div class="mg-ws-option"{data}>{control}'
            f'<label for="{control_id}">{esc(choice.label)}</label>{stages}</div>'
        )

    def _table(self, field: WorksheetField) -> str:
        """Rows of cells; every cell is its own field named ``<table>.<row>.<column>``."""
        heads = "".join(f'<th scope="col">{esc(c.label)}</th>' for c in field.columns)
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
            rows.append(f'<tr><th scope="row">{row + 1}</th>{"".join(cells)}</tr>')
        caption = f"{esc(field.label)}{self._required_mark(field)}"
        return (
            f"{self._wrapper(field)}"
            f'<div class="mg-ws-table-wrap"><table class="mg-ws-table"{self._described(field)}>'
            f"<caption>{caption}</caption>"
            f'<thead><tr><th scope="col"><span class="mg-sr">Row</span></th>{heads}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
            f"{self._help(field)}{self._error(field)}</div>"
        )


def references_html(refs: list[str], content: Content, *, id_prefix: str = "ref-") -> str:
    """The cited references, numbered as in the guide, for a standalone PDF."""
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
    return f'<ol class="mg-ws-references">{"".join(items)}</ol>'


def pdf_document(sheet: Worksheet, content: Content, *, css: str) -> str:
    """The complete HTML document WeasyPrint turns into ``<slug>.pdf``."""
    guide = content.guide
    builder = FormBuilder(sheet, content, "pdf")
    refs = cited_refs(sheet, content)
    references = ""
    if refs:
        references = (
            '<section class="mg-ws-sources" aria-labelledby="ws-sources">'
            '<h2 id="ws-sources">References</h2>'
            f"{references_html(refs, content)}</section>"
        )
    authors = ", ".join(a.name for a in guide.authors)
    return f"""<!DOCTYPE html>
<html lang="{esc(guide.language)}">
<head>
<meta charset="utf-8">
<title>{esc(sheet.title)} — {esc(guide.title)}</title>
<meta name="author" content="{esc(guide.prepared_by)}">
<meta name="description" content="{esc(" ".join(CITATION.sub("", sheet.purpose).split()))}">
<meta name="keywords" content="worksheet, mentorship, pharmacy technicians">
<meta name="generator" content="mentorguide">
<style>{css}</style>
</head>
<body data-authors="{esc(authors)}">
<header class="mg-ws-header">
<p class="mg-ws-kicker">{esc(guide.title)} · Worksheet</p>
<h1>{esc(sheet.title)}</h1>
<p class="mg-ws-purpose">{inline_markdown(sheet.purpose, content.reference_number)}</p>
</header>
{builder.form()}
{references}
</body>
</html>
"""


def appendix_html(sheet: Worksheet, content: Content, *, letter: str, cite_prefix: str) -> str:
    """A worksheet as an appendix of the printed guide: the same form, without PDF fields."""
    builder = FormBuilder(
        sheet, content, "print", id_prefix=f"appendix-{sheet.slug}-", cite_href=cite_prefix
    )
    purpose = inline_markdown(sheet.purpose, content.reference_number, cite_href=cite_prefix)
    form = builder.form()
    return (
        f'<section class="mg-appendix" id="appendix-{sheet.slug}">'
        f'<h1 class="mg-chapter"><span class="mg-appendix-letter">Appendix {letter}.</span> '
        f"{esc(sheet.title)}</h1>"
        f'<p class="mg-ws-purpose">{purpose}</p>{form}</section>'
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
) -> str:
    """The worksheet's page: Markdown around the raw HTML form.

    ``pdf_file`` is the PDF's path relative to the page's source (a link MkDocs checks);
    the ``*_url`` values are relative to the page's URL, for the script to resolve.
    The form's script is loaded by the page itself, so other pages do not pay for it;
    Material's instant navigation runs scripts found in the new page's content.
    """
    from ..render import escape  # the guide's own escaping: Markdown and [@id] stay live

    builder = FormBuilder(sheet, content, "page", cite_href=f"{references_url}#ref-")
    attributes = (
        f' data-pdf="{esc(pdf_url)}" data-pdf-script="{esc(script_url)}"'
        f' data-pdf-lib="{esc(pdf_lib_url)}" data-title="{esc(sheet.title)}"'
    )
    # The form stays out of the search index (data-search-exclude): its labels would only
    # add weight to every page's first load; the title and purpose above stay searchable.
    form = builder.form(actions=actions_html(sheet), attributes=attributes + " data-search-exclude")
    return f"""---
render_macros: false
---

# {escape(sheet.title)}

{escape(sheet.purpose)}

Fill it in here or print the [blank PDF]({pdf_file}) and write by hand.
Your answers are saved in this browser as you type and are never sent anywhere.
**Download PDF** gives you a fillable PDF with your answers to keep, print or share;
**Open a saved PDF** brings one back into this page, so the worksheet can stay a living
document.
{{: .mg-ws-lead }}

{form}
<script src="{esc(form_script_url)}"></script>
"""


def actions_html(sheet: Worksheet) -> str:
    """The page's buttons (never in the PDF: a button corrupts WeasyPrint's AcroForm)."""
    slug = esc(sheet.slug)
    return f"""<div class="mg-ws-actions" id="{slug}-actions" role="group"
 aria-label="Check, save and load your answers">
<button type="button" class="md-button md-button--primary"
 data-action="check">Check answers</button>
<button type="button" class="md-button md-button--primary"
 data-action="download-pdf">Download PDF</button>
<input type="file" id="{slug}-open-pdf" class="mg-ws-file" data-action="open-pdf"
 accept="application/pdf,.pdf">
<label for="{slug}-open-pdf" class="md-button">Open a saved PDF</label>
<button type="button" class="md-button" data-action="export-json">Export answers (JSON)</button>
<input type="file" id="{slug}-import-json" class="mg-ws-file" data-action="import-json"
 accept="application/json,.json">
<label for="{slug}-import-json" class="md-button">Import answers (JSON)</label>
<button type="button" class="md-button" data-action="clear">Clear</button>
</div>
<p class="mg-ws-status" role="status" aria-live="polite"></p>
"""


def iter_labels(sheet: Worksheet, content: Content) -> Iterator[tuple[str, str]]:
    """(field name, accessible name) for every form field, for the PDF tooltips."""
    for spec in form_fields(sheet, content):
        yield spec.name, spec.label
