"""``mentorguide program collect|report|reminders|rematch`` and ``export checkins|evaluations``:
the cycle after matching.

Registered by :mod:`mentorguide.cli.program` (``add_actions``), which opens the program file
for each; every output is written through :class:`~mentorguide.files.outputs.Outputs` (all or
nothing), and a command that changes the program does it in one transaction.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

from ..files.outputs import Outputs
from ..program import Program, program_info
from ..program.checkin_sheets import (
    CHECK_IN_HEADER,
    EVALUATION_HEADER,
    REMINDER_HEADER,
    check_in_rows,
    evaluation_rows,
    reminder_rows,
    sheet_suffix,
    write_sheet,
)
from ..program.collect import collect
from ..program.health import cycle_health
from ..program.rematch import rematch
from ..program.report import AUDIENCES, render_report
from .common import CommandError, Handler, guide_project, messages, project_option

Opener = Callable[[argparse.Namespace], AbstractContextManager[Program]]
Add = Callable[[str, Handler], argparse.ArgumentParser]
#: What ``program export`` writes besides the pairs, roster and introductions, with the
#: strings key of what it says it wrote.
EXPORTS = {
    "checkins": (CHECK_IN_HEADER, check_in_rows, "cli.program.export.wrote_checkins"),
    "evaluations": (EVALUATION_HEADER, evaluation_rows, "cli.program.export.wrote_evaluations"),
}
#: What ``program report`` says it wrote, by audience.
REPORT_WROTE = {
    "coordinator": "cli.program.report.wrote_coordinator",
    "leadership": "cli.program.report.wrote_leadership",
}
#: What ``program collect`` records (``Recorded``'s kinds), each with its strings key.
COLLECTED = (
    ("fit checks", "cli.program.collect.fit_checks"),
    ("check-ins", "cli.program.collect.check_ins"),
    ("evaluations", "cli.program.collect.evaluations"),
)


def _open(args: argparse.Namespace) -> AbstractContextManager[Program]:
    """The program file, opened as every ``program`` action opens it."""
    opener: Opener = args.program_opener
    return opener(args)


def _as_of(args: argparse.Namespace) -> date:
    return args.as_of or date.today()


def _sheet_target(args: argparse.Namespace) -> str:
    target: str = args.output
    if target != "-" and sheet_suffix(target) is None:
        raise CommandError(messages(args)("cli.program.not_a_sheet", target=target))
    return target


def cmd_program_collect(args: argparse.Namespace) -> int:
    """Collect fit checks, check-ins and evaluations: the site's JSON and PDF exports, or an
    online form's CSV/XLSX export (question text as headers), each tied to its pair by the
    pair id or both emails. Any problem: every one is listed, and nothing is recorded.

    Example: mentorguide program collect check-ins.csv fit-check-*.json --cycle 2027-spring
    """
    project = guide_project(args.project)
    files = [(Path(name), name) for name in args.files]
    with _open(args) as program, program.writing() as tx:
        collected = collect(tx, args.cycle, project, files)
    t = messages(args)
    for note in collected.notes:
        print(t("cli.note", note=note), file=sys.stderr)
    assert collected.recorded is not None
    done = collected.recorded
    parts = [
        t.count(key, done.added[kind])
        + (
            t.count("cli.program.collect.replaced", done.replaced[kind])
            if done.replaced[kind]
            else ""
        )
        for kind, key in COLLECTED
        if done.added[kind] or done.replaced[kind]
    ]
    none = t("cli.program.collect.no_answers")
    print(t("cli.program.collect.collected", cycle=args.cycle, answers=", ".join(parts) or none))
    return 0


def cmd_program_report(args: argparse.Namespace) -> int:
    """Write the cycle's report: one self-contained HTML page with charts and their tables.

    --audience leadership shares aggregates only: no names, no free text, no count under 5.
    Example: mentorguide program report --cycle 2027-spring -o report.html --audience leadership
    """
    edition = guide_project(args.project).edition
    with Outputs() as outputs:
        outputs.plan(args.output)
        with _open(args) as program, program.reading() as tx:
            info = program_info(tx)
            health = cycle_health(tx, args.cycle, _as_of(args), brief=True)
        outputs.write(args.output, render_report(info, health, args.audience, edition=edition))
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    wrote = messages(args)(REPORT_WROTE[args.audience], cycle=args.cycle, file=args.output)
    print(wrote, file=out)
    return 0


def cmd_program_reminders(args: argparse.Namespace) -> int:
    """Write a mail-merge sheet of the pairs to nudge: check-in overdue, none yet, or a fit
    check missing, with what to ask.

    Example: mentorguide program reminders --cycle 2027-spring --as-of 2027-05-01 -o reminders.csv
    """
    target = _sheet_target(args)
    strings = guide_project(args.project).strings
    with Outputs() as outputs:
        outputs.plan(target)
        with _open(args) as program, program.reading() as tx:
            health = cycle_health(tx, args.cycle, _as_of(args), brief=True)
            rows = reminder_rows(health, strings)
        write_sheet(outputs, target, REMINDER_HEADER, rows)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    print(messages(args).count("cli.program.reminders.wrote", len(rows), file=target), file=out)
    return 0


def export_after_matching(args: argparse.Namespace) -> int:
    """``program export checkins|evaluations`` (registered with the other sheets in
    :mod:`.program_cycle`): the cycle's check-ins or evaluations as a sheet."""
    target = _sheet_target(args)
    header, make_rows, wrote_key = EXPORTS[args.sheet]
    with Outputs() as outputs:
        outputs.plan(target)
        with _open(args) as program, program.reading() as tx:
            # Every answer collected, whatever its date.
            rows = make_rows(cycle_health(tx, args.cycle, date.max))
        write_sheet(outputs, target, header, rows)
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    wrote = messages(args).count(wrote_key, len(rows), file=target)
    print(wrote, file=out)
    return 0


def cmd_program_rematch(args: argparse.Namespace) -> int:
    """Dissolve the pairs whose fit check says not to continue (ended, and forbidden from
    being paired again), keep every other pair, and pair the people left.

    Example: mentorguide program rematch --cycle 2027-spring
    """
    project = guide_project(args.project)
    with _open(args) as program, program.writing() as tx:
        done = rematch(tx, args.cycle, project)
    t = messages(args)
    if not done.dissolved:
        print(t("cli.program.rematch.nothing", cycle=args.cycle))
        return 0
    for pair in done.dissolved:
        ended = t(
            "cli.program.rematch.ended",
            mentee=pair.mentee.email,
            mentor=pair.mentor.email,
            pair=pair.id,
        )
        print(ended)
    for proposal in done.proposed:
        print(
            t(
                "cli.program.rematch.proposed",
                mentee=proposal.mentee.email,
                mentor=proposal.mentor.email,
            )
        )
    for email, why in done.unpaired.items():
        print(t("cli.program.rematch.unpaired", email=email, reason=why))
    kept = t.count("cli.program.rematch.kept", len(done.kept), proposed=f"{len(done.proposed):,}")
    print(kept)
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(messages()("cli.argument.not_a_date", text=text)) from None


def add_actions(add: Add, opener: Opener) -> None:
    """Register the after-matching actions under ``program``."""

    def cycle_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--cycle", required=True, help="the cycle, e.g. 2027-spring")
        parser.set_defaults(program_opener=opener)

    collect_ = add("collect", cmd_program_collect)
    collect_.add_argument("files", nargs="+", metavar="FILE", help=".csv, .xlsx, .json or .pdf")
    cycle_option(collect_)
    project_option(collect_)
    report = add("report", cmd_program_report)
    cycle_option(report)
    report.add_argument("-o", "--output", required=True, metavar="FILE.html")
    report.add_argument("--audience", choices=AUDIENCES, default="coordinator")
    report.add_argument("--as-of", type=_date, help="the day the report is for (default: today)")
    project_option(report)
    reminders = add("reminders", cmd_program_reminders)
    cycle_option(reminders)
    reminders.add_argument("--as-of", type=_date, help="the day to judge by (default: today)")
    reminders.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.xlsx")
    project_option(reminders)
    again = add("rematch", cmd_program_rematch)
    cycle_option(again)
    project_option(again)
