"""Answers for a worksheet from a YAML or JSON file (``worksheet pdf --data``), checked
against the worksheet so a typo or a wrong type is named, with its line, before any PDF is made.

Three shapes are accepted, and may be mixed:

* what the page's "Export answers" writes:
  ``{"worksheet": "smart-goal", "answers": {"goal": "…", "credentials.CSPT": true}}``;
* the same flat mapping of field names without the envelope;
* a friendlier nesting for hand-written YAML: a multiple choice as a list of option ids
  (``credentials: [CSPT, CPhT]``) and a table as a list of rows
  (``actions: [{action: Register, owner: Me, due: 2026-01-31}]``).

Values: text for text fields, ``YYYY-MM-DD``, the society's form (``MM/DD/YYYY``) or a
YAML date for dates, a number for number fields, true/false for check boxes, an option id
for single choices; null leaves a field empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..content.errors import Problem, one_of, suggest
from ..content.sources import Path_, Source, read_yaml
from ..content.validation import describe
from .dates import DEFAULT_FORM, iso_date, local_form
from .form import FormField
from .normalize import FormShape, given_answers, unwrap
from .prepared import PreparedWorksheet

#: What one form field holds in answers: text (a date, a number, an option id) or a check box.
FieldValue = str | bool


def load_answers(
    path: Path,
    prepared: PreparedWorksheet,
    display: str | None = None,
    *,
    date_form: str = DEFAULT_FORM,
) -> tuple[dict[str, FieldValue], list[Problem]]:
    """The answers in ``path`` as field name → value, and every problem found in it; dates
    in ISO or ``date_form`` (the society's, see ``dates.py``), stored as ISO."""
    name = display or str(path)
    try:
        source, problems = read_yaml(path, name)
    except OSError as error:
        return {}, [Problem(name, 1, 1, "", f"cannot read the file ({error.strerror})")]
    if source is None or problems:
        return {}, problems
    return check_answers(source, prepared, date_form=date_form)


def check_answers(
    source: Source, prepared: PreparedWorksheet, *, date_form: str = DEFAULT_FORM
) -> tuple[dict[str, FieldValue], list[Problem]]:
    sheet = prepared.sheet
    data = source.data
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [
            source.problem(
                (), f"expected a mapping of field names to answers, got {describe(data)}"
            )
        ]
    problems: list[Problem] = []
    inner, base = unwrap(data, strict=True)
    if base:
        slug = data.get("worksheet")
        if slug is not None and slug != sheet.slug:
            problems.append(
                source.problem(
                    ("worksheet",),
                    f"these answers are for the '{slug}' worksheet, not '{sheet.slug}'",
                )
            )
    specs = prepared.by_name
    by_field = {f.id: f for s in sheet.sections for f in s.fields}
    answers: dict[str, FieldValue] = {}

    def put(name: str, value: Any, where: Path_) -> None:
        spec = specs.get(name)
        if spec is None:
            hint = suggest(name, list(specs) + list(by_field))
            problems.append(
                source.problem(
                    where, f"unknown field '{name}' in the '{sheet.slug}' worksheet{hint}", key=True
                )
            )
            return
        converted, message = convert(spec, value, date_form)
        if message:
            problems.append(source.problem(where, message))
        elif converted is not None:
            answers[name] = converted

    # Names are exact here: a hand-written file is checked against `worksheet fields`.
    shape = FormShape(
        {f.id: f.type for f in by_field.values()},
        lambda key: key if key in specs or key in by_field else None,
        {f.id: f.rows for f in by_field.values() if f.type == "table"},
    )
    for given in given_answers(inner if isinstance(inner, dict) else data, shape, base):
        if given.kind == "listed":
            if not isinstance(given.part, str) or given.name not in specs:
                key = given.field
                allowed = [
                    n.split(".", 1)[1]
                    for n in specs
                    if n.startswith(f"{key}.") and not n.endswith(".other_text")
                ]
                problems.append(
                    source.problem(
                        given.where,
                        f"field '{key}' has no option {describe(given.part)}"
                        f"{suggest(str(given.part), allowed)} (options: {one_of(allowed)})",
                    )
                )
            else:
                answers[given.name] = True
        elif given.kind == "rows":
            rows = by_field[given.field].rows
            problems.append(
                source.problem(
                    given.where, f"table '{given.field}' has {rows} rows, got {given.value}"
                )
            )
        elif given.kind == "row":
            problems.append(
                source.problem(
                    given.where,
                    "expected a row (a mapping "
                    f"of column ids to values), got "
                    f"{describe(given.value)}",
                )
            )
        else:
            put(given.name, given.value, given.where)
    return answers, problems


def convert(
    spec: FormField, value: Any, date_form: str = DEFAULT_FORM
) -> tuple[FieldValue | None, str]:
    """``value`` as the field stores it, or what is wrong with it (the caller names the
    field: the problem's path); a date in ``date_form`` is stored as ISO."""
    if value is None:
        return None, ""
    if spec.value == "bool":
        if isinstance(value, bool):
            return value, ""
        return None, f"expected true or false (a check box), got {describe(value)}"
    if spec.value == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat(), ""
        if isinstance(value, str) and value.strip() == "":
            return "", ""
        iso = iso_date(value, date_form) if isinstance(value, str) else None
        if iso is not None:
            return iso, ""
        return None, (
            f"expected a date as YYYY-MM-DD or {local_form(date_form)}, got {describe(value)}"
        )
    if spec.value == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:g}" if isinstance(value, float) else str(value), ""
        if isinstance(value, str) and (value == "" or _is_number(value)):
            return value, ""
        return None, f"expected a number, got {describe(value)}"
    if spec.value == "choice":
        allowed = [c.id for c in spec.options]
        if isinstance(value, str) and (value in allowed or value == ""):
            return value, ""
        return None, (
            f"expected one of {one_of(allowed)}, got {describe(value)}"
            f"{suggest(str(value), allowed)}"
        )
    if isinstance(value, str):
        return value, ""
    return None, f"expected text, got {describe(value)}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def describe_fields(specs: Sequence[FormField], date_form: str = DEFAULT_FORM) -> list[str]:
    """One line per field: name, what it takes, label (for ``worksheet fields``)."""
    lines = []
    for spec in specs:
        kind = {
            "bool": "true/false",
            "date": f"date YYYY-MM-DD or {local_form(date_form)}",
            "number": "number",
            "choice": "one of " + ", ".join(c.id for c in spec.options),
        }.get(spec.value, "text")
        lines.append(f"{spec.name}\t{kind}\t{spec.label}")
    return lines
