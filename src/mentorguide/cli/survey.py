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

from ..edition.strings import Strings
from ..files.inputs import InputError, InputProblem
from ..files.outputs import Outputs
from ..files.targets import same_file
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
    messages,
    paper_option,
    print_notes,
    project_option,
)


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
        outputs.write(args.output, text)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    t = messages(args)
    print(
        t("cli.survey.template", file=args.output, survey=args.survey, columns=len(spec.fields)),
        file=out,
    )
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
    output: str = f"{SURVEY_SLUGS[args.survey]}.pdf" if args.output is None else args.output
    with Outputs() as outputs:
        outputs.plan(output)
        data = survey_pdf(guide_project(args.project), args.survey, args.paper)
        outputs.write(output, data)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    print(messages(args)("cli.survey.pdf", file=output, survey=args.survey), file=out)
    return 0


def _read_all(paths: list[Path], spec: SurveySpec) -> list[Responses]:
    parts: list[Responses] = []
    problems: list[InputProblem] = []
    for n, path in enumerate(paths):
        earlier = next((p for p in paths[:n] if same_file(p, path)), None)
        if earlier is not None:
            what = (
                "is given twice" if str(earlier) == str(path) else f"is the same file as {earlier}"
            )
            problems.append(
                InputProblem(
                    str(path), 0, "", f"{what} (its responses would count twice); give it once"
                )
            )
            continue
        try:
            parts.append(read_responses(path, spec, str(path)))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return parts


def _guess_role(paths: list[Path], specs: dict[Role, SurveySpec], t: Strings) -> Role:
    for path in paths:
        try:
            role = role_of_file(path, specs)
        except InputError as error:  # a file past a reading limit (files/limits.py)
            raise CommandError(str(error)) from None
        if role is not None:
            return role
    raise CommandError(t("cli.survey.which_role"))


def cmd_survey_collect(args: argparse.Namespace) -> int:
    """Gather survey answers (CSV, JSON or filled survey PDFs) into one clean CSV.

    Headers may be field ids or the question text; choices may be ids or names, in any case.
    Every problem is reported with its file, row and column, and nothing is written.
    Example: mentorguide survey collect form-export.csv answers.json scans/*.pdf -o mentees.csv
    """
    content = guide_content(args.project)
    t = messages(args)
    specs = {role: survey_spec(content, role) for role in ROLES}
    with Outputs([("an input file", path) for path in args.files]) as outputs:
        outputs.plan(args.output)
        role: Role = args.survey or _guess_role(args.files, specs, t)
        try:
            responses = combine(_read_all(args.files, specs[role]))
        except InputError as error:
            raise CommandError(str(error)) from None
        write_responses(responses, args.output, outputs)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    print_notes(t, responses)
    collected = t.count(
        "cli.survey.collected",
        len(args.files),
        responses=len(responses),
        role=role,
        output=args.output,
    )
    print(collected, file=out)
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
        project_option(child)
        return child

    template = add("template", cmd_survey_template)
    template.add_argument("survey", choices=ROLES, help="which survey")
    template.add_argument("-o", "--output", help="the CSV file to write (default: print it)")
    schema_ = add("schema", cmd_survey_schema)
    schema_.add_argument("survey", choices=ROLES, help="which survey")
    pdf = add("pdf", cmd_survey_pdf)
    pdf.add_argument("survey", choices=ROLES, help="which survey")
    pdf.add_argument("-o", "--output", help="the PDF to write (default: <survey>.pdf)")
    paper_option(pdf)
    collect = add("collect", cmd_survey_collect)
    collect.add_argument("files", type=Path, nargs="+", metavar="FILE", help="answers to read")
    collect.add_argument("-o", "--output", required=True, help="the clean CSV ('-': print it)")
    collect.add_argument(
        "--survey", choices=ROLES, help="which survey (default: told by the columns)"
    )


def cmd_survey(args: argparse.Namespace) -> int:
    """Sign-up surveys: blank spreadsheets and PDFs, field schemas, and collecting answers.

    Example: mentorguide survey template mentor -o mentors.csv
    """
    handler: Handler = args.survey_handler
    return handler(args)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "survey", cmd_survey, _survey_options)
