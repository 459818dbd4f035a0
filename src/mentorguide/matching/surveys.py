"""Sign-up survey responses: read them from spreadsheets or JSON, check them, write them clean.

The surveys are defined in ``content/surveys.yml``; choices come from the controlled lists in
``content/``. People fill surveys in many tools, so reading is forgiving about form and strict
about meaning:

* headers may be the field id or the question text (``label``), in any case and spacing;
* choices may be given by id (``sterile-compounding``) or name (``Sterile compounding``), in
  any case; several choices are separated by ``;`` (or by ``,``, as Google Forms exports
  them, when that splits the cell into known choices);
* a byte-order mark, Windows line ends, Windows-1252 text, ``;``- or tab-separated files,
  blank rows and trailing spaces are all accepted.

Anything that cannot be understood is a problem naming file, row and column, with the
allowed values and a suggestion; every problem in the input is reported at once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..content import Content
from ..errors import one_of, suggest
from ..models import EMAIL_PATTERN, SignupSurvey, SurveyField
from .files import InputError, InputProblem, Outputs, cell, column_letter

Role = Literal["mentee", "mentor"]
ROLES: tuple[Role, ...] = ("mentee", "mentor")
#: Separates the choices of a multichoice cell and the words of a list cell.
SEPARATOR = ";"

#: A clean answer: text, a number, one option id, several option ids or list words, or None.
Value = str | float | tuple[str, ...] | None

#: What each controlled list is called in messages ("unknown expertise area 'x'").
LIST_NAMES = {
    "expertise": "expertise area",
    "credentials": "credential",
    "frequencies": "meeting frequency",
    "platforms": "meeting platform",
    "qualities": "mentor quality",
    "pairing-models": "pairing model",
}

_FOLD = str.maketrans(
    {"-": " ", "_": " ", "®": "", "™": "", "\u00a0": " ", "\ufeff": "", "\u200b": ""}
)
_EMAIL = re.compile(EMAIL_PATTERN)
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The form of a header or choice used to compare it: case, spacing, dashes, marks and
    a trailing ``?``, ``:`` or ``*`` (required-question marker) do not matter."""
    folded = " ".join(text.translate(_FOLD).casefold().split())
    return folded.rstrip("?:*. ").strip()


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    short: str = ""
    """A short form for sentences (a credential's abbreviation), if there is one."""

    @property
    def label(self) -> str:
        """How the choice reads inside a sentence: its short form, else its name."""
        return self.short or self.name


def choices_for(source: str, content: Content) -> tuple[Choice, ...]:
    """The options of a controlled list, in content order (credentials with their short form)."""
    short = {c.id: c.abbreviation for c in content.credentials.credentials}
    if source == "credentials":
        return tuple(Choice(i, name, short[i]) for i, name in content.choices(source))
    return tuple(Choice(i, name) for i, name in content.choices(source))


@dataclass(frozen=True)
class FieldSpec:
    """One survey field with what it accepts."""

    field: SurveyField
    choices: tuple[Choice, ...] = ()
    lookup: dict[str, str] = dc_field(default_factory=dict)
    """Normalised spelling (id, name, abbreviation) → option id."""

    @property
    def id(self) -> str:
        return self.field.id

    @property
    def what(self) -> str:
        return LIST_NAMES.get(self.field.options_from or "", "value")

    @cached_property
    def index(self) -> dict[str, int]:
        """Option id → position in the list."""
        return {choice.id: n for n, choice in enumerate(self.choices)}

    @cached_property
    def option(self) -> dict[str, Choice]:
        """Option id → the option."""
        return {choice.id: choice for choice in self.choices}


def _field_spec(survey_field: SurveyField, content: Content) -> FieldSpec:
    if survey_field.options_from is None:
        return FieldSpec(survey_field, (), {})
    choices = choices_for(survey_field.options_from, content)
    lookup: dict[str, str] = {}
    clashes: set[str] = set()
    for choice in choices:
        for spelling in (choice.id, choice.name, choice.short):
            if not spelling:
                continue
            key = normalise(spelling)
            if lookup.get(key, choice.id) != choice.id:
                clashes.add(key)  # two options read the same: neither spelling is accepted
            lookup[key] = choice.id
    for key in clashes:
        del lookup[key]
    for choice in choices:  # ids always work, even if a name elsewhere reads like them
        lookup[normalise(choice.id)] = choice.id
    return FieldSpec(survey_field, choices, lookup)


@dataclass(frozen=True)
class SurveySpec:
    """A survey ready to read answers: its fields, and how headers map to them."""

    survey: SignupSurvey
    fields: tuple[FieldSpec, ...]

    @property
    def role(self) -> Role:
        return self.survey.id

    @cached_property
    def by_id(self) -> dict[str, FieldSpec]:
        return {spec.id: spec for spec in self.fields}

    @cached_property
    def headers(self) -> dict[str, str]:
        """Normalised header (id or question text) → field id."""
        table: dict[str, str] = {}
        for spec in self.fields:
            table[normalise(spec.field.label)] = spec.id
        for spec in self.fields:
            table[normalise(spec.id)] = spec.id  # an id wins over another field's label
        return table

    def field_for_header(self, header: str) -> str | None:
        return self.headers.get(normalise(header))

    @property
    def required(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if spec.field.required]


def survey_spec(content: Content, role: Role) -> SurveySpec:
    """The ``mentee`` or ``mentor`` survey of ``content``."""
    for survey in content.surveys.surveys:
        if survey.id == role:
            return SurveySpec(survey, tuple(_field_spec(f, content) for f in survey.fields))
    raise ValueError(f"content has no {role} survey")


# --- parsing answers -------------------------------------------------------------------


class _Bad(Exception):
    """A cell's value cannot be read; the message says why."""


_UNSEEN = object()


def _split(text: str, separators: str) -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", text)
    return [part.strip() for part in parts if part.strip()]


def _parse_number(spec: FieldSpec, text: str) -> float:
    field_ = spec.field
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        whole = " whole" if field_.whole else ""
        raise _Bad(f"expected a{whole} number, got '{text}'") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _Bad(f"expected a number, got '{text}'")
    if field_.whole and not number.is_integer():
        raise _Bad(f"expected a whole number, got '{text}'")
    low, high = field_.minimum, field_.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise _Bad(
            f"expected a number from {_number_text(low)} to {_number_text(high)}, got '{text}'"
        )
    return number


def _number_text(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else repr(value)


def _unknown_choice(spec: FieldSpec, text: str) -> _Bad:
    spellings = [c.id for c in spec.choices] + [c.name for c in spec.choices]
    hint = suggest(text, spellings)
    allowed = one_of(c.id for c in spec.choices)
    return _Bad(f"unknown {spec.what} '{text}'{hint}; allowed: {allowed} (or their names)")


def _one_choice(spec: FieldSpec, text: str) -> str:
    found = spec.lookup.get(normalise(text))
    if found is None:
        raise _unknown_choice(spec, text)
    return found


def _parse_choices(spec: FieldSpec, text: str) -> tuple[str, ...]:
    chosen: set[str] = set()
    for part in _split(text, SEPARATOR):
        found = spec.lookup.get(normalise(part))
        if found is None and "," in part:
            # Google Forms joins checkbox answers with ", ": accept that split only when
            # every piece is a known choice, so a name holding a comma is never cut.
            pieces = [spec.lookup.get(normalise(p)) for p in _split(part, ",")]
            if pieces and all(pieces):
                chosen.update(p for p in pieces if p)
                continue
        if found is None:
            raise _unknown_choice(spec, part)
        chosen.add(found)
    return tuple(c.id for c in spec.choices if c.id in chosen)  # content order: canonical


def _parse_words(text: str) -> tuple[str, ...]:
    words: dict[str, str] = {}
    for word in _split(text, SEPARATOR + ","):
        words.setdefault(normalise(word), " ".join(word.split()))
    return tuple(words.values())


def parse_value(spec: FieldSpec, raw: object) -> Value:
    """The clean value of one answer (text from a cell, or a JSON value); raises ``_Bad``."""
    kind = spec.field.type
    if isinstance(raw, bool):
        raise _Bad(f"expected {'a number' if kind == 'number' else 'text'}, got {raw}")
    if isinstance(raw, list | tuple):
        if kind not in ("multichoice", "list"):
            raise _Bad(f"expected one value, got a list of {len(raw)}")
        raw = SEPARATOR.join(str(item) for item in raw if item is not None)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = repr(raw) if isinstance(raw, float) else str(raw)
    # NUL bytes are never meaningful in an answer (and output writers rely on their absence).
    text = "" if raw is None else str(raw).replace("\x00", "").strip()
    if not text:
        if spec.field.required:
            raise _Bad("required, but empty")
        return () if kind in ("multichoice", "list") else None
    if kind == "number":
        return _parse_number(spec, text)
    if kind == "choice":
        parts = _split(text, SEPARATOR)
        if len(parts) > 1:
            raise _Bad(f"expected one {spec.what}, got {len(parts)}: '{text}'")
        return _one_choice(spec, text)
    if kind == "multichoice":
        return _parse_choices(spec, text)
    if kind == "list":
        return _parse_words(text)
    if kind == "email" and not _EMAIL.match(text):
        raise _Bad(f"expected an email address, got '{text}'")
    if kind == "text":
        text = " ".join(text.split())
    return text


# --- responses -------------------------------------------------------------------------

BoolMatrix = npt.NDArray[np.bool_]
FloatVector = npt.NDArray[np.float64]
IntVector = npt.NDArray[np.int64]


def _options(value: Value) -> tuple[str, ...]:
    """The option ids of a choice or multichoice answer."""
    if isinstance(value, str):
        return (value,)
    return value if isinstance(value, tuple) else ()


@dataclass(frozen=True)
class Responses:
    """The checked answers to one survey, one per person, column by column."""

    spec: SurveySpec
    file: str
    #: Where each response came from, for messages: ``"row 7"`` or ``"item 3"``.
    places: tuple[str, ...]
    values: dict[str, list[Value]]
    #: Things a person should know that do not stop the run (ignored columns, ...).
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.places)

    @property
    def role(self) -> Role:
        return self.spec.role

    @cached_property
    def ids(self) -> list[str]:
        return [str(v) for v in self.values["id"]]

    @cached_property
    def position(self) -> dict[str, int]:
        """Person id → index (exact id first; :meth:`find` also tries other case)."""
        return {person: n for n, person in enumerate(self.ids)}

    def find(self, person: str) -> int | None:
        person = person.strip()
        if person in self.position:
            return self.position[person]
        folded = {p.casefold(): n for p, n in self.position.items()}
        return folded.get(person.casefold())

    def text(self, field_id: str, index: int) -> str:
        value = self.values[field_id][index]
        return "" if value is None else str(value)

    def record(self, index: int) -> dict[str, Value]:
        return {name: column[index] for name, column in self.values.items()}

    def choice_matrix(self, field_id: str) -> BoolMatrix:
        """``[person, option]`` is True when the person chose that option."""
        spec = self.spec.by_id[field_id]
        k = len(spec.choices)
        column = self.values[field_id]
        if k > 62:  # too many options for a bit mask in an int64
            out = np.zeros((len(self), k), dtype=bool)
            for n, value in enumerate(column):
                out[n, [spec.index[c] for c in _options(value)]] = True
            return out
        # Answers repeat (people choose from a few options): one bit mask per distinct
        # answer, then a vectorised unpacking of the masks.
        mask_of: dict[Value, int] = {}

        def mask(value: Value) -> int:
            found = mask_of.get(value)
            if found is None:
                found = 0
                for option in _options(value):
                    found |= 1 << spec.index[option]
                mask_of[value] = found
            return found

        masks = np.fromiter((mask(v) for v in column), dtype=np.int64, count=len(column))
        return ((masks[:, None] >> np.arange(k, dtype=np.int64)) & 1).astype(bool)

    def numbers(self, field_id: str) -> FloatVector:
        """A number field as floats (NaN where not answered)."""
        return np.array(
            [np.nan if v is None else v for v in self.values[field_id]], dtype=np.float64
        )

    def numbers_at(self, field_id: str, index: int) -> float:
        """One person's answer to a number field (NaN if not answered)."""
        value = self.values[field_id][index]
        return float(value) if isinstance(value, float | int) else float("nan")

    def codes(self, field_id: str) -> IntVector:
        """A choice field as option positions (-1 where not answered)."""
        index = self.spec.by_id[field_id].index
        return np.array(
            [index[v] if isinstance(v, str) else -1 for v in self.values[field_id]],
            dtype=np.int64,
        )


@dataclass
class _Builder:
    """Collects parsed answers, column by column, and problems for one file."""

    spec: SurveySpec
    file: str
    problems: list[InputProblem] = dc_field(default_factory=list)
    places: list[str] = dc_field(default_factory=list)
    values: dict[str, list[Value]] = dc_field(default_factory=dict)
    notes: list[str] = dc_field(default_factory=list)
    _locate: dict[str, Callable[[int, str], InputProblem]] = dc_field(default_factory=dict)

    def column(
        self,
        field_id: str,
        raws: Sequence[object],
        problem_at: Callable[[int, str], InputProblem],
    ) -> None:
        """Parse one field's answers, one per response (in :attr:`places` order)."""
        spec = self.spec.by_id[field_id]
        # Answers repeat a lot ('monthly', 'Virtual meetings'): parse each spelling once.
        # JSON values are keyed with their type: True == 1 in Python, not as an answer.
        cache: dict[object, Value | _Bad] = {}
        out: list[Value] = []
        for n, raw in enumerate(raws):
            key = raw if type(raw) is str else (type(raw), repr(raw))
            found = cache.get(key, _UNSEEN)
            if found is _UNSEEN:
                try:
                    found = parse_value(spec, raw)
                except _Bad as bad:
                    found = bad
                cache[key] = found
            if isinstance(found, _Bad):
                self.problems.append(problem_at(n, str(found)))
                found = None
            out.append(found)  # type: ignore[arg-type]
        self.values[field_id] = out
        self._locate[field_id] = problem_at

    def file_problem(self, message: str, order: int = 0, where: str = "") -> None:
        self.problems.append(InputProblem(self.file, order, where, message))

    def missing_columns(self, present: set[str], unknown_headers: Sequence[str]) -> None:
        for spec in self.spec.required:
            if spec.id in present:
                continue
            hint = suggest(spec.id, unknown_headers) or suggest(spec.field.label, unknown_headers)
            self.file_problem(
                f"missing required column '{spec.id}' (or its question: "
                f"'{spec.field.label}'){hint}",
                1,
                "row 1",
            )

    def finish(self) -> Responses:
        for spec in self.spec.fields:
            if spec.id not in self.values:
                # A missing column is reported once, for the file, not once per row.
                empty: Value = () if spec.field.type in ("multichoice", "list") else None
                self.values[spec.id] = [empty] * len(self.places)
        self.values = {spec.id: self.values[spec.id] for spec in self.spec.fields}
        self._check_ids()
        if self.problems:
            raise InputError(self.problems)
        return Responses(self.spec, self.file, tuple(self.places), self.values, tuple(self.notes))

    def _check_ids(self) -> None:
        locate = self._locate.get("id")
        if locate is None:  # no id column: already reported as missing
            return
        seen: dict[str, int] = {}
        for n, person in enumerate(self.values["id"]):
            if not isinstance(person, str):
                continue
            first = seen.setdefault(person.casefold(), n)
            if first != n:
                self.problems.append(
                    locate(
                        n,
                        f"duplicate id '{person}' (already used in {self.places[first]}; "
                        "each person needs their own id)",
                    )
                )
        emails: dict[str, int] = {}
        for n, email in enumerate(self.values.get("email", [])):
            if isinstance(email, str):
                first = emails.setdefault(email.casefold(), n)
                if first != n:
                    self.notes.append(
                        f"{self.file}: {self.places[first]} and {self.places[n]} share the "
                        f"email {email} (if they are one person, keep one response)"
                    )


# --- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows is Windows-1252, not UTF-8.
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    """',' unless the header has none and uses tabs or ';' (Excel in many locales)."""
    if "," in header_line:
        return ","
    if "\t" in header_line:
        return "\t"
    if ";" in header_line:
        return ";"
    return ","


def _read_text(path: Path, name: str) -> str:
    """A survey file's text, decoded; an unreadable file is an ``InputError`` naming it."""
    try:
        return _decode(path.read_bytes())
    except OSError as error:
        raise InputError(
            [InputProblem(name, 0, "", f"cannot read the file ({error.strerror})")]
        ) from None


def read_csv(path: Path, spec: SurveySpec, display: str | None = None) -> Responses:
    """Read and check a survey spreadsheet saved as CSV; raise ``InputError`` on problems."""
    name = display or str(path)
    text = _read_text(path, name)
    return parse_csv(text, spec, name)


def parse_csv(text: str, spec: SurveySpec, file: str) -> Responses:
    """Check CSV text (see :func:`read_csv`)."""
    builder = _Builder(spec, file)
    row_numbers: list[int] = []
    first_line = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(rows)
    except StopIteration:
        header = []
    except csv.Error as error:
        raise InputError(
            [InputProblem(file, 1, "row 1", f"not a readable CSV file ({error})")]
        ) from None
    if not any(cell_.strip() for cell_ in header):
        builder.file_problem("the file is empty (expected a header row naming the survey's fields)")
        raise InputError(builder.problems)
    columns: dict[int, str] = {}
    present: dict[str, int] = {}
    unknown: list[str] = []
    for c, heading in enumerate(header):
        if not heading.strip():
            continue
        field_id = spec.field_for_header(heading)
        if field_id is None:
            unknown.append(heading.strip())
        elif field_id in present:
            builder.file_problem(
                f"column '{heading.strip()}' repeats column {column_letter(present[field_id])} "
                f"(both are {field_id}; keep one)",
                1,
                f"row 1, column {column_letter(c)}",
            )
        else:
            columns[c] = field_id
            present[field_id] = c
    builder.missing_columns(set(present), unknown)
    if unknown:
        builder.notes.append(
            f"{file}: ignored columns that are not {spec.role} survey fields: "
            + ", ".join(f"'{h}'" for h in unknown)
        )
    width = len(header)
    rows_kept: list[list[str]] = []
    try:
        for row_number, row in enumerate(rows, start=2):
            if not any(value.strip() for value in row):
                continue  # spreadsheets leave blank rows; they are not responses
            if len(row) > width and any(v.strip() for v in row[width:]):
                builder.file_problem(
                    f"has {len(row)} cells but the header names {width} columns",
                    row_number,
                    f"row {row_number}",
                )
            builder.places.append(f"row {row_number}")
            row_numbers.append(row_number)
            rows_kept.append(row)
    except csv.Error as error:
        builder.file_problem(f"not a readable CSV file ({error})", rows.line_num)
    for c, field_id in columns.items():

        def at(n: int, message: str, c: int = c, field_id: str = field_id) -> InputProblem:
            return cell(file, row_numbers[n], c, field_id, message)

        raws = [row[c] if c < len(row) else "" for row in rows_kept]
        builder.column(field_id, raws, at)
    return builder.finish()


# --- JSON --------------------------------------------------------------------------------


def _json_answers(item: dict[str, Any], spec: SurveySpec) -> tuple[dict[str, object], list[str]]:
    """Answers keyed by field id, from keys that are ids, questions or ``field.option``
    check boxes (the worksheet form naming); also the keys that match no field."""
    answers: dict[str, object] = {}
    boxes: dict[str, list[str]] = {}
    unknown: list[str] = []
    for key, value in item.items():
        field_id = spec.field_for_header(str(key))
        if field_id is None and "." in str(key):
            base, _, option = str(key).partition(".")
            base_id = spec.field_for_header(base)
            if base_id is not None and spec.by_id[base_id].field.type == "multichoice":
                if value is True or str(value).strip().casefold() in ("yes", "on", "true", "1"):
                    boxes.setdefault(base_id, []).append(option)
                else:
                    boxes.setdefault(base_id, [])
                continue
        if field_id is None:
            unknown.append(str(key))
        else:
            answers[field_id] = value
    for field_id, options in boxes.items():
        answers.setdefault(field_id, options)
    return answers, unknown


def parse_json(text: str, spec: SurveySpec, file: str) -> Responses:
    """Check JSON answers: one object, a list of objects, or ``{"answers": ...}`` (either,
    as the worksheet pages export them)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            [
                InputProblem(
                    file,
                    error.lineno,
                    f"line {error.lineno}, column {error.colno}",
                    f"not valid JSON ({error.msg})",
                )
            ]
        ) from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict | list):
        data = data["answers"]
    return parse_objects(data if isinstance(data, list) else [data], spec, file)


def parse_objects(
    items: Sequence[object],
    spec: SurveySpec,
    file: str,
    place: Callable[[int], str] = lambda n: f"item {n}",
) -> Responses:
    """Check responses given as objects keyed by field id, question text or ``field.option``
    check box; ``place(n)`` names the n-th (from 1) in messages."""
    builder = _Builder(spec, file)
    unknown: set[str] = set()
    kept: list[dict[str, object]] = []
    numbers: list[int] = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            builder.file_problem("expected an object of answers keyed by field id", n, place(n))
            continue
        answers, extra = _json_answers(item, spec)
        unknown.update(extra)
        builder.places.append(place(n))
        numbers.append(n)
        kept.append(answers)
    for field_spec in spec.fields:
        field_id = field_spec.id

        def at(k: int, message: str, field_id: str = field_id) -> InputProblem:
            n = numbers[k]
            return InputProblem(file, n, f"{place(n)}, field '{field_id}'", message)

        # A missing key is an empty answer.
        builder.column(field_id, [answers.get(field_id) for answers in kept], at)
    if unknown:
        builder.notes.append(
            f"{file}: ignored answers that are not {spec.role} survey fields: "
            + ", ".join(f"'{k}'" for k in sorted(unknown))
        )
    return builder.finish()


def read_json(path: Path, spec: SurveySpec, display: str | None = None) -> Responses:
    name = display or str(path)
    text = _read_text(path, name)
    return parse_json(text, spec, name)


#: Readers of other formats, by file suffix (survey PDFs register here).
READERS: dict[str, Callable[[Path, SurveySpec, str], Responses]] = {}


def read_responses(path: Path, spec: SurveySpec, display: str | None = None) -> Responses:
    """Read one file of answers to ``spec``'s survey: CSV (default), ``.json``, or any format
    in :data:`READERS`. Raises ``InputError`` with every problem."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([InputProblem(name, 0, "", "no such file")])
    if suffix == ".json":
        return read_json(path, spec, name)
    if suffix == ".pdf" and suffix not in READERS:
        from . import paper  # noqa: F401  (registers the PDF reader; imports WeasyPrint's side)
    if suffix in READERS:
        return READERS[suffix](path, spec, name)
    return read_csv(path, spec, name)


def combine(parts: Sequence[Responses]) -> Responses:
    """Responses from several files as one, checking ids are unique across files."""
    if not parts:
        raise ValueError("nothing to combine")
    spec = parts[0].spec
    if len(parts) == 1:
        return parts[0]
    problems: list[InputProblem] = []
    first: dict[str, tuple[Responses, int]] = {}
    for part in parts:
        for n, person in enumerate(part.ids):
            earlier = first.setdefault(person.casefold(), (part, n))
            if earlier != (part, n):
                where, k = earlier
                problems.append(
                    InputProblem(
                        part.file,
                        n,
                        f"{part.places[n]} (id)",
                        f"duplicate id '{person}' (already used in {where.file}, "
                        f"{where.places[k]}; each person needs their own id)",
                    )
                )
    if problems:
        raise InputError(problems)
    values = {f.id: [v for part in parts for v in part.values[f.id]] for f in spec.fields}
    places = tuple(f"{p.file} {place}" for p in parts for place in p.places)
    notes = tuple(note for part in parts for note in part.notes)
    return Responses(spec, ", ".join(p.file for p in parts), places, values, notes)


# --- detecting the survey and writing clean files ----------------------------------------


def headers_of(path: Path) -> list[str]:
    """The column headers of a CSV file, or the keys of a JSON file's answers (for
    :func:`detect_role`); empty when the file cannot be read (reading reports why)."""
    try:
        text = _decode(path.read_bytes())
    except OSError:
        return []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return []
        if isinstance(data, dict) and isinstance(data.get("answers"), dict | list):
            data = data["answers"]
        items = data if isinstance(data, list) else [data]
        return [str(k) for item in items if isinstance(item, dict) for k in item]
    if path.suffix.lower() == ".pdf":
        from .paper import pdf_field_names

        return pdf_field_names(path)
    first_line = text.split("\n", 1)[0]
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line)))
    except (StopIteration, csv.Error):
        return []


def detect_role(headers: Iterable[str], specs: dict[Role, SurveySpec]) -> Role | None:
    """Which survey a set of headers (or JSON keys) answers: the one whose own fields
    (those the other survey lacks) appear most; ``None`` if that does not decide."""
    keys = [h.split(".", 1)[0] for h in headers]
    found: dict[Role, int] = {}
    for role, spec in specs.items():
        other = specs["mentor" if role == "mentee" else "mentee"]
        own = {s.id for s in spec.fields} - {s.id for s in other.fields}
        found[role] = sum(1 for k in keys if spec.field_for_header(k) in own)
    if found["mentee"] == found["mentor"]:
        return None
    return max(found, key=lambda role: found[role])


def format_value(value: Value) -> str:
    """How a clean value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return SEPARATOR.join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def write_csv(responses: Responses, stream: io.TextIOBase | Any) -> None:
    """The clean spreadsheet: one column per field id, in survey order, values by id."""
    writer = csv.writer(stream, lineterminator="\n")
    fields = [spec.id for spec in responses.spec.fields]
    writer.writerow(fields)
    columns = [responses.values[f] for f in fields]
    for n in range(len(responses)):
        writer.writerow([format_value(column[n]) for column in columns])


def write_responses(responses: Responses, target: Path, outputs: Outputs) -> None:
    with outputs.open(target, newline="") as stream:
        write_csv(responses, stream)


def template_csv(spec: SurveySpec) -> str:
    """An empty survey spreadsheet: the header row of field ids."""
    return ",".join(s.id for s in spec.fields) + "\n"


def _json_number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def schema(spec: SurveySpec) -> dict[str, Any]:
    """The survey's fields, types and allowed values, for tools that make or check data."""
    fields: list[dict[str, Any]] = []
    for s in spec.fields:
        f = s.field
        entry: dict[str, Any] = {
            "id": f.id,
            "label": f.label,
            "type": f.type,
            "required": f.required,
        }
        if f.help:
            entry["help"] = f.help
        if f.type == "number":
            entry |= {
                "minimum": _json_number(f.minimum),
                "maximum": _json_number(f.maximum),
                "whole": f.whole,
            }
        if s.choices:
            entry["options_from"] = f.options_from
            entry["options"] = [{"id": c.id, "name": c.name} for c in s.choices]
        if f.type in ("multichoice", "list"):
            entry["separator"] = SEPARATOR
        fields.append(entry)
    return {
        "survey": spec.role,
        "title": spec.survey.title,
        "separator": SEPARATOR,
        "fields": fields,
    }
