"""Reading the after-matching worksheets' answers (fit check, check-in, end-of-cycle
evaluation) from the files people have: the site's JSON export, a filled PDF, and an
online form's CSV or XLSX export (one response per row).

Reading is forgiving about form and strict about meaning, as for the sign-up surveys: a
header or key may be the field's name (``met_on``) or its question (``Date we met``), in any
case and spacing; a choice its id (``cultivation``) or its name (``Cultivation``). Which
worksheet a file answers is what its JSON or PDF records, else what its headers ask.
Everything that cannot be understood is a problem naming file, row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from ..files.inputs import InputError, InputProblem, column_letter
from ..files.tables import WORKBOOK_SUFFIXES, decode, delimited_rows, read_bytes, read_workbook
from ..matching.readers import json_data, pdf_values, read_json_text
from ..matching.spec import SEPARATOR, normalize
from ..project.load import Project
from ..worksheets.normalize import FormShape, given_answers, unwrap
from .errors import ProgramError

FormSlug = Literal["fit-check", "check-in", "cycle-evaluation"]
FORMS: tuple[FormSlug, ...] = ("fit-check", "check-in", "cycle-evaluation")
#: What a file's answers are called in messages.
FORM_NAMES: dict[FormSlug, str] = {
    "fit-check": "fit check",
    "check-in": "check-in",
    "cycle-evaluation": "end-of-cycle evaluation",
}
#: The fields only one worksheet asks: what tells a spreadsheet's worksheet by its headers.
OWN_FIELDS: dict[FormSlug, tuple[str, ...]] = {
    "fit-check": ("continue", "concern"),
    "check-in": ("stage", "next_meeting", "short_term_progress"),
    "cycle-evaluation": ("goals_reached", "mentor_next_cycle", "what_to_change"),
}
#: A check-in's milestones table, and how an online form asks it instead: one answer,
#: milestones separated by ``;``.
MILESTONES = "milestones"
_CELL = f"{MILESTONES}."
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    value: str
    """``text``, ``email``, ``date`` or ``choice`` (as :mod:`~mentorguide.worksheets.form`)."""
    options: Mapping[str, str] = field(default_factory=dict)
    """Normalized spelling (id or name) → option id, for a choice."""
    option_ids: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class FormSpec:
    slug: FormSlug
    questions: Mapping[str, Question]
    """By form field name, in the worksheet's order."""

    @cached_property
    def _headers(self) -> dict[str, str]:
        """Normalized question or name → field name (a name wins over another's question)."""
        found = {normalize(q.label): q.name for q in self.questions.values()}
        found |= {normalize(q.name): q.name for q in self.questions.values()}
        found |= {q.name.casefold(): q.name for q in self.questions.values()}
        return found

    def question_for(self, header: str) -> str | None:
        text = header.strip()
        if text in self.questions:
            return text
        return self._headers.get(text.casefold()) or self._headers.get(normalize(text))


def form_specs(project: Project) -> dict[FormSlug, FormSpec]:
    """The three worksheets of the project (a society may reword them), ready to read."""
    sheets = project.prepared_worksheets
    specs: dict[FormSlug, FormSpec] = {}
    for slug in FORMS:
        sheet = sheets.get(slug)
        if sheet is None:
            raise ProgramError(
                f"the guide project has no '{slug}' worksheet, whose answers collect reads"
            )
        questions: dict[str, Question] = {}
        for spec in sheet.fields:
            if spec.name.startswith(_CELL):
                # The table's cells are read as one question too (see _milestones), asked
                # where the table is.
                if MILESTONES not in questions:
                    label = spec.field.label
                    questions[MILESTONES] = Question(MILESTONES, label, "milestones")
                continue
            options = {normalize(c.id): c.id for c in spec.options}
            options |= {normalize(c.label): c.id for c in spec.options}
            questions[spec.name] = Question(
                spec.name,
                spec.label,
                spec.value,
                options,
                tuple(c.id for c in spec.options),
                spec.field.required,
            )
        specs[slug] = FormSpec(slug, questions)
    return specs


@dataclass(frozen=True)
class RawAnswer:
    """One response, its values checked against its worksheet, not yet tied to a pair."""

    form: FormSlug
    file: str
    place: str
    """``row 7``, ``item 2`` or ``the form``."""
    values: dict[str, Any]
    """By field name: text, a date, an option id, or (milestones) a list of (text, date)."""
    where: dict[str, str]
    """By field name: where its answer is (``row 7, column C (met_on)``), for messages."""
    complete: bool = True
    """False when one of its answers was wrong (reported): it is not tied to a pair."""


@lru_cache(maxsize=4096)
def _day(text: str) -> date | None:
    """``YYYY-MM-DD`` (or an export's ``YYYY-MM-DD hh:mm:ss``) as a date; None if it is not
    one. Cached: the days of a cycle's meetings repeat thousands of times in an export."""
    found = _DATE.match(text)
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


@dataclass
class _Reader:
    spec: FormSpec
    file: str
    problems: list[InputProblem] = field(default_factory=list)

    def parse(self, name: str, raw: object, order: int, where: str) -> Any:
        """The answer ``raw`` to the question ``name``; None (and a problem) if it is wrong."""
        question = self.spec.questions[name]
        if question.value == "milestones":
            return self._milestones(raw, order, where)
        if isinstance(raw, bool):
            raw = "yes" if raw else ""
        text = "" if raw is None else str(raw).strip()
        if not text:
            return None
        if question.value == "date":
            day = _day(text)
            if day is None:
                self.problem(order, where, f"'{text}' is not a date (write YYYY-MM-DD)")
            return day
        if question.value == "choice":
            option = question.options.get(normalize(text))
            if option is None:
                allowed = ", ".join(question.option_ids)
                self.problem(order, where, f"'{text}' is not one of the choices ({allowed})")
            return option
        return text

    def _milestones(self, raw: object, order: int, where: str) -> list[tuple[str, date | None]]:
        if isinstance(raw, list):
            return [(str(item).strip(), None) for item in raw if str(item).strip()]
        text = "" if raw is None else str(raw)
        return [(part.strip(), None) for part in text.split(SEPARATOR) if part.strip()]

    def problem(self, order: int, where: str, message: str) -> None:
        self.problems.append(InputProblem(self.file, order, where, message))

    def answer(self, place: str, order: int, items: Iterable[tuple[str, object, str]]) -> RawAnswer:
        """One response from (field name, raw value, where) items; required answers checked."""
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        before = len(self.problems)
        wrong: set[str] = set()
        for name, raw, at in items:
            if name.startswith(_CELL):
                self._cell(values, where, name, raw, order, at)
                continue
            counted = len(self.problems)
            value = self.parse(name, raw, order, at)
            where[name] = at
            if len(self.problems) > counted:
                wrong.add(name)
            if value not in (None, []):
                values[name] = value
        for question in self.spec.questions.values():
            if question.required and question.name not in values and question.name not in wrong:
                self.problem(
                    order,
                    where.get(question.name, place),
                    f"the {FORM_NAMES[self.spec.slug]} needs an answer to '{question.label}'",
                )
        complete = len(self.problems) == before
        return RawAnswer(self.spec.slug, self.file, place, values, where, complete)

    def _cell(
        self,
        values: dict[str, Any],
        where: dict[str, str],
        name: str,
        raw: object,
        order: int,
        at: str,
    ) -> None:
        """A cell of the worksheet's milestones table (``milestones.2.reached_on``)."""
        parts = name.split(".")
        text = "" if raw is None or raw is False else str(raw).strip()
        if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in ("milestone", "reached_on"):
            return
        rows: dict[int, list[Any]] = values.setdefault("_milestone_rows", {})
        row = rows.setdefault(int(parts[1]), ["", None])
        if parts[2] == "milestone":
            row[0] = text
        elif text:
            row[1] = _day(text)
            if row[1] is None:
                self.problem(order, at, f"'{text}' is not a date (write YYYY-MM-DD)")
        where.setdefault(MILESTONES, at)


def _finish(answer: RawAnswer) -> RawAnswer:
    """Milestones from the table's cells join those given as one answer."""
    rows = answer.values.pop("_milestone_rows", None)
    if rows:
        listed = [(text, day) for _, (text, day) in sorted(rows.items()) if text]
        answer.values[MILESTONES] = answer.values.get(MILESTONES, []) + listed
    return answer


def detect_form(keys: Iterable[str], specs: Mapping[FormSlug, FormSpec]) -> FormSlug | None:
    """The worksheet whose own questions the headers (or keys) ask most; None if none."""
    keys = list(keys)
    counts = {
        slug: sum(1 for k in keys if specs[slug].question_for(k) in OWN_FIELDS[slug])
        for slug in FORMS
    }
    best = max(FORMS, key=lambda slug: counts[slug])
    if counts[best] == 0 or list(counts.values()).count(counts[best]) > 1:
        return None
    return best


def _which(
    file: str,
    named: object,
    keys: Sequence[str],
    specs: Mapping[FormSlug, FormSpec],
    where: str = "",
) -> FormSlug:
    """The worksheet a file answers: the one it names (JSON, PDF), else the one its headers
    or keys ask (``where``: the header row, for a spreadsheet)."""
    if isinstance(named, str) and named:
        if named in FORMS:
            return named
        raise InputError(
            [
                InputProblem(
                    file,
                    0,
                    "",
                    f"these are answers to the '{named}' worksheet, not a fit check, "
                    "check-in or end-of-cycle evaluation",
                )
            ]
        )
    found = detect_form(keys, specs)
    if found is None:
        raise InputError(
            [
                InputProblem(
                    file,
                    1,
                    where,
                    "cannot tell which worksheet this answers (expected the questions of a fit "
                    "check, a check-in or an end-of-cycle evaluation)",
                )
            ]
        )
    return found


@dataclass(frozen=True)
class Read:
    """One file's responses, notes (ignored columns) and the problems in its answers."""

    answers: list[RawAnswer]
    notes: list[str]
    problems: list[InputProblem]


def read_answers(
    path: Path, specs: Mapping[FormSlug, FormSpec], display: str | None = None
) -> Read:
    """The responses in one file (those with a wrong answer marked incomplete), notes and
    problems; ``InputError`` when the file as a whole cannot be read."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([InputProblem(name, 0, "", "no such file")])
    if suffix == ".json":
        found, problems = _read_json(read_json_text(path, name), specs, name)
        return Read(found, [], problems)
    if suffix == ".pdf":
        values, slug = pdf_values(read_bytes(path, name), name)
        form = _which(name, slug, list(values), specs)
        filled = {k: v for k, v in values.items() if v not in ("", False)}
        found, problems = _objects([filled], specs[form], name, lambda n: "the form")
        return Read(found, [], problems)
    if suffix in WORKBOOK_SUFFIXES:
        table = read_workbook(path, name)
        return _read_table(table.rows, table.numbers, specs, name)
    text = decode(read_bytes(path, name), name)
    try:
        rows = list(delimited_rows(text))
    except csv.Error as error:
        raise InputError(
            [InputProblem(name, 0, "", f"not a readable CSV file ({error})")]
        ) from None
    return _read_table(rows, list(range(1, len(rows) + 1)), specs, name)


def _read_json(
    text: str, specs: Mapping[FormSlug, FormSpec], file: str
) -> tuple[list[RawAnswer], list[InputProblem]]:
    data = json_data(text, file)
    named = data.get("worksheet") if isinstance(data, dict) else None
    if isinstance(data, dict):
        data, _ = unwrap(data, lists=True)
    items = data if isinstance(data, list) else [data]
    keys = [str(k) for item in items if isinstance(item, dict) for k in item]
    form = _which(file, named, keys, specs)
    return _objects(items, specs[form], file, lambda n: f"item {n}" if len(items) > 1 else "")


def _objects(
    items: Sequence[object], spec: FormSpec, file: str, place: Any
) -> tuple[list[RawAnswer], list[InputProblem]]:
    reader = _Reader(spec, file)
    # A key is a question's name or its question; the milestones are a table's cells, or
    # its rows, or (as an online form asks) a list of their texts.
    shape = FormShape({MILESTONES: "table"}, spec.question_for)
    answers = []
    for n, item in enumerate(items, start=1):
        here = place(n)
        if not isinstance(item, dict):
            reader.problem(n, here, "expected an object of answers keyed by field name")
            continue
        fields: list[tuple[str, object, str]] = []
        texts: list[object] = []
        for given in given_answers(item, shape):
            if given.kind == "unknown":
                continue  # the export's own keys, or questions of a newer worksheet
            if given.kind == "row":  # a milestone's text in a list: milestones as one answer
                if not texts:
                    fields.append((MILESTONES, texts, _field_at(here, MILESTONES)))
                texts.append(given.value)
                continue
            fields.append((given.name, given.value, _field_at(here, given.name)))
        answers.append(_finish(reader.answer(here, n, fields)))
    return answers, reader.problems


def _field_at(place: str, name: str) -> str:
    return f"{place}, field '{name}'" if place else f"field '{name}'"


def _read_table(
    rows: list[list[str]], numbers: list[int], specs: Mapping[FormSlug, FormSpec], file: str
) -> Read:
    header = rows[0] if rows else []
    if not any(h.strip() for h in header):
        raise InputError([InputProblem(file, 0, "", "the file is empty (expected a header row)")])
    form = _which(file, None, header, specs, "row 1")
    spec = specs[form]
    reader = _Reader(spec, file)
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    ignored: list[str] = []
    for c, heading in enumerate(header):
        name = spec.question_for(heading) if heading.strip() else None
        if name is None and heading.strip().startswith(f"{MILESTONES}."):
            name = heading.strip()
        if name is None:
            if heading.strip():
                ignored.append(heading.strip())
            continue
        if name in seen:
            reader.problem(
                1,
                f"row 1, column {column_letter(c)}",
                f"column '{heading.strip()}' repeats column {column_letter(seen[name])} "
                f"(both are {name}; keep one)",
            )
            continue
        columns[c] = name
        seen[name] = c
    missing = [q for q in spec.questions.values() if q.required and q.name not in seen]
    for question in missing:
        reader.problem(
            1,
            "row 1",
            f"no column for the required question '{question.label}' (or {question.name})",
        )
    if missing:
        return Read([], [], reader.problems)  # one problem per column, not one per row
    answers = []
    # Each cell's place in messages, made once per column (60,000 rows × 8 columns add up).
    labels = [(c, name, f"column {column_letter(c)} ({name})") for c, name in columns.items()]
    for row, number in zip(rows[1:], numbers[1:], strict=True):
        if not any(v.strip() for v in row):
            continue
        width = len(row)
        at = f"row {number}, "
        items = [(name, row[c] if c < width else "", at + label) for c, name, label in labels]
        answers.append(_finish(reader.answer(f"row {number}", number, items)))
    notes = (
        [
            f"{file}: ignored columns that are not questions of the {FORM_NAMES[form]}: "
            + ", ".join(f"'{h}'" for h in ignored)
        ]
        if ignored
        else []
    )
    return Read(answers, notes, reader.problems)
