"""The worksheet schema: a worksheet has sections, a section has fields.

Field ids become form field names everywhere (HTML inputs, PDF AcroForm fields, JSON and CSV
keys). A table's cells are named ``<table id>.<row>.<column id>`` (``actions.0.owner``) and a
multiple-choice field's boxes ``<field id>.<option id>``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..content.fields import FieldId, Id, Model, RefId, Text
from ..content.lists import ListName
from ..content.models import Option

FieldType = Literal[
    "text",
    "textarea",
    "date",
    "number",
    "email",
    "choice",
    "multichoice",
    "checkbox",
    "signature",
    "table",
]

CHOICE_TYPES = ("choice", "multichoice")


class Column(Model):
    id: FieldId
    """Column id, the last part of each cell's field name."""
    label: Text
    """Column heading."""
    type: Literal["text", "date", "number", "checkbox"] = "text"
    """What each cell holds."""


class WorksheetField(Model):
    id: FieldId
    """Field name in forms, PDFs and exported answers."""
    label: Text
    """The question or prompt, shown as the field's label and its accessible name."""
    help: str = ""
    """A short hint under the label (becomes the field's description)."""
    type: FieldType = "text"
    """The kind of answer: text, textarea, date, number, email, choice (pick one),
    multichoice (pick any), checkbox, signature or table (rows of columns)."""
    required: bool = False
    """True when the worksheet is incomplete without this answer."""
    options: list[Option] = []
    """The choices, for choice and multichoice fields (or use options_from)."""
    options_from: ListName | None = None
    """Take the choices from a list in content/ instead of typing them here."""
    other: bool = False
    """Add an 'Other' choice with a text box, for choice and multichoice fields."""
    lines: int = Field(default=4, ge=1, le=30)
    """Lines of writing space for a textarea (on paper and on screen)."""
    columns: list[Column] = []
    """A table's columns."""
    rows: int = Field(default=4, ge=1, le=20)
    """How many rows a table prints with."""

    @model_validator(mode="after")
    def _fits_type(self) -> WorksheetField:
        # Raised as ValueError so validation reports it at the field, with the file's line.
        if self.type in CHOICE_TYPES and not (self.options or self.options_from):
            raise ValueError(f"a {self.type} field needs options or options_from")
        if self.type not in CHOICE_TYPES and (self.options or self.options_from or self.other):
            raise ValueError(
                f"options, options_from and other only apply to choice fields, "
                f"not to a {self.type} field"
            )
        if self.options and self.options_from:
            raise ValueError("give options or options_from, not both")
        if self.type == "table" and not self.columns:
            raise ValueError("a table field needs columns")
        if self.type != "table" and self.columns:
            raise ValueError(f"columns only apply to table fields, not to a {self.type} field")
        return self


class Section(Model):
    id: Id
    """Section id, also its anchor on the page."""
    title: Text
    """The section heading."""
    intro: str = ""
    """A sentence or two on what to write here."""
    fields: list[WorksheetField] = Field(min_length=1)
    """The section's fields, in order."""


class Worksheet(Model):
    slug: Id
    """The worksheet's address: /worksheets/<slug>/ and <slug>.pdf. Must match the file name."""
    title: Text
    """The worksheet's title."""
    purpose: Text
    """One or two sentences on when and why to use it (may cite the guide's references)."""
    cite: list[RefId] = []
    """References the worksheet draws on."""
    sections: list[Section] = Field(min_length=1)
    """The worksheet's sections, in order."""


class WorksheetFile(Model):
    worksheet: Worksheet
    """One worksheet."""
