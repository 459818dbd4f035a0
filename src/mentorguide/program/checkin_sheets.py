"""The cycle's sheets after matching, as CSV or XLSX: ``program reminders`` (a mail-merge
sheet of the pairs to nudge, with what to ask) and ``program export checkins|evaluations``.

The rows are written by :func:`mentorguide.program.sheets.write_sheet`, whose one cell
function keeps what people typed from being taken for a formula.

The reminder sheet's reasons, frequency and what to ask are the edition's words
(``program.checkin_sheets.*``, the report's frequency names); the exports hold the answers as
they were collected, with the ids the program file stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..edition.strings import Strings
from ..files.outputs import Outputs
from .documents import how_often
from .health import CycleHealth, PairHealth
from .sheets import CellValue, is_workbook
from .sheets import write_sheet as write_rows

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


def _value(value: Cell) -> CellValue:
    """A date as ISO text; the rest as it is."""
    return value.isoformat() if isinstance(value, date) else value


def reminder_rows(h: CycleHealth, strings: Strings) -> list[list[Cell]]:
    """A row per running pair whose check-in is overdue, who have none yet, or whose fit
    check is missing (from either person), in the words of ``strings`` (the project's)."""
    rows: list[list[Cell]] = []
    for p in h.pairs:
        if p.health == "ended":
            continue
        reasons, asks = _reasons(p, strings)
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
                # Named as the report's "Agreed frequency" column names it.
                strings(f"report.frequency.{p.frequency}"),
                " ".join(asks),
            ]
        )
    return rows


def _reasons(p: PairHealth, t: Strings) -> tuple[list[str], list[str]]:
    reasons: list[str] = []
    asks: list[str] = []
    if p.health in ("overdue", "no-check-in"):
        reasons.append(t(f"program.checkin_sheets.reason.{p.health.replace('-', '_')}"))
        if p.last is None:
            asks.append(t("program.checkin_sheets.ask.first_meeting"))
        else:
            asks.append(
                t(
                    "program.checkin_sheets.ask.next_meeting",
                    date=p.last.met_on.isoformat(),
                    often=how_often(t, p.frequency, {}),
                )
            )
    missing = p.fit_check_missing()
    if missing:
        # One of them, or both: each language says it in its own sentence.
        who = missing[0] if len(missing) == 1 else "both"
        reasons.append(
            t(
                "program.checkin_sheets.reason.fit_check_missing",
                who=t(f"program.checkin_sheets.who.{who}"),
            )
        )
        asks.append(t(f"program.checkin_sheets.ask.fit_check_{who}"))
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


def sheet_suffix(target: str) -> str | None:
    """The sheet format a file name asks for, or None (then the caller says which work)."""
    suffix = Path(target).suffix.lower()
    return suffix if suffix in SHEET_SUFFIXES else None


def write_sheet(
    outputs: Outputs, target: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> None:
    """Stage the sheet in ``outputs``: ``.xlsx`` if ``target`` is named so, else CSV."""
    with outputs.file(target, "-o") as path:
        written = ([_value(v) for v in row] for row in rows)
        write_rows(path, header, written, workbook=is_workbook(target))
