"""A whole matching run from files, as the ``match`` command does it: read both surveys'
answers, check the pins and forbids, score and solve; then write the pairs and whatever
else was asked for (a report, every pair's score, an agreement PDF per pair), all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..files.inputs import InputError, InputProblem
from ..files.outputs import Outputs
from ..files.targets import Place, same_file
from ..pdf.worksheet import Paper
from ..project.load import Project
from .match import (
    IdPair,
    MatchResult,
    Method,
    Overrides,
    capacities,
    match,
    parse_pair,
    write_pairs,
    write_scores,
)
from .readers import read_responses
from .report import render_report
from .responses import Responses
from .scoring import default_weights, load_weights
from .spec import Role, survey_spec


def match_files(
    project: Project,
    *,
    mentees: Path,
    mentors: Path,
    weights: Path | None = None,
    method: Method = "optimal",
    pins: Sequence[str] = (),
    forbids: Sequence[str] = (),
) -> MatchResult:
    """The pairs for the answers in ``mentees`` and ``mentors`` (CSV, JSON or survey PDFs).

    ``pins`` and ``forbids`` are ``MENTOR:MENTEE`` ids. Raises ``InputError`` with every
    problem in the files and the overrides at once (``WeightsError`` for the weights file).
    """
    content = project.content
    problems: list[InputProblem] = []
    sides: dict[Role, Responses] = {}
    sources: tuple[tuple[Role, Path], ...] = (("mentor", mentors), ("mentee", mentees))
    if same_file(mentors, mentees):
        raise InputError(
            [InputProblem(str(mentees), 0, "", "--mentees and --mentors name the same file")]
        )
    for role, path in sources:
        try:
            sides[role] = read_responses(path, survey_spec(content, role), str(path))
        except InputError as error:
            problems += error.problems
    pin_pairs: list[IdPair] = []
    forbid_pairs: list[IdPair] = []
    for option, given, into in (("--pin", pins, pin_pairs), ("--forbid", forbids, forbid_pairs)):
        for text in given:
            try:
                into.append(parse_pair(text, option))
            except InputError as error:
                problems += error.problems
    if problems and len(sides) == 2:
        # Check the well-formed overrides too, so every problem is reported at once.
        mentee_side, mentor_side = sides["mentee"], sides["mentor"]
        problems += Overrides.check(
            mentee_side, mentor_side, capacities(mentor_side), pin_pairs, forbid_pairs
        ).problems
    if problems:
        raise InputError(problems)
    return match(
        sides["mentee"],
        sides["mentor"],
        weights=load_weights(weights) if weights else default_weights(),
        method=method,
        pins=pin_pairs,
        forbids=forbid_pairs,
        strings=project.strings,
    )


@dataclass(frozen=True)
class MatchOutputs:
    """Where the ``match`` command writes: the pairs, and what else was asked for."""

    pairs: Place
    report: Place | None = None
    scores: Place | None = None
    agreements: Place | None = None
    paper: Paper = "letter"

    def plan(self, outputs: Outputs) -> None:
        """Check every target before the work starts: a folder that cannot take the
        agreements should not cost a coordinator a long solve first."""
        outputs.plan(self.pairs, "-o")
        if self.report is not None:
            outputs.plan(self.report, "--report")
        if self.scores is not None:
            outputs.plan(self.scores, "--scores")
        if self.agreements is not None:
            outputs.plan_folder(self.agreements, "--agreements")


def write_match(
    result: MatchResult,
    project: Project,
    targets: MatchOutputs,
    outputs: Outputs,
    *,
    sources: str,
) -> None:
    """Stage every output of a match in ``outputs`` (the caller commits them together);
    ``sources`` is the report's sentence on where the answers came from."""
    with outputs.open(targets.pairs, "-o", newline="") as stream:
        write_pairs(result, stream)
    if targets.scores is not None:
        with outputs.file(targets.scores, "--scores") as path:
            write_scores(result, path)
    if targets.report is not None:
        title = result.strings("match.title_for", guide=project.content.guide.title)
        html = render_report(result, title=title, sources=sources)
        outputs.write(targets.report, html, "--report")
    if targets.agreements is not None:
        from .agreements import write_agreements  # WeasyPrint's side, only when asked for

        with outputs.folder(targets.agreements, "--agreements") as folder:
            write_agreements(result, project, folder, targets.paper)
