"""One reading of answers given for a worksheet's form: which form field each given key and
value names, whatever shape the answers come in. Its readers keep their own messages and
their own reading of values: ``worksheet pdf --data`` (``answers.py``), the sign-up surveys'
JSON and PDFs (``matching/readers.py``) and the after-matching worksheets' answers
(``program/answers.py``). The browser reads an imported file the same way
(``assets/worksheet-answers.js``); ``testdata/answer-cases.json`` holds the cases both are
tested against.

The shapes, after the names of ``form.py``:

* the page's export, ``{"worksheet": …, "answers": {…}}``, or the answers alone;
* a field by its name (``goal``) or, where a reader allows it, by its question;
* a multiple choice's boxes (``credentials.CSPT: true``), or a list of its option ids
  (``credentials: [CSPT]``);
* a table's cells (``actions.0.owner``), or a list of its rows, each a mapping of column
  ids (``actions: [{owner: Me}]``);
* anything else is unknown, and the reader says what that means (a problem, a note, or
  nothing).

What a value must be stays each reader's, as its users write them: ``--data`` takes exact
names, true or false for a box, ISO or the society's dates; a survey takes questions,
``yes``/``on``/``true``/``1`` for a ticked box (``ticked``) and a multiple choice's list as
one answer (its options by id or name); the after-matching worksheets take questions, a
table's unlimited rows and a list of milestone texts, and ISO dates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..content.sources import Path_

#: The keys of the page's export around its answers (worksheet.js, ``exportJson``).
ENVELOPE_KEYS = frozenset({"worksheet", "answers", "format", "version", "saved"})
#: What a check box's answer says for "ticked" in another tool's export, besides ``true``.
TICKED_WORDS = ("yes", "on", "true", "1")

#: What a given answer is: a field's own, a box named ``field.option``, an option listed
#: for a multiple choice, a table's cell, a row of a table's list that is not a mapping,
#: a table's list longer than the table, or a key that names nothing.
GivenKind = Literal["answer", "box", "listed", "cell", "row", "rows", "unknown"]


@dataclass(frozen=True)
class Given:
    """One answer as given, with the form field it names and where it was in the input."""

    kind: GivenKind
    name: str
    """The form field name (``goal``, ``credentials.CSPT``, ``actions.0.owner``); for a
    ``row``, ``rows`` or ``unknown``, the field or the key as given."""
    value: object
    """As given (for ``listed``: true; for ``rows``: how many rows were given)."""
    where: Path_
    """Its path in the answers (the key, then the list index, then the column)."""
    field: str = ""
    """The field a box, listed option, cell or row belongs to."""
    part: object = None
    """A box's or listed option's option id as given (any JSON value when listed)."""


def ticked(value: object) -> bool:
    """Whether a check box's answer says "ticked": ``true`` or one of ``TICKED_WORDS``."""
    return value is True or str(value).strip().casefold() in TICKED_WORDS


def unwrap(
    data: Mapping[Any, object], *, lists: bool = False, strict: bool = False
) -> tuple[object, Path_]:
    """The answers inside the page's export (and their path), or ``data`` itself. ``lists``:
    the export may hold a list of responses; ``strict``: only a mapping with no keys but the
    export's is one (a worksheet's own field may then be called ``answers``)."""
    inner = data.get("answers")
    if not (isinstance(inner, dict) or (lists and isinstance(inner, list))):
        return data, ()
    if strict and not set(data) <= ENVELOPE_KEYS:
        return data, ()
    return inner, ("answers",)


@dataclass(frozen=True)
class FormShape:
    """What reading answers needs to know of a form: its fields' types and table sizes,
    and how a given key names a field."""

    types: Mapping[str, str]
    """Field id → the field's type (``multichoice``, ``table``, …), for the fields whose
    shape matters."""
    resolve: Callable[[str], str | None]
    """A key as given → the field id or form field name it names, or None."""
    rows: Mapping[str, int] | None = None
    """Table id → its rows, when a longer list is a problem (else any number is read)."""
    expand: bool = True
    """Lists become boxes and cells; else a list is the field's one answer."""


def given_answers(data: Mapping[Any, object], shape: FormShape, base: Path_ = ()) -> list[Given]:
    """Every answer in ``data`` (the answers, unwrapped), in order, as the form names it."""
    found: list[Given] = []
    for key_, value in data.items():
        key = str(key_)
        where: Path_ = (*base, key)
        name = shape.resolve(key)
        kind = shape.types.get(name) if name is not None else None
        if name is None:
            found.append(_part_of(key, value, where, shape))
        elif shape.expand and kind == "multichoice" and isinstance(value, list):
            found += [
                Given("listed", f"{name}.{option}", True, (*where, index), name, option)
                for index, option in enumerate(value)
            ]
        elif shape.expand and kind == "table" and isinstance(value, list):
            found += _rows(name, value, where, shape)
        else:
            found.append(Given("answer", name, value, where))
    return found


def _part_of(key: str, value: object, where: Path_, shape: FormShape) -> Given:
    """A key that names no field itself: a multiple choice's box or a table's cell (named
    by the field's own name or question before the first dot), else unknown."""
    head, dot, rest = key.partition(".")
    name = shape.resolve(head) if dot else None
    kind = shape.types.get(name) if name is not None else None
    if name is not None and kind == "multichoice":
        return Given("box", f"{name}.{rest}", value, where, name, rest)
    if name is not None and kind == "table":
        return Given("cell", f"{name}.{rest}", value, where, name)
    return Given("unknown", key, value, where)


def _rows(name: str, rows: list[object], where: Path_, shape: FormShape) -> list[Given]:
    found: list[Given] = []
    limit = shape.rows.get(name) if shape.rows is not None else None
    if limit is not None and len(rows) > limit:
        found.append(Given("rows", name, len(rows), where, name))
        rows = rows[:limit]
    for row, cells in enumerate(rows):
        if not isinstance(cells, dict):
            found.append(Given("row", name, cells, (*where, row), name))
            continue
        found += [
            Given("cell", f"{name}.{row}.{column}", cell, (*where, row, str(column)), name)
            for column, cell in cells.items()
        ]
    return found
