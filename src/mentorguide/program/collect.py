"""``program collect``: the after-matching answers of many files, each tied to its pair by
the pair id or the two emails, recorded in one go, or nothing recorded at all.

Every file is read and every answer matched before anything is written; all the problems
found (file, row and column) are reported together, so a coordinator fixes them in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..files.inputs import InputError, InputProblem
from ..matching.spec import Role
from ..project.load import Project
from . import tables
from .answers import FORM_NAMES, MILESTONES, RawAnswer, form_specs, read_answers
from .checkins import (
    CheckIn,
    Evaluation,
    FitCheck,
    Milestone,
    Recorded,
    Source,
    record_answers,
)
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing
from .people import email_key


@dataclass(frozen=True)
class _PairRow:
    id: int
    status: str
    mentee: str
    """The email key of each."""
    mentor: str


@dataclass
class Collected:
    fit_checks: list[FitCheck] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recorded: Recorded | None = None


def _cycle_pairs(tx: Reading, cycle_id: str) -> list[_PairRow]:
    t, p = tables.pairs, tables.people
    mentee, mentor = p.alias("mentee"), p.alias("mentor")
    rows = tx.connection.execute(
        select(t.c.id, t.c.status, mentee.c.email_key.label("a"), mentor.c.email_key.label("b"))
        .join(mentee, mentee.c.id == t.c.mentee_id)
        .join(mentor, mentor.c.id == t.c.mentor_id)
        .where(t.c.cycle_id == cycle_id)
        .order_by(t.c.id)
    )
    return [_PairRow(row.id, row.status, row.a, row.b) for row in rows]


class _Pairs:
    """Finds an answer's pair: by its id, or by the mentee's and mentor's emails."""

    def __init__(self, cycle_id: str, rows: Sequence[_PairRow]) -> None:
        self.cycle_id = cycle_id
        self.by_id = {row.id: row for row in rows}
        self.by_text = {str(row.id): row for row in rows}
        self.by_emails: dict[tuple[str, str], _PairRow] = {}
        for row in rows:  # the pair going wins over an ended one of the same two people
            if row.status != "ended" or (row.mentee, row.mentor) not in self.by_emails:
                self.by_emails[(row.mentee, row.mentor)] = row

    def find(self, answer: RawAnswer, problems: list[InputProblem]) -> _PairRow | None:
        values = answer.values
        if "mentee_email" not in values and "mentor_email" not in values:
            found = self.by_text.get(values.get("pair_id", ""))
            if found is not None:  # the common case, checked first: a pair id alone
                return found
        given = str(values.get("pair_id") or "").strip()
        mentee = email_key(str(values["mentee_email"])) if "mentee_email" in values else ""
        mentor = email_key(str(values["mentor_email"])) if "mentor_email" in values else ""

        def problem(name: str, message: str) -> None:
            problems.append(
                InputProblem(answer.file, _order(answer), _where(answer, name), message)
            )

        if given:
            number = given[1:] if given[:1] in "#Pp" else given
            if not number.isdigit():
                problem("pair_id", f"'{given}' is not a pair id (a number, as in the introduction)")
                return None
            row = self.by_id.get(int(number))
            if row is None:
                problem("pair_id", f"there is no pair {int(number)} in {self.cycle_id}")
                return None
            for name, email, own in (
                ("mentee_email", mentee, row.mentee),
                ("mentor_email", mentor, row.mentor),
            ):
                if email and email != own:
                    problem(
                        name, f"pair {row.id} has {own} as its {name.split('_')[0]}, not {email}"
                    )
                    return None
            return row
        if not (mentee and mentor):
            problem(
                "pair_id"
                if not (mentee or mentor)
                else ("mentor_email" if mentee else "mentee_email"),
                "name the pair: give its pair id, or both the mentee's and the mentor's email",
            )
            return None
        row = self.by_emails.get((mentee, mentor))
        if row is None:
            problem("mentee_email", f"{mentee} and {mentor} are not a pair in {self.cycle_id}")
        return row


def _order(answer: RawAnswer) -> int:
    place = answer.place.split()
    return int(place[-1]) if place and place[-1].isdigit() else 0


def _where(answer: RawAnswer, name: str) -> str:
    return answer.where.get(name, answer.place)


def read_files(
    project: Project, files: Sequence[tuple[Path, str]]
) -> tuple[list[RawAnswer], list[str], list[InputProblem]]:
    """Every file's answers, notes and problems."""
    specs = form_specs(project)
    answers: list[RawAnswer] = []
    notes: list[str] = []
    problems: list[InputProblem] = []
    for path, display in files:
        try:
            read = read_answers(path, specs, display)
        except InputError as error:
            problems += error.problems
            continue
        answers += read.answers
        notes += read.notes
        problems += read.problems
    return answers, notes, problems


def tie_to_pairs(
    tx: Reading, cycle_id: str, answers: Sequence[RawAnswer], problems: list[InputProblem]
) -> Collected:
    """The complete answers as fit checks, check-ins and evaluations of the cycle's pairs;
    a problem added for each answer that names no pair of the cycle."""
    get_cycle(tx, cycle_id)
    pairs = _Pairs(cycle_id, _cycle_pairs(tx, cycle_id))
    collected = Collected()
    for answer in answers:
        if not answer.complete:
            continue  # its wrong answer is reported already
        row = pairs.find(answer, problems)
        if row is None:
            continue
        if row.status == "proposed":
            problems.append(
                InputProblem(
                    answer.file,
                    _order(answer),
                    answer.place,
                    f"pair {row.id} is only proposed, not confirmed (confirm it before "
                    f"collecting its {FORM_NAMES[answer.form]})",
                )
            )
            continue
        source = Source(answer.file, answer.place)
        v: dict[str, Any] = answer.values
        if answer.form == "fit-check":
            collected.fit_checks.append(
                FitCheck(
                    row.id,
                    _role(v),
                    v["continue"] == "yes",
                    v.get("met_on"),
                    v.get("what_worked", ""),
                    v.get("concern", ""),
                    source,
                )
            )
        elif answer.form == "check-in":
            met_on = v["met_on"]
            collected.check_ins.append(
                CheckIn(
                    row.id,
                    met_on,
                    v["stage"],
                    v.get("short_term_progress", ""),
                    v.get("long_term_progress", ""),
                    tuple(Milestone(text, day or met_on) for text, day in v.get(MILESTONES, [])),
                    v.get("next_meeting"),
                    v.get("for_coordinator", ""),
                    source,
                )
            )
        else:
            collected.evaluations.append(
                Evaluation(
                    row.id,
                    _role(v),
                    v["goals_reached"],
                    v["mentor_next_cycle"],
                    v.get("goals_detail", ""),
                    v.get("what_worked", ""),
                    v.get("what_to_change", ""),
                    source,
                )
            )
    return collected


def _role(values: dict[str, Any]) -> Role:
    role: Role = values["role"]
    return role


def collect(
    tx: Writing, cycle_id: str, project: Project, files: Sequence[tuple[Path, str]]
) -> Collected:
    """Read, tie and record the answers of ``files`` (path, name for messages) in the
    cycle. Any problem anywhere raises :class:`ProgramError` listing them all (file, row,
    column), and nothing is recorded."""
    answers, notes, problems = read_files(project, files)
    collected = tie_to_pairs(tx, cycle_id, answers, problems)
    if problems:
        raise ProgramError.of([str(p) for p in sorted(set(problems))])
    collected.notes = notes
    collected.recorded = record_answers(
        tx, cycle_id, collected.fit_checks, collected.check_ins, collected.evaluations
    )
    return collected
