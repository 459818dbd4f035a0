"""``mentorguide survey …``: blank survey spreadsheets and PDFs, field schemas, and
collecting answers into one clean CSV.

Every output is written through :class:`~mentorguide.files.outputs.Outputs`: nothing
appears until the whole command has succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..files.inputs import InputError, InputProblem
from ..files.outputs import Outputs
from ..matching.readers import read_responses, role_of_file
from ..matching.responses import Responses, combine
from ..matching.spec import ROLES, Role, SurveySpec, survey_spec
from ..matching.writers import schema, survey_pdf, template_csv, write_responses
from ..worksheets.surveys import SURVEY_SLUGS
from .common import (
    CommandError,
    Handler,
    add_command,
    guide_content,
    guide_project,
    paper_option,
    print_notes,
)
from .common import project_option as _common_project_option


def cmd_survey_template(args: argparse.Namespace) -> int:
    """Write an empty survey spreadsheet: one column per field id.

    Multi-choice cells hold several choices separated by ';'.
    Example: mentorguide survey template mentee -o mentees.csv
    """
    spec = survey_spec(guide_content(args.project), args.survey)
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
    spec = survey_spec(guide_content(args.project), args.survey)
    print(json.dumps(schema(spec), indent=2, ensure_ascii=False))
    return 0


def cmd_survey_pdf(args: argparse.Namespace) -> int:
    """Write a survey as a fillable PDF, to answer on screen or on paper.

    Collect the filled PDFs with: mentorguide survey collect *.pdf -o mentees.csv
    Example: mentorguide survey pdf mentee -o mentee-survey.pdf --paper a4
    """
    output: Path = args.output or Path(f"{SURVEY_SLUGS[args.survey]}.pdf")
    data = survey_pdf(guide_project(args.project), args.survey, args.paper)
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
        role = role_of_file(path, specs)
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
    content = guide_content(args.project)
    specs = {role: survey_spec(content, role) for role in ROLES}
    role: Role = args.survey or _guess_role(args.files, specs)
    try:
        responses = combine(_read_all(args.files, specs[role]))
        with Outputs() as outputs:
            write_responses(responses, args.output, outputs)
            outputs.commit()
    except InputError as error:
        raise CommandError(str(error)) from None
    print_notes(responses)
    print(
        f"Collected {len(responses)} {role} responses from {len(args.files)} "
        f"file{'s' if len(args.files) != 1 else ''} into {args.output}."
    )
    return 0


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
    paper_option(pdf)
    collect = add("collect", cmd_survey_collect)
    collect.add_argument("files", type=Path, nargs="+", metavar="FILE", help="answers to read")
    collect.add_argument("-o", "--output", type=Path, required=True, help="the clean CSV")
    collect.add_argument(
        "--survey", choices=ROLES, help="which survey (default: told by the columns)"
    )


def cmd_survey(args: argparse.Namespace) -> int:
    """Sign-up surveys: blank spreadsheets and PDFs, field schemas, and collecting answers.

    Example: mentorguide survey template mentor -o mentors.csv
    """
    handler: Handler = args.survey_handler
    return handler(args)


def _project_option(parser: argparse.ArgumentParser) -> None:
    _common_project_option(parser, "the guide project folder, holding content/ (default: .)")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "survey", cmd_survey, _survey_options)
