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
from collections.abc import Mapping
from typing import Literal

import markdown as md  # MkDocs' own dependency

from ..content.citations import CITATION, citation_ids, cited_ids
from ..content.load import Content
from ..content.markup import SafeLinksExtension, escape_markdown
from ..edition.edition import Edition, lang
from .form import Choice, FormField
from .models import Section, Worksheet, WorksheetField
from .prepared import PreparedWorksheet

Target = Literal["page", "pdf", "print"]

#: Writing space per line of a textarea on paper: 8 mm suits handwriting.
LINE_HEIGHT_MM = 8


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def inline_markdown(text: str, numbers: Mapping[str, int], *, cite_href: str = "#ref-") -> str:
    """Inline Markdown (raw HTML and attribute lists escaped, unsafe links dropped) with
    ``[@id]`` as superscript reference numbers."""

    def cite(match: re.Match[str]) -> str:
        ids = citation_ids(match)
        links = ", ".join(
            f'<a href="{cite_href}{ref}">{numbers[ref]}</a>' for ref in ids if ref in numbers
        )
        return f'<sup class="ws-cite">{links}</sup>'

    return CITATION.sub(cite, _markdown_inline(text))


@functools.lru_cache(maxsize=4096)
def _markdown_inline(text: str) -> str:
    """One text's inline HTML (each is shown on the page, in its PDF and in guide.pdf)."""
    rendered = md.markdown(escape_markdown(text), extensions=[SafeLinksExtension()])
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)


def cited_refs(sheet: Worksheet, content: Content) -> list[str]:
    """Reference ids the worksheet cites (``cite`` and ``[@id]`` in its text), in number order."""
    found = set(sheet.cite)
    texts = [sheet.purpose] + [s.intro for s in sheet.sections]
    texts += [f.help for s in sheet.sections for f in s.fields]
    for text in texts:
        found.update(cited_ids(text))
    numbers = content.reference_number
    return sorted((r for r in found if r in numbers), key=numbers.__getitem__)


class FormBuilder:
    """Builds the ``<form>`` of one worksheet for one target, in the edition it was
    prepared for."""

    def __init__(
        self,
        prepared: PreparedWorksheet,
        content: Content,
        target: Target,
        id_prefix: str = "ws-",
        cite_href: str = "#ref-",
    ) -> None:
        self.prepared = prepared
        self.sheet = sheet = prepared.sheet
        self.cite_href = cite_href
        self.content = content
        self.target = target
        self.prefix = id_prefix
        edition = prepared.edition
        self.t = edition.strings
        self.fields = prepared.by_name
        #: The worksheet's own language, and the lang attributes that mark text in another
        #: one inside it: the interface's strings and the names from content lists.
        self.language = edition.language_of(sheet.slug, content)
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
            field.type == "choice" and not self.prepared.is_choice_list(field)
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

    def _date_hint(self, spec: FormField) -> str:
        """How to write a date (the society's form or ISO): what PDFs and imports read."""
        if spec.value != "date":
            return ""
        hint = self.t("worksheet.date_hint", format=self.t("worksheet.date_format"))
        return f'<p class="mg-ws-help mg-ws-date-hint"{self.ui_lang}>{esc(hint)}</p>'

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
            body = f"{label}{self._help(field)}{self._date_hint(spec)}{control}"
        if spec.kind == "select" and self.target != "page":
            names = " · ".join(esc(c.label) for c in spec.options)
            if spec.options and all(c.from_content for c in spec.options):
                names = f"<span{lang(self.content.guide.language, self.t.language)}>{names}</span>"
            choices = self.t_html("worksheet.choices", choices=names)
            body += f'<p class="mg-ws-choices"{self.ui_lang}>{choices}</p>'
        other = self._other_text(field)
        return f"{self._wrapper(field)}{body}{self._error(field)}{other}</div>"

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
        choices = self.prepared.choices_of(field)
        stage_filter = ""
        if any(c.stages for c in choices):
            source = self._stage_field()
            stage_filter = f' data-stage-source="{esc(source)}"' if source else ""
        options = "\n".join(self._option(field, c) for c in choices)
        described = self._described(field)
        return (
            f"{self._wrapper(field, 'fieldset', stage_filter + described)}"
            f"<legend>{esc(field.label)}{self._required_mark(field)}</legend>"
            f"{self._help(field)}{self._stage_guidance() if stage_filter and self.page else ''}"
            f'<div class="mg-ws-options">\n{options}\n</div>'
            # The missing-answer message right under the choices it is about, not under the
            # "If other" box after them.
            f"{self._error(field)}{self._other_text(field)}</fieldset>"
        )

    def _stage_guidance(self) -> str:
        """For a stage no question suits: what the guide says about it and what to do, shown
        by the script instead of an empty list (one note per stage, hidden until then)."""
        notes = "".join(
            f'<p class="mg-ws-stage-none" data-stage="{esc(stage.id)}" hidden{self.ui_lang}>'
            + esc(
                self.t(
                    "worksheet.stage_none",
                    stage=stage.name,
                    description=" ".join(CITATION.sub("", stage.description).split()),
                )
            )
            + "</p>"
            for stage in self.content.stages.stages
        )
        return notes

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
            # The note (what a stage means) is the radio button's description.
            noted = f' aria-describedby="{control_id}-note"' if choice.note else ""
            control = (
                f'<input type="radio" id="{control_id}" name="{esc(name)}" '
                f'value="{esc(value)}"{self._required_attr(field)}{noted}>'
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
        note = (
            f'<span class="mg-ws-choice-note" id="{control_id}-note"{self.content_lang}>'
            f"{esc(choice.note)}</span>"
            if choice.note
            else ""
        )
        return (
            f'<div class="mg-ws-option{" mg-ws-option--noted" if note else ""}"{data}>{control}'
            f'<label for="{control_id}"{self._choice_lang(choice)}>{esc(choice.label)}</label>'
            f"{stages}{note}</div>"
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
        # The guide's own number, as the text cites it: WeasyPrint ignores <li value> and
        # would number the list 1, 2 …; it follows the list-item counter, which every engine
        # resets before the item increments it (CSS Lists 3 §4.5).
        number = numbers[ref]
        items.append(
            f'<li id="{id_prefix}{ref}" value="{number}"'
            f' style="counter-reset: list-item {number - 1}">{text}</li>'
        )
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
