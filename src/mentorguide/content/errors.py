"""Content problems, reported all at once as ``file:line:col: path: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located precisely enough to jump to it in an editor."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(Exception):
    """Raised once with every problem found, so an editor fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in the content.")
        return "\n".join(lines)


def suggest(wrong: str, allowed: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close, case-insensitive match exists, else ``''``."""
    close = closest(wrong, allowed)
    return f" (did you mean '{close}'?)" if close is not None else ""


def closest(wrong: str, allowed: Iterable[str]) -> str | None:
    """The allowed value ``wrong`` most likely meant (case-insensitive), if one is close: for
    a message that says so in its own words."""
    by_folded = {choice.casefold(): choice for choice in allowed}
    if wrong.casefold() in by_folded:
        return by_folded[wrong.casefold()]
    close = difflib.get_close_matches(wrong.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def one_of(allowed: Iterable[str]) -> str:
    """A readable list of allowed values: ``'a', 'b' or 'c'``."""
    quoted = [f"'{value}'" for value in allowed]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
