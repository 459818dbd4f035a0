"""Load ``worksheets/*.yml`` with the same validation and error format as ``content/``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.citations import citation_problems
from ..content.errors import ContentError, Problem
from ..content.load import Content, Layer, _display, read_layered
from ..content.validation import validate
from ..edition.strings import Strings
from .models import Worksheet, WorksheetField, WorksheetFile


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
        choices = [
            Choice(i, name, stages.get(i, ()) if source == "questions" else ())
            for i, name in content.choices(source)
        ]
    if field.other:
        label = strings("worksheet.other") if strings else "Other"
        choices.append(Choice("other", label, from_content=False, interface=True))
    return choices


def field_names(field: WorksheetField, content: Content) -> list[str]:
    """Every form field name one worksheet field produces (table cells, choice boxes)."""
    if field.type == "table":
        return [f"{field.id}.{row}.{col.id}" for row in range(field.rows) for col in field.columns]
    if field.type == "multichoice":
        names = [f"{field.id}.{choice.id}" for choice in options_for(field, content)]
        return names + ([f"{field.id}.other_text"] if field.other else [])
    if field.type == "choice" and field.other:
        return [field.id, f"{field.id}.other_text"]
    return [field.id]


def load_worksheets(
    folder: Path,
    content: Content,
    display_root: Path | None = None,
    base: Sequence[Layer] = (),
) -> list[Worksheet]:
    """Every worksheet in ``folder`` (over the ``base`` layers), validated; raise
    ``ContentError`` with every problem."""
    root = display_root or folder.parent
    layers = [*base, Layer(folder, _display(folder, root))]
    names = sorted({p.name for layer in layers for p in layer.folder.glob("*.yml")})
    problems: list[Problem] = []
    worksheets: list[Worksheet] = []
    for name in names:
        path = folder / name
        source, parse_problems = read_layered(name, layers)
        problems += parse_problems
        if source is None:
            continue
        result, schema_problems = validate(source, WorksheetFile)
        problems += schema_problems
        if result is None:
            continue
        sheet = result.worksheet
        if sheet.slug != path.stem:
            problems.append(
                source.problem(
                    ("worksheet", "slug"),
                    f"slug '{sheet.slug}' must match the file name (expected '{path.stem}')",
                )
            )
        seen: dict[str, str] = {}
        for s, section in enumerate(sheet.sections):
            for f, field in enumerate(section.fields):
                where = ("worksheet", "sections", s, "fields", f)
                for name in field_names(field, content):
                    if name in seen:
                        problems.append(
                            source.problem(
                                (*where, "id"),
                                f"field name '{name}' is already used by {seen[name]}",
                            )
                        )
                    seen.setdefault(name, f"sections[{s}].fields[{f}]")
        problems += citation_problems(source, content.reference_number)
        worksheets.append(sheet)
    if problems:
        raise ContentError(problems)
    return worksheets
