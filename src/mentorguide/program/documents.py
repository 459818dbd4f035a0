"""What a confirmed pair is sent: the words of their introduction (who sets up the first
meeting, how often and how they meet, questions to start with) and their file names.

Each fact is taken from the guide's content, never typed here: the frequencies and
platforms from ``options.yml``, the first-meeting questions from the question bank
(``questions.yml``), and who sets up the first meeting from the guide's advice that "the
mentor initiate the first conversation" (docs/conversations.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.lists import ListName
from ..content.load import Content
from ..edition.strings import Strings
from ..files.targets import file_part
from ..matching import fields as f
from ..matching.responses import Value
from ..matching.spec import Role
from ..project.load import Project
from .file import Reading
from .pairs import Pair, list_pairs
from .people import Enrollment, list_enrollments

if TYPE_CHECKING:  # the PDF side is imported only when an agreement is made
    from ..pdf.worksheet import Paper

#: Who the guide says sets up the first meeting.
FIRST_MEETING_BY: Role = "mentor"
#: The mentorship stage (stages.yml) of a first meeting, and how many questions to suggest.
FIRST_STAGE = "initiation"
QUESTIONS = 3
#: How often each frequency (options.yml) meets, as an RFC 5545 recurrence: (FREQ, INTERVAL).
RECURRENCE: dict[str, tuple[str, int]] = {
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
}
#: Days between meetings, to choose the less frequent of two (unknown ids: monthly).
_DAYS = {"WEEKLY": 7, "MONTHLY": 30}


@dataclass(frozen=True)
class PairDocuments:
    """A confirmed pair, both people's survey answers, and their files' names."""

    pair: Pair
    mentee: Mapping[str, Value]
    mentor: Mapping[str, Value]
    agreement: str
    """The agreement PDF's file name (``program agreements``)."""
    calendar: str
    """The meetings calendar's file name (``program calendar``)."""

    @property
    def agreement_answers(self) -> dict[str, str | bool]:
        # The PDF side (WeasyPrint) is imported only when an agreement is made.
        from ..matching.agreements import pair_agreement_answers

        return pair_agreement_answers(self.mentee, self.mentor)

    @property
    def agreed_frequency(self) -> str | None:
        """The frequency both chose, if they chose the same."""
        mine, theirs = self.mentee.get(f.FREQUENCY), self.mentor.get(f.FREQUENCY)
        return mine if isinstance(mine, str) and mine == theirs else None

    @property
    def meeting_frequency(self) -> str:
        """How often the calendar has them meet: the frequency they agreed on; else the less
        frequent of the two they chose (the one both can keep); else monthly."""
        agreed = self.agreed_frequency
        if agreed is not None:
            return agreed
        chosen = [v for v in (self.mentee.get(f.FREQUENCY), self.mentor.get(f.FREQUENCY)) if v]
        known = [str(v) for v in chosen if str(v) in RECURRENCE]
        if not known:
            return "monthly"
        return max(known, key=lambda k: _DAYS[RECURRENCE[k][0]] * RECURRENCE[k][1])

    @property
    def shared_platforms(self) -> tuple[str, ...]:
        mine, theirs = self.mentee.get(f.PLATFORM), self.mentor.get(f.PLATFORM)
        if not isinstance(mine, tuple) or not isinstance(theirs, tuple):
            return ()
        return tuple(p for p in mine if p in theirs)


def _with_people(enrollment: Enrollment) -> dict[str, Value]:
    return {**enrollment.answers, f.NAME: enrollment.person.name, f.EMAIL: enrollment.person.email}


def confirmed_documents(tx: Reading, cycle_id: str) -> list[PairDocuments]:
    """The cycle's confirmed pairs with their answers and file names (unique in any case),
    in the order they were proposed."""
    people = {e.person.id: e for e in list_enrollments(tx, cycle_id)}
    pairs = list_pairs(tx, cycle_id, ["confirmed"])
    names = file_names(pairs)
    return [
        PairDocuments(
            pair,
            _with_people(people[pair.mentee.id]),
            _with_people(people[pair.mentor.id]),
            f"agreement-{name}.pdf",
            f"meetings-{name}.ics",
        )
        for pair, name in zip(pairs, names, strict=True)
    ]


def file_names(pairs: Sequence[Pair]) -> list[str]:
    """``<mentor>-<mentee>`` for each pair, from their names; a name two pairs would share
    gets the pair's number."""
    bases = [f"{file_part(p.mentor.name)}-{file_part(p.mentee.name)}" for p in pairs]
    seen: dict[str, int] = {}
    for base in bases:
        seen[base.casefold()] = seen.get(base.casefold(), 0) + 1
    return [
        f"{base}-{pair.id}" if seen[base.casefold()] > 1 else base
        for base, pair in zip(bases, pairs, strict=True)
    ]


def write_cycle_agreements(
    tx: Reading, project: Project, cycle_id: str, folder: Path, paper: Paper = "letter"
) -> int:
    """A pre-filled agreement PDF for each confirmed pair of the cycle in ``folder``, named
    as the introductions sheet says; returns how many."""
    from ..matching.agreements import write_filled_agreements

    docs = confirmed_documents(tx, cycle_id)
    return write_filled_agreements(
        ((doc.agreement, doc.agreement_answers) for doc in docs), project, folder, paper
    )


def option_names(content: Content, kind: ListName) -> dict[str, str]:
    """Option id → name of a controlled list (``frequencies``, ``platforms``)."""
    return dict(content.choices(kind))


def how_often(strings: Strings, frequency: str, names: Mapping[str, str]) -> str:
    """How often a pair meets as a sentence says it ('monthly'), in the words of ``strings``
    (``program.documents.often.<frequency>``); a frequency they have no word for (one a
    society's content adds) is its name in ``names``, in lowercase, or else its id."""
    key = f"program.documents.often.{frequency}"
    return strings(key) if key in strings.table else names.get(frequency, frequency).lower()


def first_meeting_questions(content: Content) -> tuple[str, ...]:
    """The question bank's questions for a first meeting that the person setting it up asks
    (stage ``initiation``), the first :data:`QUESTIONS` in the guide's order; other
    first-meeting questions fill up if there are fewer."""
    asked: list[str] = []
    others: list[str] = []
    for question_set in content.questions.sets:
        for question in question_set.questions:
            if FIRST_STAGE not in question.stages:
                continue
            audience = question.audience or question_set.audience
            (asked if audience in (FIRST_MEETING_BY, "both") else others).append(question.text)
    return tuple((asked + others)[:QUESTIONS])
