"""Input problems located by file, row and column.

A coordinator fixes survey spreadsheets in a spreadsheet program, so problems name the row
number and column letter they see there (``mentees.csv, row 7, column G (career_goals)``),
not a line and character offset.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: More problems than this are summarised: a wrong column in 10,000 rows is one mistake.
SHOWN_PROBLEMS = 50


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, order=True)
class InputProblem:
    """One thing wrong with an input file; ``where`` is empty for the file as a whole."""

    file: str
    order: int  # sorts problems by row, in the order a person reads the file
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}, {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


def cell(file: str, row: int, column: int, field_id: str, message: str) -> InputProblem:
    """A problem in a spreadsheet cell (``row`` as numbered in a spreadsheet, header = 1)."""
    return InputProblem(
        file, row, f"row {row}, column {column_letter(column)} ({field_id})", message
    )


class InputError(Exception):
    """Bad input, every problem found at once; ``str()`` is the message for the person."""

    def __init__(self, problems: Iterable[InputProblem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]]
        hidden = len(self.problems) - len(lines)
        if hidden:
            lines.append(f"(and {hidden} more problems)")
        if len(self.problems) == 1:
            return lines[0]
        return f"{len(self.problems)} problems found:\n" + "\n".join(lines)


def not_a_file(path: Path) -> str | None:
    """Why ``path`` (which exists, or is a link) cannot be read as a file, or ``None``.

    Reading a FIFO waits for a writer forever and ``/dev/zero`` never ends, so inputs are
    checked before they are opened; a loop of symbolic links is named as such.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "is a symbolic link to a file that does not exist"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a loop of symbolic links, not a file"
        return f"cannot be read ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (a named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"
