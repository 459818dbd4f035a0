"""``mentorguide match`` and ``mentorguide weights``: pair mentees with mentors from their
survey answers, and write the default weights to edit.

Every output is written through :class:`~mentorguide.files.outputs.Outputs`: nothing
appears until the whole command has succeeded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..files.inputs import InputError
from ..files.outputs import Outputs
from ..matching.fields import SurveyShapeError
from ..matching.match import METHODS
from ..matching.run import MatchOutputs, match_files, write_match
from ..matching.scoring import WeightsError, default_weights_text
from .common import (
    CommandError,
    add_command,
    guide_project,
    messages,
    paper_option,
    print_notes,
    project_option,
)


def _match_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mentors", type=Path, required=True, help="mentor survey answers (CSV)")
    parser.add_argument("--mentees", type=Path, required=True, help="mentee survey answers (CSV)")
    parser.add_argument(
        "-o", "--output", required=True, help="the pairs CSV to write ('-': standard output)"
    )
    parser.add_argument("--report", help="also write a readable HTML report here")
    parser.add_argument("--scores", help="also write every possible pair's fit score here (large)")
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
        metavar="DIR",
        help="also write a pre-filled mentorship agreement PDF per pair into this folder "
        "(new, or one an earlier run wrote: its agreements are replaced)",
    )
    paper_option(parser)
    parser.add_argument("--weights", type=Path, help="a weights file (default: built in)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="optimal",
        help="optimal: best total fit (default); stable: no two people would rather swap",
    )
    project_option(parser)


def cmd_match(args: argparse.Namespace) -> int:
    """Pair mentees with mentors from their survey answers; write pairs.csv (and a report).

    Example: mentorguide match --mentors mentors.csv --mentees mentees.csv -o pairs.csv \\
        --report pairs.html --pin M04:E17 --forbid M02:E03
    """
    project = guide_project(args.project)
    targets = MatchOutputs(args.output, args.report, args.scores, args.agreements, args.paper)
    t = messages(args)
    sources = (
        t("match.sources_weights", mentors=args.mentors, mentees=args.mentees, weights=args.weights)
        if args.weights
        else t("match.sources", mentors=args.mentors, mentees=args.mentees)
    )
    inputs = [("the --mentors file", args.mentors), ("the --mentees file", args.mentees)]
    if args.weights:
        inputs.append(("the --weights file", args.weights))
    with Outputs(inputs) as outputs:
        targets.plan(outputs)
        try:
            result = match_files(
                project,
                mentees=args.mentees,
                mentors=args.mentors,
                weights=args.weights,
                method=args.method,
                pins=args.pin,
                forbids=args.forbid,
            )
            if args.agreements:
                # About 40 ms a PDF: say so before a long wait.
                print(t.count("cli.match.filling", len(result.pairs)), file=sys.stderr)
            write_match(result, project, targets, outputs, sources=sources + ".")
        except (InputError, WeightsError, SurveyShapeError) as error:
            raise CommandError(str(error)) from None
        out = sys.stderr if outputs.to_stdout else sys.stdout  # keep the data stream clean
        outputs.commit()
    print_notes(t, result.mentors, result.mentees)
    written = [str(p) for p in (args.output, args.scores, args.report) if p]
    if args.agreements:
        written.append(
            t.count("cli.match.agreements_in", len(result.pairs), folder=args.agreements)
        )
    matched, n = len(result.pairs), len(result.mentees)
    summary = t(
        "cli.match.matched",
        matched=f"{matched:,}",
        mentees=f"{n:,}",
        used=f"{int((result.load > 0).sum()):,}",
        mentors=f"{len(result.mentors):,}",
        method=args.method,
        score=f"{result.total_score:,.1f}",
        written=", ".join(written),
    )
    print(summary, file=out)
    if matched < n:
        print(t.count("cli.match.unmatched", n - matched), file=out)
    return 0


def _weights_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="the file to write (default: print it)")


def cmd_weights(args: argparse.Namespace) -> int:
    """Write the default matching weights, with their explanations, to edit for --weights.

    Example: mentorguide weights -o weights.yml
    """
    text = default_weights_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    with Outputs() as outputs:
        outputs.write(args.output, text)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    print(messages(args)("cli.weights.wrote", file=args.output), file=out)
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "match", cmd_match, _match_options)
    add_command(sub, "weights", cmd_weights, _weights_options)
