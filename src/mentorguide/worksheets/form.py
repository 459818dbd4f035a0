"""The form fields a worksheet becomes: one entry per HTML input and per PDF field.

Everything that names, draws, fills or checks a field works from this one list: the page's
form, the PDF's AcroForm, ``--data`` answers and the browser's saved answers. Names follow
the contract documented in ``models.py``; the choices come from the worksheet or from a
controlled list in ``content/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..content.load import Content
from ..edition.strings import Strings, english
from .models import Worksheet, WorksheetField

#: How a field is drawn: the PDF field type behind it (ISO 32000-1 §12.7.4).
Kind = Literal["text", "multiline", "checkbox", "radio", "select"]
#: What a value must look like in answers (JSON, YAML, the browser's storage).
ValueType = Literal["text", "date", "number", "email", "bool", "choice"]

#: A single choice with more options than this is a choice list (a PDF combo box), which
#: stays one line tall; up to this many, radio buttons show every option on paper.
MAX_RADIO_OPTIONS = 6


@dataclass(frozen=True)
class FormField:
    name: str
    """Field name in the page's form, the PDF and saved answers."""
    kind: Kind
    value: ValueType
    label: str
    """Accessible name: the HTML label's meaning and the PDF tooltip (/TU)."""
    field: WorksheetField
    """The worksheet field this form field belongs to."""
    options: tuple[Choice, ...] = ()
    """For radio groups and choice lists: the allowed values, in order."""
    choice: Choice | None = None
    """For a multiple choice's check box: the choice it stands for."""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    stages: tuple[str, ...] = ()
    """For questions: the mentorship stages the question suits (the page filters by them)."""
    from_content: bool = True
    """Named by a list in content/ (so in the content's language), not by the worksheet."""
    interface: bool = False
    """Named by the interface strings (the 'Other' choice)."""
    note: str = ""
    """What the choice means, shown beside it: a stage's description from the guide."""


def options_for(
    field: WorksheetField, content: Content, strings: Strings | None = None
) -> list[Choice]:
    """The concrete choices of a choice field, from the worksheet or from content/ (then
    marked ``from_content``: their names are in the content's language)."""
    if field.options_from is None:
        choices = [Choice(o.id, o.name, from_content=False) for o in field.options]
    else:
        source = field.options_from
        stages = {q.id: tuple(q.stages) for _, q in content.all_questions()}
        # A stage is chosen by what it means: the guide describes each one.
        notes = {s.id: s.description for s in content.stages.stages} if source == "stages" else {}
        choices = [
            Choice(
                i, name, stages.get(i, ()) if source == "questions" else (), note=notes.get(i, "")
            )
            for i, name in content.choices(source)
        ]
    if field.other:
        label = strings("worksheet.other") if strings else "Other"
        choices.append(Choice("other", label, from_content=False, interface=True))
    return choices


def form_fields(
    sheet: Worksheet, content: Content, strings: Strings | None = None
) -> list[FormField]:
    """Every form field of ``sheet``, in page order; accessible names of table cells, the
    'other' boxes and the 'Other' choice in the language of ``strings`` (default English)."""
    strings = strings or english()
    result: list[FormField] = []
    for section in sheet.sections:
        for field in section.fields:
            choices = (
                tuple(options_for(field, content, strings))
                if field.type in ("choice", "multichoice")
                else ()
            )
            result += _fields_of(field, choices, strings)
    return result


def _fields_of(
    field: WorksheetField, choices: tuple[Choice, ...], strings: Strings
) -> list[FormField]:
    label = field.label
    if field.type == "table":
        return [
            FormField(
                f"{field.id}.{row}.{col.id}",
                "checkbox" if col.type == "checkbox" else "text",
                "bool" if col.type == "checkbox" else col.type,
                strings("worksheet.cell_tooltip", label=label, row=row + 1, column=col.label),
                field,
            )
            for row in range(field.rows)
            for col in field.columns
        ]
    other = (
        [
            FormField(
                f"{field.id}.other_text",
                "text",
                "text",
                strings("worksheet.other_tooltip", label=label),
                field,
            )
        ]
        if field.other
        else []
    )
    if field.type == "multichoice":
        boxes = [
            FormField(
                f"{field.id}.{choice.id}",
                "checkbox",
                "bool",
                f"{label}: {choice.label}",
                field,
                choice=choice,
            )
            for choice in choices
        ]
        return boxes + other
    if field.type == "choice":
        kind: Kind = "select" if len(choices) > MAX_RADIO_OPTIONS else "radio"
        return [FormField(field.id, kind, "choice", label, field, choices), *other]
    if field.type == "checkbox":
        return [FormField(field.id, "checkbox", "bool", label, field)]
    if field.type in ("textarea", "signature"):
        return [
            FormField(
                field.id, "multiline" if field.type == "textarea" else "text", "text", label, field
            )
        ]
    value: ValueType = field.type if field.type in ("date", "number", "email") else "text"
    return [FormField(field.id, "text", value, label, field)]
