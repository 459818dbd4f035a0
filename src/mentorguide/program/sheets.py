"""The cycle's sheets after matching, as CSV or XLSX: ``program reminders`` (a mail-merge
sheet of the pairs to nudge, with what to ask) and ``program export checkins|evaluations``.

Every cell goes through :func:`_cell`, the one place a value becomes spreadsheet text, so
the formula neutralization of answers people typed is applied in one spot.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..files.outputs import Outputs
from .health import HEALTH_LABELS, CycleHealth, PairHealth

Cell = str | int | float | date | None
SHEET_SUFFIXES = (".csv", ".xlsx")

REMINDER_HEADER = (
    "pair_id",
    "mentee_name",
    "mentee_email",
    "mentor_name",
    "mentor_email",
    "reason",
    "last_check_in",
    "agreed_frequency",
    "what_to_ask",
)
CHECK_IN_HEADER = (
    "pair_id",
    "mentee_email",
    "mentor_email",
    "met_on",
    "stage",
    "short_term_progress",
    "long_term_progress",
    "milestones",
    "next_meeting",
    "for_coordinator",
    "source",
)
EVALUATION_HEADER = (
    "pair_id",
    "mentee_email",
    "mentor_email",
    "role",
    "goals_reached",
    "goals_detail",
    "what_worked",
    "what_to_change",
    "mentor_next_cycle",
    "source",
)


#: What a spreadsheet program takes for the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Cell) -> Cell:
    """A value as it goes into a sheet's cell: the one spot where what people typed is
    neutralized against formula injection (a text that would start a formula gets a leading
    apostrophe, so it stays text), until ``files/cells.py`` does this for every writer."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def reminder_rows(h: CycleHealth) -> list[list[Cell]]:
    """A row per running pair whose check-in is overdue, who have none yet, or whose fit
    check is missing (from either person)."""
    rows: list[list[Cell]] = []
    for p in h.pairs:
        if p.health == "ended":
            continue
        reasons, asks = _reasons(p)
        if not reasons:
            continue
        rows.append(
            [
                p.pair.id,
                p.pair.mentee.name,
                p.pair.mentee.email,
                p.pair.mentor.name,
                p.pair.mentor.email,
                "; ".join(reasons),
                p.last.met_on if p.last else None,
                p.frequency,
                " ".join(asks),
            ]
        )
    return rows


def _reasons(p: PairHealth) -> tuple[list[str], list[str]]:
    reasons: list[str] = []
    asks: list[str] = []
    if p.health in ("overdue", "no-check-in"):
        reasons.append(HEALTH_LABELS[p.health].lower())
        if p.last is None:
            asks.append("Have you had your first meeting? Please send a check-in after it.")
        else:
            asks.append(
                f"Your last check-in was on {p.last.met_on.isoformat()} and you agreed to meet "
                f"{p.frequency}: when do you meet next? Please send a check-in after it."
            )
    missing = p.fit_check_missing()
    if missing:
        who = " and ".join(missing)
        reasons.append(f"fit check missing ({who})")
        asks.append(
            f"After your first meeting, the {who} please fill in the fit check: "
            "do you want to continue with this pairing?"
        )
    return reasons, asks


def check_in_rows(h: CycleHealth) -> list[list[Cell]]:
    return [
        [
            p.pair.id,
            p.pair.mentee.email,
            p.pair.mentor.email,
            ci.met_on,
            ci.stage,
            ci.short_term_progress,
            ci.long_term_progress,
            "; ".join(m.milestone for m in ci.milestones),
            ci.next_meeting,
            ci.for_coordinator,
            str(ci.source),
        ]
        for p in h.pairs
        for ci in p.check_ins
    ]


def evaluation_rows(h: CycleHealth) -> list[list[Cell]]:
    return [
        [
            p.pair.id,
            p.pair.mentee.email,
            p.pair.mentor.email,
            e.role,
            e.goals_reached,
            e.goals_detail,
            e.what_worked,
            e.what_to_change,
            e.mentor_next_cycle,
            str(e.source),
        ]
        for p in h.pairs
        for e in p.evaluations
    ]


def sheet_bytes(suffix: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The sheet as a UTF-8 ``.csv`` (as ``survey collect`` writes them) or an ``.xlsx``
    workbook."""
    if suffix == ".xlsx":
        from openpyxl import Workbook  # only when a workbook is written

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append([_cell(h) for h in header])
        for row in rows:
            sheet.append([_cell(v) for v in row])
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([_cell(h) for h in header])
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return text.getvalue().encode("utf-8")


def sheet_suffix(target: str) -> str | None:
    """The sheet format a file name asks for, or None (then the caller says which work)."""
    suffix = Path(target).suffix.lower()
    return suffix if suffix in SHEET_SUFFIXES else None


def write_sheet(
    outputs: Outputs, target: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> None:
    suffix = sheet_suffix(target) or ".csv"
    outputs.write(target, sheet_bytes(suffix, header, rows))
