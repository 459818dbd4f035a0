"""Dates as people write them: ISO ``YYYY-MM-DD`` (what answers store) or the society's own
form, ``MM/DD/YYYY`` (US, the default) or ``DD/MM/YYYY`` (Spanish), from the interface
strings (``worksheet.date_format``). ``assets/worksheet.js`` reads dates the same way."""

from __future__ import annotations

import datetime as dt
import re

#: The local forms a society can choose (``worksheet.date_format`` in its strings).
LOCAL_FORMS = ("MM/DD/YYYY", "DD/MM/YYYY")
DEFAULT_FORM = "MM/DD/YYYY"

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# 1/5/2026, 01/05/2026, 01.05.2026 and 01-05-2026: slashes, dots or dashes, as typed.
_LOCAL = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def local_form(text: str) -> str:
    """``text`` if it is a form this module reads, else the default (a typo in a society's
    strings must not make every date unreadable)."""
    return text if text in LOCAL_FORMS else DEFAULT_FORM


def iso_date(text: str, form: str = DEFAULT_FORM) -> str | None:
    """``text`` as ``YYYY-MM-DD`` when it is a real date in ISO or the ``form`` given."""
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        local = _LOCAL.match(text)
        if local is None:
            return None
        first, second, year = (int(part) for part in local.groups())
        month, day = (first, second) if local_form(form) == "MM/DD/YYYY" else (second, first)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
