"""What goes wrong with a program file, said in one line a coordinator can act on."""

from __future__ import annotations

from collections.abc import Iterable

from ..files.inputs import SHOWN_PROBLEMS

#: Said when another command holds the program file; the same words for SQLite and PostgreSQL.
BUSY = "the program file is busy (another mentorguide command is using it); try again"


class ProgramError(Exception):
    """A user-facing failure: ``str()`` is the message, one line per problem, no traceback.

    A command that checks many records raises once with every problem it found, so a
    coordinator fixes them all in one pass; nothing was changed.
    """

    def __init__(self, problem: str, *more: str) -> None:
        self.problems = (problem, *more)
        super().__init__(self.report())

    @classmethod
    def of(cls, problems: Iterable[str]) -> ProgramError:
        """One error for a non-empty list of problems, in the order they were found."""
        first, *rest = problems
        return cls(first, *rest)

    def report(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        lines = list(self.problems[:SHOWN_PROBLEMS])
        hidden = len(self.problems) - len(lines)
        if hidden:
            lines.append(f"(and {hidden} more problems)")
        return f"{len(self.problems)} problems found:\n" + "\n".join(lines)
