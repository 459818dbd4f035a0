"""The cycle's sheets a coordinator works from: ``pairs`` (to edit and import back),
``roster`` (everyone enrolled, paired or not and why) and ``introductions`` (a mail-merge
sheet, one row per confirmed pair). Each is a header and rows, written by :mod:`.sheets`.

The headers are ids (``program import`` reads them back) and so are the values the program
file stores (statuses, roles); the words a person reads in a cell (why someone is unpaired,
"to agree at the first meeting") and the workbook's sheet names are the edition's
``program.*`` strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..content.load import Content
from ..edition.strings import Strings
from ..matching.scoring import SCORE_DECIMALS
from .cycles import get_cycle
from .documents import (
    FIRST_MEETING_BY,
    QUESTIONS,
    confirmed_documents,
    first_meeting_questions,
    option_names,
)
from .file import Reading
from .pairs import GOING, list_pairs
from .people import list_enrollments
from .sheets import CellValue
from .status import cycle_status

Sheet = Literal["pairs", "roster", "introductions"]
SHEETS: tuple[Sheet, ...] = ("pairs", "roster", "introductions")

#: The pairs sheet: what ``program import pairs`` reads back (the emails; the rest is to read).
PAIRS_HEADER = (
    "mentee_name",
    "mentee_email",
    "mentor_name",
    "mentor_email",
    "status",
    "score",
    "reasons",
)
ROSTER_HEADER = (
    "role",
    "name",
    "email",
    "paired_with",
    "paired_with_email",
    "pair_status",
    "why_unpaired",
    "enrolled_from",
)
INTRODUCTIONS_HEADER = (
    "mentee_name",
    "mentee_email",
    "mentor_name",
    "mentor_email",
    "sets_up_first_meeting",
    "sets_up_first_meeting_email",
    "frequency",
    "platform",
    *(f"question_{n}" for n in range(1, QUESTIONS + 1)),
    "agreement_file",
)


@dataclass(frozen=True)
class SheetRows:
    header: Sequence[str]
    rows: list[list[CellValue]]
    title: str
    """The workbook sheet's name."""


def export_rows(
    tx: Reading, content: Content | None, cycle_id: str, sheet: Sheet, *, strings: Strings
) -> SheetRows:
    """The rows of one of the cycle's sheets, their words those of ``strings`` (the
    project's); ``content``, the guide's, is needed for the introductions only."""
    cycle = get_cycle(tx, cycle_id).id
    title = strings(f"program.exports.title_{sheet}", cycle=cycle)
    if sheet == "pairs":
        return SheetRows(PAIRS_HEADER, _pairs(tx, cycle), title)
    if sheet == "roster":
        return SheetRows(ROSTER_HEADER, _roster(tx, cycle, strings), title)
    if content is None:
        raise ValueError("the introductions need the guide's content")
    return SheetRows(INTRODUCTIONS_HEADER, _introductions(tx, content, cycle, strings), title)


def _pairs(tx: Reading, cycle_id: str) -> list[list[CellValue]]:
    """Every going pair, mentor by mentor (a mentor's mentees together, as they are edited)."""
    pairs = sorted(
        list_pairs(tx, cycle_id, GOING),
        key=lambda p: (p.mentor.name.casefold(), p.mentor.email.lower(), p.id),
    )
    return [
        [
            p.mentee.name,
            p.mentee.email,
            p.mentor.name,
            p.mentor.email,
            p.status,
            None if p.score is None else round(p.score, SCORE_DECIMALS),
            "; ".join(p.reasons),
        ]
        for p in pairs
    ]


def _roster(tx: Reading, cycle_id: str, strings: Strings) -> list[list[CellValue]]:
    status = cycle_status(tx, get_cycle(tx, cycle_id), strings)
    why = {u.enrollment.person.id: u.reason for u in status.unpaired_mentees}
    why |= {u.enrollment.person.id: u.reason for u in status.unpaired_mentors}
    partners: dict[int, list[tuple[str, str, str]]] = {}
    for p in list_pairs(tx, cycle_id, GOING):
        partners.setdefault(p.mentee.id, []).append((p.mentor.name, p.mentor.email, p.status))
        partners.setdefault(p.mentor.id, []).append((p.mentee.name, p.mentee.email, p.status))
    rows: list[list[CellValue]] = []
    for e in list_enrollments(tx, cycle_id):
        theirs = partners.get(e.person.id, [])
        rows.append(
            [
                e.role,
                e.person.name,
                e.person.email,
                "; ".join(name for name, _, _ in theirs),
                "; ".join(email for _, email, _ in theirs),
                "; ".join(sorted({status for _, _, status in theirs})),
                why.get(e.person.id, ""),
                f"{e.source_file}, {e.source_place}" if e.source_place else e.source_file,
            ]
        )
    return rows


def _introductions(
    tx: Reading, content: Content, cycle_id: str, strings: Strings
) -> list[list[CellValue]]:
    # Said when the pair chose differently: they settle it when they meet.
    to_agree = strings("program.exports.to_agree")
    frequencies = option_names(content, "frequencies")
    platforms = option_names(content, "platforms")
    questions = list(first_meeting_questions(content))
    questions += [""] * (QUESTIONS - len(questions))
    rows: list[list[CellValue]] = []
    for doc in confirmed_documents(tx, cycle_id):
        pair = doc.pair
        host = pair.mentor if FIRST_MEETING_BY == "mentor" else pair.mentee
        agreed = doc.agreed_frequency
        shared = doc.shared_platforms
        rows.append(
            [
                pair.mentee.name,
                pair.mentee.email,
                pair.mentor.name,
                pair.mentor.email,
                host.name,
                host.email,
                frequencies.get(agreed, agreed) if agreed else to_agree,
                "; ".join(platforms.get(p, p) for p in shared) if shared else to_agree,
                *questions,
                doc.agreement,
            ]
        )
    return rows
