"""The program's spreadsheets: rows written as CSV or ``.xlsx`` (by the output's name), and
read back.

A cell's text is data, never a formula: every text cell is written through
:func:`mentorguide.files.cells.neutral` (the readers in ``files/tables.py`` restore it), as
every other sheet the package writes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..files.cells import neutral
from ..files.inputs import InputError
from ..files.tables import WORKBOOK_SUFFIXES, Table, decode, delimited_rows, read_bytes
from ..files.tables import read_workbook as _read_workbook
from .errors import ProgramError

#: What a sheet's cell holds: text, a number, or nothing.
CellValue = str | float | int | None


def cell(value: CellValue) -> CellValue:
    """A value as it is written in a cell: text never read as a formula; numbers and empty
    cells as they are."""
    return neutral(value) if isinstance(value, str) else value


def is_workbook(target: str | Path) -> bool:
    return Path(str(target)).suffix.lower() in WORKBOOK_SUFFIXES


def write_sheet(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    *,
    workbook: bool,
    title: str = "Sheet1",
) -> None:
    """Write a header and rows to ``path``: an ``.xlsx`` workbook of one sheet named
    ``title`` (bold header, frozen) if ``workbook``, else UTF-8 CSV."""
    if not workbook:
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow([cell(h) for h in header])
            writer.writerows([cell(v) for v in row] for row in rows)
        return
    from openpyxl import Workbook  # only when a workbook is written
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: CellValue, font: Font | None = None) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=cell(value))
        if isinstance(value, str):
            written.data_type = "s"  # text, whatever it starts with
        if font is not None:
            written.font = font
        return written

    sheet.append([text_cell(h, bold) for h in header])
    for row in rows:
        sheet.append([text_cell(v) for v in row])
    book.save(path)


def read_sheet(path: Path, name: str) -> Table:
    """A CSV file's or an ``.xlsx`` workbook's first sheet as rows of text, each numbered as
    a spreadsheet program shows it (cells :func:`cell` wrote have their real value back)."""
    try:
        if is_workbook(path):
            table = _read_workbook(path, name)
        else:
            rows = list(delimited_rows(decode(read_bytes(path, name), name)))
            table = Table(rows, list(range(1, len(rows) + 1)))
    except InputError as error:
        raise ProgramError.of(str(p) for p in error.problems) from None
    except csv.Error as error:
        raise ProgramError(f"{name}: not a readable CSV file ({error})") from None
    return table
