"""Input problems located by file, row and column, and outputs that appear all at once.

A coordinator fixes survey spreadsheets in a spreadsheet program, so problems name the row
number and column letter they see there (``mentees.csv, row 7, column G (career_goals)``),
not a line and character offset.

Outputs are written to temporary files next to their targets and moved into place together
at the end (``os.replace``), so an error or a crash never leaves a half-written file, nor a
``pairs.csv`` from this run beside a ``pairs.html`` from the last one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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


@dataclass
class Outputs:
    """Files being written for one command; :meth:`commit` moves them all into place.

    Use as a context manager: leaving it by an exception removes every temporary file and
    touches no target.
    """

    _pending: list[tuple[Path, Path]] = field(default_factory=list)

    def path(self, target: Path) -> Path:
        """A temporary path in ``target``'s folder (so the final rename is atomic)."""
        target = Path(target)
        folder = target.parent
        if not folder.is_dir():
            raise InputError(
                [InputProblem(str(target), 0, "", f"the folder {folder} does not exist")]
            )
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        temp = Path(name)
        self._pending.append((temp, target))
        return temp

    def directory(self, target: Path) -> Path:
        """A temporary folder next to ``target``: on commit it becomes ``target``, or, if
        ``target`` exists, its files are moved into it (other files there are kept)."""
        target = Path(target)
        parent = target.parent
        if not parent.is_dir():
            raise InputError(
                [InputProblem(str(target), 0, "", f"the folder {parent} does not exist")]
            )
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
        self._pending.append((temp, target))
        return temp

    @contextmanager
    def open(self, target: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
        """A text file (UTF-8) to write ``target``'s content into."""
        with self.path(target).open("w", encoding="utf-8", newline=newline) as stream:
            yield stream

    def commit(self) -> None:
        for temp, target in self._pending:
            if temp.is_dir() and target.is_dir():
                # Never delete a folder the person already has (it may hold other files):
                # move each new file into it, replacing only same-named ones.
                for item in sorted(temp.iterdir()):
                    os.replace(item, target / item.name)
                temp.rmdir()
            else:
                os.replace(temp, target)
        self._pending.clear()

    def discard(self) -> None:
        for temp, _ in self._pending:
            if temp.is_dir():
                shutil.rmtree(temp, ignore_errors=True)
            else:
                temp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        # Only an explicit commit publishes anything; leaving otherwise cleans up.
        self.discard()
