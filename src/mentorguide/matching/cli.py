"""``mentorguide survey``, ``mentorguide match`` and ``mentorguide weights``: thin shells over
:mod:`.surveys`, :mod:`.match` and :mod:`.report`.

Every output is written through :class:`.files.Outputs`: nothing appears until the whole
command has succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..cli import CommandError, command
from ..content import Content
from ..defaults import default_root
from ..project import Project, load_project
from .files import InputError, InputProblem, Outputs
from .match import (
    METHODS,
    IdPair,
    Overrides,
    capacities,
    match,
    parse_pair,
    write_pairs,
    write_scores,
)
from .report import render_report
from .scoring import (
    SurveyShapeError,
    WeightsError,
    default_weights,
    default_weights_text,
    load_weights,
)
from .surveys import (
    ROLES,
    Responses,
    Role,
    SurveySpec,
    combine,
    detect_role,
    headers_of,
    read_responses,
    schema,
    survey_spec,
    template_csv,
    write_responses,
)

Handler = Callable[[argparse.Namespace], int]


def _project(folder: Path) -> Project:
    """The guide project; outside any project, the default guide (so a coordinator can run
    surveys and matching from any folder)."""
    if (folder / "content").is_dir():
        return load_project(folder)
    if folder == Path(".") and (default_root() / "content").is_dir():
        return load_project(default_root())
    raise CommandError(f"no content/ folder in {folder} (is --project the guide project?)")


def _content(folder: Path) -> Content:
    return _project(folder).content


def _notes(*parts: Responses) -> None:
    for part in parts:
        for note in part.notes:
            print(f"Note: {note}", file=sys.stderr)


def _project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        help="the guide project folder, holding content/ (default: .)",
    )


# --- survey ------------------------------------------------------------------------------


def cmd_survey_template(args: argparse.Namespace) -> int:
    """Write an empty survey spreadsheet: one column per field id.

    Multi-choice cells hold several choices separated by ';'.
    Example: mentorguide survey template mentee -o mentees.csv
    """
    spec = survey_spec(_content(args.project), args.survey)
    text = template_csv(spec)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    with Outputs() as outputs:
        with outputs.open(args.output, newline="") as stream:
            stream.write(text)
        outputs.commit()
    print(f"Wrote {args.output}: the {args.survey} survey's {len(spec.fields)} columns.")
    return 0


def cmd_survey_schema(args: argparse.Namespace) -> int:
    """Print a survey's fields, their types and allowed values as JSON.

    Example: mentorguide survey schema mentor > mentor-survey.json
    """
    spec = survey_spec(_content(args.project), args.survey)
    print(json.dumps(schema(spec), indent=2, ensure_ascii=False))
    return 0


def cmd_survey_pdf(args: argparse.Namespace) -> int:
    """Write a survey as a fillable PDF, to answer on screen or on paper.

    Collect the filled PDFs with: mentorguide survey collect *.pdf -o mentees.csv
    Example: mentorguide survey pdf mentee -o mentee-survey.pdf --paper a4
    """
    from .paper import SURVEY_SLUGS, survey_pdf

    output: Path = args.output or Path(f"{SURVEY_SLUGS[args.survey]}.pdf")
    data = survey_pdf(_project(args.project), args.survey, args.paper)
    try:
        with Outputs() as outputs:
            outputs.path(output).write_bytes(data)
            outputs.commit()
    except InputError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote {output}: the {args.survey} survey as a fillable PDF.")
    return 0


def _read_all(paths: list[Path], spec: SurveySpec) -> list[Responses]:
    parts: list[Responses] = []
    problems: list[InputProblem] = []
    for path in paths:
        try:
            parts.append(read_responses(path, spec, str(path)))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return parts


def _guess_role(paths: list[Path], specs: dict[Role, SurveySpec]) -> Role:
    for path in paths:
        role = detect_role(headers_of(path), specs)
        if role is not None:
            return role
    raise CommandError(
        "cannot tell whether these are mentee or mentor responses; "
        "say which with --survey mentee or --survey mentor"
    )


def cmd_survey_collect(args: argparse.Namespace) -> int:
    """Gather survey answers (CSV, JSON or filled survey PDFs) into one clean CSV.

    Headers may be field ids or the question text; choices may be ids or names, in any case.
    Every problem is reported with its file, row and column, and nothing is written.
    Example: mentorguide survey collect form-export.csv answers.json scans/*.pdf -o mentees.csv
    """
    content = _content(args.project)
    specs = {role: survey_spec(content, role) for role in ROLES}
    role: Role = args.survey or _guess_role(args.files, specs)
    try:
        responses = combine(_read_all(args.files, specs[role]))
        with Outputs() as outputs:
            write_responses(responses, args.output, outputs)
            outputs.commit()
    except InputError as error:
        raise CommandError(str(error)) from None
    _notes(responses)
    print(
        f"Collected {len(responses)} {role} responses from {len(args.files)} "
        f"file{'s' if len(args.files) != 1 else ''} into {args.output}."
    )
    return 0


def _paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )


def _survey_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="survey_command", required=True, metavar="ACTION")

    def add(name: str, handler: Handler) -> argparse.ArgumentParser:
        doc = (handler.__doc__ or "").strip()
        child = sub.add_parser(
            name,
            help=doc.splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        child.set_defaults(survey_handler=handler)
        _project_option(child)
        return child

    template = add("template", cmd_survey_template)
    template.add_argument("survey", choices=ROLES, help="which survey")
    template.add_argument(
        "-o", "--output", type=Path, help="the CSV file to write (default: print it)"
    )
    schema_ = add("schema", cmd_survey_schema)
    schema_.add_argument("survey", choices=ROLES, help="which survey")
    pdf = add("pdf", cmd_survey_pdf)
    pdf.add_argument("survey", choices=ROLES, help="which survey")
    pdf.add_argument("-o", "--output", type=Path, help="the PDF to write (default: <survey>.pdf)")
    _paper_option(pdf)
    collect = add("collect", cmd_survey_collect)
    collect.add_argument("files", type=Path, nargs="+", metavar="FILE", help="answers to read")
    collect.add_argument("-o", "--output", type=Path, required=True, help="the clean CSV")
    collect.add_argument(
        "--survey", choices=ROLES, help="which survey (default: told by the columns)"
    )


@command("survey", _survey_options)
def cmd_survey(args: argparse.Namespace) -> int:
    """Sign-up surveys: blank spreadsheets and PDFs, field schemas, and collecting answers.

    Example: mentorguide survey template mentor -o mentors.csv
    """
    handler: Handler = args.survey_handler
    return handler(args)


# --- match -------------------------------------------------------------------------------


def _match_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mentors", type=Path, required=True, help="mentor survey answers (CSV)")
    parser.add_argument("--mentees", type=Path, required=True, help="mentee survey answers (CSV)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the pairs CSV to write")
    parser.add_argument("--report", type=Path, help="also write a readable HTML report here")
    parser.add_argument(
        "--scores", type=Path, help="also write every possible pair's fit score here (large)"
    )
    parser.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="MENTOR:MENTEE",
        help="always make this pair (repeatable)",
    )
    parser.add_argument(
        "--forbid",
        action="append",
        default=[],
        metavar="MENTOR:MENTEE",
        help="never make this pair (repeatable)",
    )
    parser.add_argument(
        "--agreements",
        type=Path,
        metavar="DIR",
        help="also write a pre-filled mentorship agreement PDF per pair into this folder",
    )
    _paper_option(parser)
    parser.add_argument("--weights", type=Path, help="a weights file (default: built in)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="optimal",
        help="optimal: best total fit (default); stable: no two people would rather swap",
    )
    _project_option(parser)


@command("match", _match_options)
def cmd_match(args: argparse.Namespace) -> int:
    """Pair mentees with mentors from their survey answers; write pairs.csv (and a report).

    Example: mentorguide match --mentors mentors.csv --mentees mentees.csv -o pairs.csv \\
        --report pairs.html --pin M04:E17 --forbid M02:E03
    """
    project = _project(args.project)
    content = project.content
    try:
        problems: list[InputProblem] = []
        sides: dict[Role, Responses] = {}
        sources: tuple[tuple[Role, Path], ...] = (
            ("mentor", args.mentors),
            ("mentee", args.mentees),
        )
        for role, path in sources:
            try:
                sides[role] = read_responses(path, survey_spec(content, role), str(path))
            except InputError as error:
                problems += error.problems
        pins: list[IdPair] = []
        forbids: list[IdPair] = []
        for option, given, into in (("--pin", args.pin, pins), ("--forbid", args.forbid, forbids)):
            for text in given:
                try:
                    into.append(parse_pair(text, option))
                except InputError as error:
                    problems += error.problems
        if problems and len(sides) == 2:
            # Check the well-formed overrides too, so every problem is reported at once.
            mentees, mentors = sides["mentee"], sides["mentor"]
            problems += Overrides.check(
                mentees, mentors, capacities(mentors), pins, forbids
            ).problems
        if problems:
            raise InputError(problems)
        weights = load_weights(args.weights) if args.weights else default_weights()
        result = match(
            sides["mentee"],
            sides["mentor"],
            weights=weights,
            method=args.method,
            pins=pins,
            forbids=forbids,
        )
        with Outputs() as outputs:
            with outputs.open(args.output, newline="") as stream:
                write_pairs(result, stream)
            if args.scores:
                write_scores(result, outputs.path(args.scores))
            if args.report:
                html = render_report(
                    result,
                    title=f"Mentor–mentee pairs: {content.guide.title}",
                    language=content.guide.language,
                    sources=f"From {args.mentors} and {args.mentees}"
                    + (f", weights from {args.weights}" if args.weights else "")
                    + ".",
                )
                with outputs.open(args.report) as stream:
                    stream.write(html)
            if args.agreements:
                from .paper import write_agreements

                folder = outputs.directory(args.agreements)
                # About 40 ms a PDF: say so before a long wait.
                print(f"Filling {len(result.pairs):,} agreements...", file=sys.stderr)
                write_agreements(result, project, folder, args.paper)
            outputs.commit()
    except (InputError, WeightsError, SurveyShapeError) as error:
        raise CommandError(str(error)) from None
    _notes(sides["mentor"], sides["mentee"])
    written = [str(p) for p in (args.output, args.scores, args.report) if p]
    if args.agreements:
        written.append(f"{len(result.pairs):,} agreements in {args.agreements}")
    matched, n = len(result.pairs), len(result.mentees)
    print(
        f"Matched {matched:,} of {n:,} mentees with {int((result.load > 0).sum()):,} of "
        f"{len(result.mentors):,} mentors ({args.method}; total score "
        f"{result.total_score:,.1f}). Wrote {', '.join(written)}."
    )
    if matched < n:
        left = n - matched
        print(
            f"{left:,} {'mentee is' if left == 1 else 'mentees are'} unmatched: "
            "the report (--report) says why."
        )
    return 0


# --- weights -----------------------------------------------------------------------------


def _weights_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="the file to write (default: print it)")


@command("weights", _weights_options)
def cmd_weights(args: argparse.Namespace) -> int:
    """Write the default matching weights, with their explanations, to edit for --weights.

    Example: mentorguide weights -o weights.yml
    """
    text = default_weights_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    with Outputs() as outputs:
        with outputs.open(args.output) as stream:
            stream.write(text)
        outputs.commit()
    print(f"Wrote {args.output}: edit it, then match with --weights {args.output}.")
    return 0
