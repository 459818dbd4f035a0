"""Load ``worksheets/*.yml`` with the same validation and error format as ``content/``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..content.citations import citation_problems
from ..content.errors import ContentError, Problem
from ..content.load import Content, Layer, _display, read_layered
from ..content.markup import markup_problems
from ..content.validation import validate
from .form import form_fields
from .models import Worksheet, WorksheetField, WorksheetFile


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
        problems += markup_problems(source)
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
        for spec in form_fields(sheet, content):
            s, f = _place_of(sheet, spec.field)
            if spec.name in seen:
                problems.append(
                    source.problem(
                        ("worksheet", "sections", s, "fields", f, "id"),
                        f"field name '{spec.name}' is already used by {seen[spec.name]}",
                    )
                )
            seen.setdefault(spec.name, f"sections[{s}].fields[{f}]")
        problems += citation_problems(source, content.reference_number)
        worksheets.append(sheet)
    if problems:
        raise ContentError(problems)
    return worksheets


def _place_of(sheet: Worksheet, field: WorksheetField) -> tuple[int, int]:
    """(section, field) indices of ``field`` in ``sheet``."""
    for s, section in enumerate(sheet.sections):
        for f, candidate in enumerate(section.fields):
            if candidate is field:
                return s, f
    raise ValueError(f"{field.id} is not a field of {sheet.slug}")  # pragma: no cover
