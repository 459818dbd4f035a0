"""The paper side of matching: each survey as a worksheet (a page and a fillable PDF), filled
survey PDFs read back as responses, and a pre-filled mentorship agreement per pair.

The PDFs are the worksheets' own (:mod:`mentorguide.worksheets`): a survey becomes a
:class:`~mentorguide.worksheets.models.Worksheet` with the survey's questions and choices, so
its form fields are named like every worksheet's (``frequency``, ``platform.virtual``), and
reading a filled one gives the same keys the JSON reader takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..files.inputs import InputError, InputProblem
from ..files.targets import file_part
from ..pdf.fallback import UndrawableText
from ..pdf.fill import fill_pdf
from ..pdf.worksheet import Paper, render_worksheet
from ..project.load import Project
from ..worksheets.surveys import SURVEY_SLUGS as SURVEY_SLUGS
from . import fields as f
from .match import MatchResult
from .responses import Value
from .writers import worksheet_cache

AGREEMENT = "mentorship-agreement"


# --- reading filled survey PDFs -----------------------------------------------------------


# --- agreements ---------------------------------------------------------------------------


def pair_agreement_answers(
    mentee: Mapping[str, Value], mentor: Mapping[str, Value]
) -> dict[str, str | bool]:
    """What a pair's agreement starts with, from the two people's answers (by field id):
    both names, the meeting frequency when they chose the same one, and the platforms they
    share (the rest they fill in together)."""
    answers: dict[str, str | bool] = {
        "mentor_name": _text(mentor.get(f.NAME)) or _text(mentor.get(f.ID)),
        "mentee_name": _text(mentee.get(f.NAME)) or _text(mentee.get(f.ID)),
    }
    frequency = mentee.get(f.FREQUENCY)
    if isinstance(frequency, str) and frequency == mentor.get(f.FREQUENCY):
        answers["frequency"] = frequency
    theirs = mentor.get(f.PLATFORM)
    mine = mentee.get(f.PLATFORM)
    for platform in mine if isinstance(mine, tuple) else ():
        if isinstance(theirs, tuple) and platform in theirs:
            answers[f"platforms.{platform}"] = True
    return answers


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def agreement_answers(result: MatchResult, mentee: int, mentor: int) -> dict[str, str | bool]:
    """:func:`pair_agreement_answers` for a pair of a match."""
    return pair_agreement_answers(result.mentees.record(mentee), result.mentors.record(mentor))


def agreement_names(result: MatchResult) -> Iterator[tuple[int, int, str]]:
    """(mentee, mentor, file name) of each pair's agreement, file names unique."""
    used: set[str] = set()
    for pair in result.pairs:
        base = (
            f"agreement-{file_part(result.mentors.ids[pair.mentor])}"
            f"-{file_part(result.mentees.ids[pair.mentee])}"
        )
        name, k = f"{base}.pdf", 2
        while name.casefold() in used:
            name, k = f"{base}-{k}.pdf", k + 1
        used.add(name.casefold())
        yield pair.mentee, pair.mentor, name


def write_agreements(
    result: MatchResult, project: Project, folder: Path, paper: Paper = "letter"
) -> int:
    """A pre-filled mentorship agreement PDF per pair of a match in ``folder``; returns how
    many (see :func:`write_filled_agreements`)."""
    return write_filled_agreements(
        (
            (name, agreement_answers(result, mentee, mentor))
            for mentee, mentor, name in agreement_names(result)
        ),
        project,
        folder,
        paper,
    )


def write_filled_agreements(
    agreements: Iterable[tuple[str, Mapping[str, str | bool]]],
    project: Project,
    folder: Path,
    paper: Paper = "letter",
) -> int:
    """Write each ``(file name, answers)`` as a filled agreement PDF in ``folder``; returns
    how many.

    Fields the project's agreement worksheet does not have are left out, so a society
    that changed the worksheet still gets its own form, filled as far as it fits.
    """
    if AGREEMENT not in project.prepared_worksheets:
        raise InputError(
            [
                InputProblem(
                    "--agreements",
                    0,
                    "",
                    f"the project has no '{AGREEMENT}' worksheet to fill "
                    f"(worksheets/{AGREEMENT}.yml)",
                )
            ]
        )
    prepared = project.prepared(AGREEMENT)
    blank = render_worksheet(
        prepared, project.content, cache_dir=worksheet_cache(project), paper=paper
    ).read_bytes()
    count = 0
    # A name no font here can draw stops the agreements (the folder is staged, so none is
    # kept); every such pair is named at once, with the characters.
    problems: list[InputProblem] = []
    for name, given in agreements:
        answers = {k: v for k, v in given.items() if k in prepared.by_name}
        try:
            (folder / name).write_bytes(fill_pdf(blank, answers, prepared.fields))
        except UndrawableText as error:
            problems += [
                InputProblem(
                    "--agreements",
                    count,
                    name,
                    f"{field}: no font here can draw these characters, so the agreement "
                    "would print them wrongly (spell the name in Latin, Greek or Cyrillic "
                    "letters in the survey, or fill the agreement in by hand)",
                )
                for field in error.fields
            ]
        count += 1
    if problems:
        raise InputError(problems)
    return count
