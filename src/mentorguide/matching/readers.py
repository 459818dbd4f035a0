"""Reading sign-up survey responses from the files people have: CSV, JSON and filled PDFs.

The surveys are defined in ``content/surveys.yml``; choices come from the controlled lists in
``content/``. People fill surveys in many tools, so reading is forgiving about form and strict
about meaning:

* headers may be the field id or the question text (``label``), in any case and spacing;
* choices may be given by id (``sterile-compounding``) or name (``Sterile compounding``), in
  any case; several choices are separated by ``;`` (or by ``,``, as Google Forms exports
  them, when that splits the cell into known choices);
* UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode Text"), Windows-1252,
  ``.xlsx`` workbooks (Excel, Microsoft Forms), Windows line ends, ``;``- or tab-separated
  files, blank rows and trailing spaces are all accepted (:mod:`mentorguide.files.tables`).

Anything that cannot be understood is a problem naming file, row and column, with the
allowed values and a suggestion; every problem in the input is reported at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from ..files.inputs import InputError, InputProblem, cell, column_letter
from ..files.limits import MAX_JSON_BYTES, LimitError, load_json, size_problem
from ..files.tables import WORKBOOK_SUFFIXES, decode, delimited_rows, read_bytes, read_workbook
from ..pdf.fill import read_values
from ..pdf.finisher import INFO_KEY
from ..worksheets.normalize import FormShape, given_answers, ticked, unwrap
from ..worksheets.surveys import SURVEY_SLUGS
from .responses import Responses, ResponsesBuilder
from .spec import Role, SurveySpec


def _read_text(path: Path, name: str) -> str:
    """A survey file's text, decoded (:func:`~mentorguide.files.tables.decode`)."""
    return decode(read_bytes(path, name), name)


def read_csv(path: Path, spec: SurveySpec, display: str | None = None) -> Responses:
    """Read and check a survey spreadsheet: CSV (any of the encodings people's programs
    save) or an ``.xlsx`` workbook's first sheet; raise ``InputError`` on problems."""
    name = display or str(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        table = read_workbook(path, name)
        return parse_table(_without_forms_columns(table.rows, spec), table.numbers, spec, name)
    return parse_csv(_read_text(path, name), spec, name)


#: The columns Microsoft Forms puts before the questions of every export.
_FORMS_COLUMNS = ("id", "start time", "completion time", "email", "name", "last modified time")


def _without_forms_columns(rows: list[list[str]], spec: SurveySpec) -> list[list[str]]:
    """A Microsoft Forms export with Forms' own columns (the response number "ID", times,
    and the signed-in account's "Email" and "Name" when the survey asks for its own)
    unnamed, so they are not taken for the survey's answers."""
    if not rows or [h.strip().casefold() for h in rows[0][:3]] != list(_FORMS_COLUMNS[:3]):
        return rows
    header = list(rows[0])
    asked = [spec.field_for_header(h) for h in header]
    for c, heading in enumerate(header[: len(_FORMS_COLUMNS)]):
        key = heading.strip().casefold()
        if key not in _FORMS_COLUMNS:
            break
        own = spec.field_for_header(heading)
        if key in ("email", "name") and own is not None and asked.count(own) == 1:
            continue  # the account's details are the only answer to that question
        header[c] = ""
    return [header, *rows[1:]]


def parse_csv(text: str, spec: SurveySpec, file: str) -> Responses:
    """Check CSV text (see :func:`read_csv`)."""
    rows: list[list[str]] = []
    reader = delimited_rows(text)
    late: tuple[str, int] | None = None
    try:
        rows.extend(reader)
    except csv.Error as error:
        if not rows:
            raise InputError(
                [InputProblem(file, 1, "row 1", f"not a readable CSV file ({error})")]
            ) from None
        late = (f"not a readable CSV file ({error})", getattr(reader, "line_num", 0))
    # A record's number counts records, as a spreadsheet program numbers its rows.
    return parse_table(rows, list(range(1, len(rows) + 1)), spec, file, late)


def parse_table(
    table: list[list[str]],
    numbers: list[int],
    spec: SurveySpec,
    file: str,
    late: tuple[str, int] | None = None,
) -> Responses:
    """Check a sheet's rows of text, the first the header; ``numbers`` are the rows'
    numbers in the spreadsheet, ``late`` a problem found part way through reading it."""
    builder = ResponsesBuilder(spec, file)
    row_numbers: list[int] = []
    header = table[0] if table else []
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
    for row, row_number in zip(table[1:], numbers[1:], strict=True):
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
    if late is not None:
        builder.file_problem(late[0], late[1])
    for c, field_id in columns.items():

        def at(n: int, message: str, c: int = c, field_id: str = field_id) -> InputProblem:
            return cell(file, row_numbers[n], c, field_id, message)

        raws = [row[c] if c < len(row) else "" for row in rows_kept]
        builder.column(field_id, raws, at)
    return builder.finish()


def _json_answers(item: dict[str, Any], spec: SurveySpec) -> tuple[dict[str, object], list[str]]:
    """Answers keyed by field id, from keys that are ids, questions or ``field.option``
    check boxes (the worksheet form naming); also the keys that match no field."""
    answers: dict[str, object] = {}
    boxes: dict[str, list[str]] = {}
    unknown: list[str] = []
    for given in given_answers(item, _shape(spec)):
        if given.kind == "box":
            ticks = boxes.setdefault(given.field, [])
            if ticked(given.value):
                ticks.append(str(given.part))
        elif given.kind == "unknown":
            unknown.append(given.name)
        else:
            answers[given.name] = given.value
    for field_id, options in boxes.items():
        answers.setdefault(field_id, options)
    return answers, unknown


def _shape(spec: SurveySpec) -> FormShape:
    """A survey's form as its JSON is read: a key may be a question, and a list is a
    multiple choice's one answer (its options are checked, by id or name, as a cell's are)."""
    multichoice = {s.id: s.field.type for s in spec.fields if s.field.type == "multichoice"}
    return FormShape(multichoice, spec.field_for_header, expand=False)


def json_data(text: str, file: str) -> Any:
    """The data of a JSON file someone gave us, within the limits of ``files/limits.py``;
    ``InputError`` at the line and column of what is wrong."""
    try:
        return load_json(text)
    except LimitError as error:
        where = f"line {error.line}, column {error.column}"
        raise InputError([InputProblem(file, error.line, where, error.message)]) from None
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


def read_json_text(path: Path, name: str) -> str:
    """A JSON file's text, refused past ``MAX_JSON_BYTES`` before it is read."""
    too_big = size_problem(path.stat().st_size, MAX_JSON_BYTES) if path.is_file() else None
    if too_big:
        raise InputError([InputProblem(name, 0, "", too_big)])
    return _read_text(path, name)


def parse_json(text: str, spec: SurveySpec, file: str) -> Responses:
    """Check JSON answers: one object, a list of objects, or ``{"answers": ...}`` (either,
    as the worksheet pages export them)."""
    data = json_data(text, file)
    if isinstance(data, dict):
        data, _ = unwrap(data, lists=True)
    return parse_objects(data if isinstance(data, list) else [data], spec, file)


def parse_objects(
    items: Sequence[object],
    spec: SurveySpec,
    file: str,
    place: Callable[[int], str] = lambda n: f"item {n}",
) -> Responses:
    """Check responses given as objects keyed by field id, question text or ``field.option``
    check box; ``place(n)`` names the n-th (from 1) in messages."""
    builder = ResponsesBuilder(spec, file)
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
    return parse_json(read_json_text(path, name), spec, name)


def read_responses(path: Path, spec: SurveySpec, display: str | None = None) -> Responses:
    """Read one file of answers to ``spec``'s survey: CSV (default), an ``.xlsx`` workbook,
    ``.json`` or a filled survey ``.pdf``. Raises ``InputError`` with every problem."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([InputProblem(name, 0, "", "no such file")])
    if suffix == ".xls":
        raise InputError(
            [InputProblem(name, 0, "", "an old Excel .xls file: save it as .xlsx or CSV")]
        )
    if suffix == ".json":
        return read_json(path, spec, name)
    if suffix == ".pdf":
        return read_pdf(path, spec, name)
    return read_csv(path, spec, name)


def role_of_file(path: Path, specs: dict[Role, SurveySpec]) -> Role | None:
    """Which survey a file answers: a survey PDF records it; otherwise the file's headers
    (or field names) tell (:func:`detect_role`). ``None`` when that does not decide."""
    if path.suffix.lower() == ".pdf":
        try:
            values, slug = _pdf_values(path.read_bytes(), str(path))
        except (InputError, OSError):
            return None
        for role, survey_slug in SURVEY_SLUGS.items():
            if slug == survey_slug:  # the PDF says which survey it is: trust that
                return role
        return detect_role(values, specs)
    return detect_role(_headers_of(path), specs)


def _headers_of(path: Path) -> list[str]:
    """The column headers of a spreadsheet, or the keys of a JSON file's answers (for
    :func:`detect_role`); empty when the file cannot be read (reading reports why), an
    ``InputError`` when it is past a limit of ``files/limits.py``."""
    if path.suffix.lower() == ".json" and path.is_file():
        too_big = size_problem(path.stat().st_size, MAX_JSON_BYTES)
        if too_big:  # said now: telling the survey apart would read it all
            raise InputError([InputProblem(str(path), 0, "", too_big)])
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            rows = read_workbook(path, str(path)).rows
            return rows[0] if rows else []
        text = decode(read_bytes(path, str(path)), str(path))
    except InputError:
        return []
    if path.suffix.lower() == ".json":
        try:
            data = load_json(text)
        except LimitError as error:
            where = f"line {error.line}, column {error.column}"
            raise InputError([InputProblem(str(path), error.line, where, error.message)]) from None
        except json.JSONDecodeError:
            return []  # reading it reports the problem
        if isinstance(data, dict):
            data, _ = unwrap(data, lists=True)
        items = data if isinstance(data, list) else [data]
        return [str(k) for item in items if isinstance(item, dict) for k in item]
    try:
        return next(delimited_rows(text))
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


# --- filled survey PDFs -----------------------------------------------------------------


def _decrypted(data: bytes, name: str) -> bytes:
    """The PDF itself, or, if it is encrypted with an empty password (a viewer's "protect
    from editing", some scanners), a decrypted copy to read its form from."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if not reader.is_encrypted:
            return data
        if not reader.decrypt(""):
            raise InputError(
                [
                    InputProblem(
                        name,
                        0,
                        "",
                        "the PDF is protected by a password: open it, save a copy without "
                        "the password, and collect that copy",
                    )
                ]
            )
        copy = io.BytesIO()
        PdfWriter(clone_from=reader).write(copy)
    except (PdfReadError, KeyError, TypeError, ValueError, OSError):
        return data  # not readable as a PDF: reading the fields says so
    return copy.getvalue()


def _pdf_values(data: bytes, name: str) -> tuple[dict[str, object], str]:
    """A filled worksheet PDF's field values, and the worksheet slug it records."""
    data = _decrypted(data, name)
    try:
        values = read_values(data)
        metadata: Any = PdfReader(io.BytesIO(data)).metadata or {}
    except (PdfReadError, KeyError, TypeError, ValueError, OSError):
        raise InputError(
            [InputProblem(name, 0, "", "not a fillable survey PDF (no form fields found)")]
        ) from None
    return dict(values), str(metadata.get(f"/{INFO_KEY}", ""))


def pdf_values(data: bytes, name: str) -> tuple[dict[str, object], str]:
    """A filled worksheet PDF's field values and the worksheet slug it records (any
    worksheet's: ``program collect`` reads the after-matching ones)."""
    return _pdf_values(data, name)


def read_pdf(path: Path, spec: SurveySpec, display: str) -> Responses:
    """One person's answers from a filled survey PDF."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            [InputProblem(display, 0, "", f"cannot read the file ({error.strerror})")]
        ) from None
    values, slug = _pdf_values(data, display)
    expected = SURVEY_SLUGS[spec.role]
    if slug and slug != expected:
        other = next((r for r, s in SURVEY_SLUGS.items() if s == slug), None)
        what = f"the {other} survey" if other else f"the '{slug}' worksheet"
        raise InputError(
            [InputProblem(display, 0, "", f"this PDF is {what}, not the {spec.role} survey")]
        )
    # Empty text fields and unticked boxes are simply unanswered.
    answers = {k: v for k, v in values.items() if v not in ("", False)}
    return parse_objects([answers], spec, display, lambda n: "the form")
