"""Sign-up survey responses, checked: each answer parsed against its field (numbers, one
or several choices, free words), stored column by column for scoring.

Anything that cannot be understood is a problem naming file, row and column, with the
allowed values and a suggestion; every problem in the input is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ..content.errors import one_of, suggest
from ..content.fields import EMAIL_PATTERN, PARTICIPANT_ID_PATTERN
from ..files.inputs import InputError, InputProblem
from .fields import EMAIL, ID
from .spec import SEPARATOR, FieldSpec, Role, SurveySpec, normalize

#: A clean answer: text, a number, one option id, several option ids or list words, or None.
Value = str | float | tuple[str, ...] | None


_EMAIL = re.compile(EMAIL_PATTERN)
_PARTICIPANT_ID = re.compile(PARTICIPANT_ID_PATTERN)
#: A number as people type it: digits, perhaps a sign and a decimal point (``12``, ``-0.5``,
#: ``.5``), never Python's extras (``1_0``, ``1e3``, ``inf``).
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
#: Thousands separated by commas (``1,000``, ``12,500,000``) or, with points, the European
#: way (``1.000.000``, with at least two groups so ``1.000`` stays one).
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_THOUSANDS_POINTS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$")
#: A decimal comma (``1,5``): a comma not followed by exactly three digits.
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,(?!\d{3}$)\d+$")


def plain_number(text: str) -> float | None:
    """The number ``text`` writes, read strictly; ``None`` if it is not one.

    ``1,000`` is a thousand (not 1, as a decimal comma would make it), ``1,5`` is one and a
    half, ``1.000.000`` a million; ``1_0``, ``1e3``, ``0x10`` and ``inf`` are not numbers.
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _THOUSANDS_POINTS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if not _PLAIN_NUMBER.match(text):
        return None
    return float(text)


# --- parsing answers -------------------------------------------------------------------


class _Bad(Exception):
    """A cell's value cannot be read; the message says why."""


_UNSEEN = object()


def _split(text: str, separators: str) -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", text)
    return [part.strip() for part in parts if part.strip()]


def _parse_number(spec: FieldSpec, text: str) -> float:
    field_ = spec.field
    number = plain_number(text)
    if number is None:
        whole = " whole" if field_.whole else ""
        raise _Bad(f"expected a{whole} number, got '{text}'")
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
    found = spec.lookup.get(normalize(text))
    if found is None:
        raise _unknown_choice(spec, text)
    return found


def _parse_choices(spec: FieldSpec, text: str) -> tuple[str, ...]:
    chosen: set[str] = set()
    for part in _split(text, SEPARATOR):
        found = spec.lookup.get(normalize(part))
        if found is None and "," in part:
            # Google Forms joins checkbox answers with ", ": accept that split only when
            # every piece is a known choice, so a name holding a comma is never cut.
            pieces = [spec.lookup.get(normalize(p)) for p in _split(part, ",")]
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
        words.setdefault(normalize(word), " ".join(word.split()))
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
        # Digits only (no exponent), so the strict number reader takes a JSON number as is.
        raw = np.format_float_positional(raw, trim="-") if isinstance(raw, float) else str(raw)
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
    if spec.id == ID and not _PARTICIPANT_ID.match(text):
        raise _Bad(f"expected an id that starts with a letter or digit, got '{text}'")
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
        return [str(v) for v in self.values[ID]]

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
class ResponsesBuilder:
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
        locate = self._locate.get(ID)
        if locate is None:  # no id column: already reported as missing
            return
        seen: dict[str, int] = {}
        for n, person in enumerate(self.values[ID]):
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
        for n, email in enumerate(self.values.get(EMAIL, [])):
            if isinstance(email, str):
                first = emails.setdefault(email.casefold(), n)
                if first != n:
                    self.notes.append(
                        f"{self.file}: {self.places[first]} and {self.places[n]} share the "
                        f"email {email} (if they are one person, keep one response)"
                    )


# --- CSV ---------------------------------------------------------------------------------


# --- JSON --------------------------------------------------------------------------------


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
