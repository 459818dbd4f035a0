"""The paper side of matching: each survey as a worksheet (a page and a fillable PDF), filled
survey PDFs read back as responses, and a pre-filled mentorship agreement per pair.

The PDFs are the worksheets' own (:mod:`mentorguide.worksheets`): a survey becomes a
:class:`~mentorguide.worksheets.models.Worksheet` with the survey's questions and choices, so
its form fields are named like every worksheet's (``frequency``, ``platform.virtual``), and
reading a filled one gives the same keys the JSON reader takes.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..content import Content
from ..defaults import default_root
from ..project import Project
from ..worksheets.edition import project_edition
from ..worksheets.fill import fill_pdf, read_values
from ..worksheets.form import form_fields
from ..worksheets.models import Worksheet
from ..worksheets.pdf import INFO_KEY, Paper, cache_dir, render_worksheet
from ..worksheets.surveys import SURVEY_SLUGS as SURVEY_SLUGS
from ..worksheets.surveys import survey_worksheet as _survey_worksheet
from ..worksheets.surveys import survey_worksheets as _survey_worksheets
from .files import InputError, InputProblem
from .match import MatchResult
from .surveys import (
    READERS,
    Responses,
    Role,
    SurveySpec,
    parse_objects,
)

AGREEMENT = "mentorship-agreement"


def survey_worksheet(spec: SurveySpec) -> Worksheet:
    """The survey as a worksheet (see mentorguide.worksheets.surveys)."""
    return _survey_worksheet(spec.survey)


def survey_worksheets(content: Content) -> list[Worksheet]:
    """Both surveys as worksheets, mentee first (for the site's worksheet pages)."""
    return _survey_worksheets(content)


def worksheet_cache(project: Project) -> Path:
    """Where rendered PDFs are cached: the project's cache, or the user's when the project
    is the default guide inside the installed package (which may not be writable)."""
    if project.root.resolve() == default_root().resolve() and not os.environ.get(
        "MENTORGUIDE_CACHE_DIR"
    ):
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return home / "mentorguide"
    return cache_dir(project.root)


def survey_pdf(project: Project, role: Role, paper: Paper = "letter") -> bytes:
    """The blank fillable PDF of a survey."""
    # The project's own survey worksheet: in its interface language, with its society's name.
    sheet = next(s for s in project.worksheets if s.slug == SURVEY_SLUGS[role])
    path = render_worksheet(
        sheet,
        project.content,
        cache_dir=worksheet_cache(project),
        paper=paper,
        edition=project_edition(project),
    )
    return path.read_bytes()


# --- reading filled survey PDFs -----------------------------------------------------------


def _pdf_values(data: bytes, name: str) -> tuple[dict[str, object], str]:
    """A filled worksheet PDF's field values, and the worksheet slug it records."""
    try:
        values = read_values(data)
        metadata: Any = PdfReader(io.BytesIO(data)).metadata or {}
    except (PdfReadError, KeyError, TypeError, ValueError, OSError):
        raise InputError(
            [InputProblem(name, 0, "", "not a fillable survey PDF (no form fields found)")]
        ) from None
    return dict(values), str(metadata.get(f"/{INFO_KEY}", ""))


def read_pdf(path: Path, spec: SurveySpec, display: str) -> Responses:
    """One person's answers from a filled survey PDF."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            [InputProblem(display, 0, "", f"cannot read the file ({error.strerror})")]
        ) from None
    values, slug = _pdf_values(data, display)
    expected = SURVEY_SLUGS[spec.role]
    if slug and slug != expected:
        other = next((r for r, s in SURVEY_SLUGS.items() if s == slug), None)
        what = f"the {other} survey" if other else f"the '{slug}' worksheet"
        raise InputError(
            [InputProblem(display, 0, "", f"this PDF is {what}, not the {spec.role} survey")]
        )
    # Empty text fields and unticked boxes are simply unanswered.
    answers = {k: v for k, v in values.items() if v not in ("", False)}
    return parse_objects([answers], spec, display, lambda n: "the form")


def pdf_field_names(path: Path) -> list[str]:
    """The field names of a PDF form (for telling which survey it is); [] if unreadable."""
    try:
        values, slug = _pdf_values(path.read_bytes(), str(path))
    except (InputError, OSError):
        return []
    for role, survey_slug in SURVEY_SLUGS.items():
        if slug == survey_slug:  # the PDF says which survey it is: trust that
            own = {"mentee": "preferred_model", "mentor": "capacity"}[role]
            return [own]
    return list(values)


READERS[".pdf"] = read_pdf


# --- agreements ---------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _file_part(person: str) -> str:
    return _UNSAFE.sub("-", person).strip("-.") or "person"


def agreement_answers(result: MatchResult, mentee: int, mentor: int) -> dict[str, str | bool]:
    """What a pair's agreement starts with: both names, the meeting frequency when they
    chose the same one, and the platforms they share (the rest they fill in together)."""
    answers: dict[str, str | bool] = {
        "mentor_name": result.mentors.text("name", mentor) or result.mentors.ids[mentor],
        "mentee_name": result.mentees.text("name", mentee) or result.mentees.ids[mentee],
    }
    frequency = result.mentees.values["frequency"][mentee]
    if isinstance(frequency, str) and frequency == result.mentors.values["frequency"][mentor]:
        answers["frequency"] = frequency
    theirs = result.mentors.values["platform"][mentor]
    for platform in result.mentees.values["platform"][mentee] or ():  # type: ignore[union-attr]
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
    for mentee, mentor, name in agreement_names(result):
        answers = {k: v for k, v in agreement_answers(result, mentee, mentor).items() if k in names}
        (folder / name).write_bytes(fill_pdf(blank, answers, specs))
        count += 1
    return count
