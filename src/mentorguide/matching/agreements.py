"""The paper side of matching: each survey as a worksheet (a page and a fillable PDF), filled
survey PDFs read back as responses, and a pre-filled mentorship agreement per pair.

The PDFs are the worksheets' own (:mod:`mentorguide.worksheets`): a survey becomes a
:class:`~mentorguide.worksheets.models.Worksheet` with the survey's questions and choices, so
its form fields are named like every worksheet's (``frequency``, ``platform.virtual``), and
reading a filled one gives the same keys the JSON reader takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..files.inputs import InputError, InputProblem
from ..pdf.fallback import UndrawableText
from ..pdf.fill import fill_pdf
from ..pdf.worksheet import Paper, render_worksheet
from ..project.load import Project, project_edition
from ..worksheets.form import form_fields
from ..worksheets.surveys import SURVEY_SLUGS as SURVEY_SLUGS
from . import fields as f
from .match import MatchResult
from .writers import worksheet_cache

AGREEMENT = "mentorship-agreement"


# --- reading filled survey PDFs -----------------------------------------------------------


# --- agreements ---------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _file_part(person: str) -> str:
    return _UNSAFE.sub("-", person).strip("-.") or "person"


def agreement_answers(result: MatchResult, mentee: int, mentor: int) -> dict[str, str | bool]:
    """What a pair's agreement starts with: both names, the meeting frequency when they
    chose the same one, and the platforms they share (the rest they fill in together)."""
    answers: dict[str, str | bool] = {
        "mentor_name": result.mentors.text(f.NAME, mentor) or result.mentors.ids[mentor],
        "mentee_name": result.mentees.text(f.NAME, mentee) or result.mentees.ids[mentee],
    }
    frequency = result.mentees.values[f.FREQUENCY][mentee]
    if isinstance(frequency, str) and frequency == result.mentors.values[f.FREQUENCY][mentor]:
        answers["frequency"] = frequency
    theirs = result.mentors.values[f.PLATFORM][mentor]
    for platform in result.mentees.values[f.PLATFORM][mentee] or ():  # type: ignore[union-attr]
        if isinstance(theirs, tuple) and platform in theirs:
            answers[f"platforms.{platform}"] = True
    return answers


def agreement_names(result: MatchResult) -> Iterator[tuple[int, int, str]]:
    """(mentee, mentor, file name) of each pair's agreement, file names unique."""
    used: set[str] = set()
    for pair in result.pairs:
        base = (
            f"agreement-{_file_part(result.mentors.ids[pair.mentor])}"
            f"-{_file_part(result.mentees.ids[pair.mentee])}"
        )
        name, k = f"{base}.pdf", 2
        while name.casefold() in used:
            name, k = f"{base}-{k}.pdf", k + 1
        used.add(name.casefold())
        yield pair.mentee, pair.mentor, name


def write_agreements(
    result: MatchResult, project: Project, folder: Path, paper: Paper = "letter"
) -> int:
    """A pre-filled mentorship agreement PDF per pair in ``folder``; returns how many.

    Fields the project's agreement worksheet does not have are left out, so a society
    that changed the worksheet still gets its own form, filled as far as it fits.
    """
    sheets = {sheet.slug: sheet for sheet in project.worksheets}
    if AGREEMENT not in sheets:
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
    sheet = sheets[AGREEMENT]
    edition = project_edition(project)
    specs = form_fields(sheet, project.content, edition.strings)
    names = {spec.name for spec in specs}
    blank = render_worksheet(
        sheet, project.content, cache_dir=worksheet_cache(project), paper=paper, edition=edition
    ).read_bytes()
    count = 0
    # A name no font here can draw stops the agreements (the folder is staged, so none is
    # kept); every such pair is named at once, with the characters.
    problems: list[InputProblem] = []
    for mentee, mentor, name in agreement_names(result):
        answers = {k: v for k, v in agreement_answers(result, mentee, mentor).items() if k in names}
        try:
            (folder / name).write_bytes(fill_pdf(blank, answers, specs))
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
