"""``mentorguide worksheet …``: list worksheets, show their fields, make their PDFs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.errors import closest
from ..edition.strings import Strings
from ..files.cache import cache_dir
from ..files.outputs import Outputs
from ..pdf.fallback import UndrawableText
from ..pdf.fill import Filled, fill_form
from ..pdf.worksheet import render_worksheet
from ..project.load import Project
from ..worksheets.answers import describe_fields, load_answers
from ..worksheets.prepared import PreparedWorksheet
from .common import CommandError, add_command, guide_project, messages, project_option


def _setup(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    pdf = actions.add_parser(
        "pdf",
        help="make a worksheet's fillable PDF, blank or pre-filled",
        description="Make a worksheet's fillable PDF. With --data its fields open filled in "
        "(and stay editable).\n\nExample: mentorguide worksheet pdf smart-goal "
        "--data answers.yml --paper a4 -o my-goal.pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pdf.add_argument(
        "slug", help="the worksheet, e.g. smart-goal (see: mentorguide worksheet list)"
    )
    pdf.add_argument(
        "--data",
        type=Path,
        help="answers to fill in: a YAML or JSON file, e.g. one exported from the worksheet's page",
    )
    pdf.add_argument(
        "--paper", choices=("letter", "a4"), default="letter", help="page size (default: letter)"
    )
    pdf.add_argument(
        "-o", "--output", help="where to write the PDF (default: <slug>.pdf; '-': standard output)"
    )
    project_option(pdf)
    listing = actions.add_parser("list", help="list the worksheets")
    project_option(listing)
    fields = actions.add_parser(
        "fields",
        help="list a worksheet's field names, what each takes and its label "
        "(the names --data uses)",
    )
    fields.add_argument("slug")
    project_option(fields)


def find_worksheet(project: Project, slug: str, t: Strings) -> PreparedWorksheet:
    sheets = project.prepared_worksheets
    if slug not in sheets:
        close = closest(slug, sheets)
        raise CommandError(
            t(
                "cli.worksheet.unknown",
                slug=slug,
                suggestion="" if close is None else t("cli.did_you_mean", name=close),
                sheets=", ".join(sheets) or t("cli.worksheet.none"),
            )
        )
    return sheets[slug]


def cmd_worksheet(args: argparse.Namespace) -> int:
    """Fillable worksheets: make a PDF (blank or pre-filled), list them, show their fields.

    Examples:
      mentorguide worksheet list
      mentorguide worksheet fields career-development-plan
      mentorguide worksheet pdf smart-goal --data answers.json -o my-goal.pdf
    """
    project = guide_project(args.project)
    if args.action == "list":
        for sheet in project.worksheets:
            print(f"{sheet.slug}\t{sheet.title}")
        return 0
    t = messages(args)
    prepared = find_worksheet(project, args.slug, t)
    sheet = prepared.sheet
    date_form = project.edition.strings("worksheet.date_format")
    if args.action == "fields":
        print("\n".join(describe_fields(prepared.fields, date_form)))
        return 0
    output: str = f"{sheet.slug}.pdf" if args.output is None else args.output
    inputs = [] if args.data is None else [("the --data file", args.data)]
    with Outputs(inputs) as outputs:
        outputs.plan(output)
        answers = None
        if args.data is not None:
            answers, problems = load_answers(args.data, prepared, date_form=date_form)
            if problems:
                lines = "\n".join(str(problem) for problem in sorted(problems))
                raise CommandError(
                    t("cli.worksheet.answers_do_not_fit", file=args.data, slug=sheet.slug)
                    + f"\n{lines}"
                )
        blank = render_worksheet(
            prepared, project.content, cache_dir=cache_dir(project.root), paper=args.paper
        ).read_bytes()
        try:
            filled = (
                Filled(blank, []) if answers is None else fill_form(blank, answers, prepared.fields)
            )
        except UndrawableText as error:
            raise CommandError(
                t("cli.worksheet.undrawable", file=args.data) + f"\n{error}"
            ) from None
        data = filled.data
        outputs.write(output, data)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    size = len(data) // 1024
    print(
        t("cli.worksheet.wrote", output=output, size=size)
        if answers is None
        else t.count("cli.worksheet.wrote_filled", len(answers), output=output, size=size),
        file=out,
    )
    for spec in filled.cut:
        # Not silent: the field holds the whole answer (a viewer scrolls it), paper does not.
        print(t("cli.worksheet.cut", name=spec.name, label=spec.label), file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "worksheet", cmd_worksheet, _setup)
