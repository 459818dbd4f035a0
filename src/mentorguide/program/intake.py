"""Enrolling a cycle's people from the files ``match`` reads: CSV, ``.xlsx``, the site's
JSON, filled survey PDFs.

Both files are read and checked before the program file is touched, and every problem (in
either file, or a person in both) is reported at once with its file, row and column; then
both are enrolled in the caller's one transaction, so a problem found there changes nothing
either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files.inputs import InputError, InputProblem
from ..files.targets import same_file
from ..matching.readers import read_responses
from ..matching.responses import Responses
from ..matching.spec import Role, survey_spec
from ..project.load import Project
from .errors import ProgramError
from .file import Writing
from .people import Enrolled, SurveyRecord, email_key, enroll, survey_records


@dataclass(frozen=True)
class SurveyFiles:
    """The checked responses of a cycle's two survey files."""

    mentees: Responses
    mentors: Responses

    @property
    def notes(self) -> tuple[str, ...]:
        """What a person should know that does not stop the enrollment (ignored columns)."""
        return self.mentees.notes + self.mentors.notes


def read_survey_files(project: Project, *, mentees: Path, mentors: Path) -> SurveyFiles:
    """Read and check both files against the project's surveys; raise :class:`ProgramError`
    with every problem in both (file, row, column), and for anyone in both files (a person
    has one role in a cycle)."""
    if same_file(mentors, mentees):
        raise ProgramError(f"{mentees}: --mentees and --mentors name the same file")
    problems: list[InputProblem] = []
    sides: dict[Role, Responses] = {}
    given: tuple[tuple[Role, Path], ...] = (("mentee", mentees), ("mentor", mentors))
    for role, path in given:
        try:
            sides[role] = read_responses(path, survey_spec(project.content, role), str(path))
        except InputError as error:
            problems += error.problems
    if len(sides) == 2:
        problems += _in_both(sides["mentee"], sides["mentor"])
    if problems:
        raise ProgramError.of(str(problem) for problem in sorted(set(problems)))
    return SurveyFiles(sides["mentee"], sides["mentor"])


def _in_both(mentees: Responses, mentors: Responses) -> list[InputProblem]:
    """A problem for each mentor whose email is also a mentee's, at the mentor's row."""
    mentee_at = {
        email_key(record.email): record.place for record in survey_records(mentees) if record.email
    }
    return [
        InputProblem(
            mentors.file,
            n,
            record.place,
            f"{record.email} is also in {mentees.file}, {mentee_at[email_key(record.email)]} "
            "(a person is a mentee or a mentor in a cycle, not both: keep one)",
        )
        for n, record in enumerate(survey_records(mentors))
        if record.email and email_key(record.email) in mentee_at
    ]


@dataclass(frozen=True)
class Enrollment:
    """What :func:`enroll_files` did, per role."""

    mentees: Enrolled
    mentors: Enrolled


def enroll_files(tx: Writing, cycle_id: str, files: SurveyFiles) -> Enrollment:
    """Enroll the people of both files in the cycle (see :func:`~.people.enroll`); every
    problem with either is raised at once, and the caller's transaction then changes
    nothing."""
    done: dict[Role, Enrolled] = {}
    problems: list[str] = []
    sides: tuple[tuple[Role, Responses], ...] = (
        ("mentee", files.mentees),
        ("mentor", files.mentors),
    )
    for role, responses in sides:
        records: list[SurveyRecord] = survey_records(responses)
        try:
            done[role] = enroll(tx, cycle_id, role, records, source=responses.file)
        except ProgramError as error:
            problems += error.problems
    if problems:
        raise ProgramError.of(problems)
    return Enrollment(done["mentee"], done["mentor"])
