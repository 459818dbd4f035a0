"""A worksheet prepared for one edition: its form fields and choices, derived once.

A build makes each worksheet's page, its PDF and its appendix in the guide's PDF, and a
command fills or checks its answers; all of them work from the same form fields
(``form.py``). A loaded project prepares each worksheet once
(:attr:`mentorguide.project.load.Project.prepared_worksheets`), so the fields are derived
once for all of these instead of once per caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..content.load import Content
from ..edition.edition import Edition
from .form import Choice, FormField, form_fields
from .models import Worksheet, WorksheetField


@dataclass(frozen=True)
class PreparedWorksheet:
    """A worksheet, the edition it was prepared for, and its form fields in that edition."""

    sheet: Worksheet
    edition: Edition
    """Its interface strings name the 'Other' choice, the 'other' boxes and table cells."""
    fields: tuple[FormField, ...]
    """Every form field, in page order (what ``form_fields`` gives)."""
    by_name: Mapping[str, FormField]
    """The same fields, by name."""
    choices: Mapping[str, tuple[Choice, ...]]
    """The choices of each choice and multiple-choice field, by the field's id."""

    @property
    def slug(self) -> str:
        return self.sheet.slug

    def choices_of(self, field: WorksheetField) -> tuple[Choice, ...]:
        return self.choices.get(field.id, ())

    def is_choice_list(self, field: WorksheetField) -> bool:
        """A single choice drawn as one list (a PDF combo box), not as radio buttons."""
        return field.type == "choice" and self.by_name[field.id].kind == "select"


def prepare_worksheet(sheet: Worksheet, content: Content, edition: Edition) -> PreparedWorksheet:
    """``sheet``'s form fields and choices, named in ``edition``'s language."""
    fields = tuple(form_fields(sheet, content, edition.strings))
    choices: dict[str, tuple[Choice, ...]] = {}
    for spec in fields:
        if spec.field.type == "choice" and spec.name == spec.field.id:
            choices[spec.name] = spec.options
        elif spec.choice is not None:
            choices[spec.field.id] = (*choices.get(spec.field.id, ()), spec.choice)
    return PreparedWorksheet(
        sheet,
        edition,
        fields,
        MappingProxyType({spec.name: spec for spec in fields}),
        MappingProxyType(choices),
    )
