"""Spreadsheets as the files people really have: rows of text from CSV (UTF-8 with or
without a byte-order mark, UTF-16 as Excel's "Unicode Text" saves it, Windows-1252; comma,
semicolon or tab separated) and from ``.xlsx`` workbooks (Excel, Microsoft Forms exports).

Every row comes back as a list of cell texts with the number a spreadsheet program shows
for it, so problems can name the row a person sees.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cells import restored
from .inputs import InputError, InputProblem

#: Suffixes read as workbooks; anything else is read as delimited text.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Table:
    """A sheet's rows of text; ``numbers[k]`` is the row number of ``rows[k]`` as a
    spreadsheet program shows it (header = 1)."""

    rows: list[list[str]]
    numbers: list[int]


def _problem(name: str, message: str, row: int = 0, where: str = "") -> InputError:
    return InputError([InputProblem(name, row, where, message)])


def _looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 text without a byte-order mark (mostly ASCII, so
    every other byte is NUL), else ``None``."""
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.2 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.2 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str) -> str:
    """A text file's characters: UTF-16 (by its byte-order mark, or by its NUL bytes),
    UTF-8 (a byte-order mark is dropped), or else Windows-1252 (Excel's plain "CSV")."""
    if data.startswith(_UTF16_BOMS) or _looks_utf16(data):
        encoding = "utf-16" if data.startswith(_UTF16_BOMS) else _looks_utf16(data)
        try:
            return data.decode(encoding or "utf-16")
        except UnicodeDecodeError as error:
            raise _problem(name, f"not readable UTF-16 text ({error.reason})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def delimiter(header_line: str) -> str:
    """',' unless the header has none and uses tabs or ';' (Excel in many locales)."""
    for candidate in (",", "\t", ";"):
        if candidate in header_line:
            return candidate
    return ","


def read_bytes(path: Path, name: str) -> bytes:
    """A file's bytes; an unreadable file is an ``InputError`` naming it."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise _problem(name, f"cannot read the file ({error.strerror})") from None


def delimited_rows(text: str) -> Iterator[list[str]]:
    """The records of delimited text (``csv.Error`` is the caller's to report)."""
    first_line = text.split("\n", 1)[0]
    return _RestoredRows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first_line)))


class _RestoredRows:
    """A CSV reader's rows with the cells our writers neutralized against formula injection
    given their real value back (``line_num`` as the reader's, for messages)."""

    def __init__(self, reader: Iterator[list[str]]) -> None:
        self.reader = reader

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        return [restored(cell) for cell in next(self.reader)]

    @property
    def line_num(self) -> int:
        return int(getattr(self.reader, "line_num", 0))


def _cell_text(value: object) -> str:
    """What a workbook cell shows, as text: whole numbers without ``.0``, dates as
    YYYY-MM-DD, true/false as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    # The one place workbook text enters the program: cells our writers neutralized against
    # formula injection get their real value back.
    return restored(text)


def read_workbook(path: Path, name: str) -> Table:
    """The first sheet of an ``.xlsx`` workbook, as rows of text (blank rows skipped)."""
    from openpyxl import load_workbook  # only when a workbook is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else None
        raise _problem(
            name,
            f"cannot read the file ({detail})"
            if detail
            else "not a readable .xlsx workbook (if it is protected by a password, save a "
            "copy without one)",
        ) from None
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        numbers: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(v) for v in values]
            while texts and not texts[-1].strip():
                texts.pop()
            if not texts and number > 1:
                continue
            rows.append(texts)
            numbers.append(number)
    finally:
        book.close()
    return Table(rows, numbers)
