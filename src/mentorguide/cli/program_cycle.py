"""``mentorguide program enroll|match|export|import|agreements|calendar``: a cycle, step by
step, from the survey files to each pair's agreement and calendar.

Thin shells over ``mentorguide.program``: each reads its files, does its work in one
transaction and writes its outputs all or nothing (:class:`~mentorguide.files.outputs.Outputs`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path

from ..edition.strings import Strings
from ..files.inputs import InputError
from ..files.outputs import Outputs
from ..files.targets import OutputError
from ..matching.fields import SurveyShapeError
from ..matching.match import METHODS
from ..matching.scoring import WeightsError, load_weights
from ..program.calendar import MeetingTimes, write_cycle_calendars
from ..program.documents import write_cycle_agreements
from ..program.exports import SHEETS, export_rows
from ..program.imports import import_pairs
from ..program.intake import enroll_files, read_survey_files
from ..program.matching import match_cycle
from ..program.people import Enrolled
from ..program.sheets import is_workbook, write_sheet
from .common import (
    CommandError,
    guide_project,
    messages,
    paper_option,
    print_notes,
    project_option,
)
from .program_checkins import EXPORTS as AFTER_MATCHING
from .program_checkins import export_after_matching
from .program_common import AddAction, open_program_file


@contextmanager
def _errors() -> Iterator[None]:
    """Problems with files, weights and outputs become the one ``Error:`` line too."""
    try:
        yield
    except (InputError, OutputError, WeightsError, SurveyShapeError) as error:
        raise CommandError(str(error)) from None


def _count(done: Enrolled, people: str, t: Strings) -> str:
    """``3 mentees (2 added, 1 unchanged)``; ``people`` is the key of the count's words."""
    total = len(done.added) + len(done.updated) + len(done.unchanged)
    parts = [
        t.count(key, len(who))
        for key, who in (
            ("cli.program.enroll.added", done.added),
            ("cli.program.enroll.updated", done.updated),
            ("cli.program.enroll.unchanged", done.unchanged),
        )
        if who
    ]
    return f"{t.count(people, total)} ({', '.join(parts) or t('cli.program.enroll.none')})"


def cmd_program_enroll(args: argparse.Namespace) -> int:
    """Enroll a cycle's mentees and mentors from their survey answers.

    The files are those `mentorguide match` reads: CSV, .xlsx, the site's JSON, filled
    survey PDFs.
    Every problem in either file is reported with its file, row and column, and then nothing
    is enrolled. People are known by email: someone who was a mentee last cycle may be a
    mentor in this one. Enrolling again updates the answers that changed.
    Example: mentorguide program enroll --cycle 2027-spring --mentees mentees.xlsx \\
        --mentors mentors.csv
    """
    project = guide_project(args.project)
    with _errors():
        files = read_survey_files(project, mentees=args.mentees, mentors=args.mentors)
    t = messages(args)
    print_notes(t, files.mentees, files.mentors)
    with open_program_file(args) as program, program.writing() as tx:
        done = enroll_files(tx, args.cycle, files)
    changed = len(done.mentees.new_profiles) + len(done.mentors.new_profiles)
    enrolled = t(
        "cli.program.enroll.enrolled",
        cycle=args.cycle,
        mentees=_count(done.mentees, "cli.program.mentees", t),
        mentors=_count(done.mentors, "cli.program.mentors", t),
    )
    print(enrolled)
    if changed:
        print(t.count("cli.program.enroll.changed", changed))
    print(t("cli.program.enroll.next", cycle=args.cycle))
    return 0


def cmd_program_match(args: argparse.Namespace) -> int:
    """Pair the cycle's unpaired people, keeping confirmed pairs and the program's history.

    It scores and solves as `mentorguide match` does.
    Confirmed pairs are kept; the coordinator's pins are made and forbids never; two people
    paired in an earlier cycle are never paired again. The new proposals replace the
    cycle's earlier ones.
    Example: mentorguide program match --cycle 2027-spring --method stable
    """
    project = guide_project(args.project)
    with _errors():
        weights = load_weights(args.weights) if args.weights else None
        with open_program_file(args) as program, program.writing() as tx:
            done = match_cycle(tx, project, args.cycle, method=args.method, weights=weights)
    t = messages(args)
    mentees = len(done.unpaired_mentees)
    matched = t(
        "cli.program.match.matched",
        cycle=args.cycle,
        method=args.method,
        proposed=t.count("cli.program.match.proposed", len(done.proposed)),
        kept=t.count("cli.program.match.kept", len(done.kept)),
    )
    print(matched)
    if mentees:
        print(t.count("cli.program.match.unpaired", mentees, cycle=args.cycle))
    print(t("cli.program.match.next", cycle=args.cycle))
    return 0


def cmd_program_export(args: argparse.Namespace) -> int:
    """Write one of the cycle's sheets as CSV or .xlsx.

    pairs: to edit and import back; roster: everyone enrolled, paired or not and why;
    introductions: a mail-merge sheet, one row per confirmed pair; checkins and
    evaluations: the answers collected after matching. The file's name (.csv or .xlsx) says
    which format.

    Example: mentorguide program export pairs --cycle 2027-spring -o pairs.xlsx
    """
    if args.sheet in AFTER_MATCHING:
        return export_after_matching(args)
    t = messages(args)
    if args.output != "-" and Path(args.output).suffix.lower() not in (".csv", ".xlsx"):
        raise CommandError(t("cli.program.export.not_a_sheet", output=args.output))
    project = guide_project(args.project)
    content = project.content if args.sheet == "introductions" else None
    with _errors(), Outputs() as outputs:
        outputs.plan(args.output, "-o")
        with open_program_file(args) as program, program.reading() as tx:
            sheet = export_rows(tx, content, args.cycle, args.sheet, strings=project.strings)
        with outputs.file(args.output, "-o") as path:
            write_sheet(
                path, sheet.header, sheet.rows, workbook=is_workbook(args.output), title=sheet.title
            )
        out = sys.stderr if outputs.to_stdout else sys.stdout
        outputs.commit()
    rows = t.count("cli.program.export.wrote", len(sheet.rows), file=args.output, sheet=args.sheet)
    print(rows, file=out)
    if args.sheet == "introductions":
        _none_confirmed(len(sheet.rows), args.cycle, t)
    return 0


def cmd_program_import(args: argparse.Namespace) -> int:
    """Read back an edited pairs sheet: kept rows confirmed, deleted forbidden, added pinned.

    The sheet is the one `program export pairs` writes (CSV or .xlsx); pins are made by the
    next `program match`.
    People are read by the mentee_email and mentor_email columns; every problem (someone not
    enrolled, a mentor over their capacity) names its row and column, and nothing changes.
    Example: mentorguide program import pairs pairs.xlsx --cycle 2027-spring
    """
    with open_program_file(args) as program, program.writing() as tx:
        done = import_pairs(tx, args.cycle, args.file, str(args.file))
    t = messages(args)
    imported = t(
        "cli.program.import.imported",
        file=args.file,
        confirmed=t.count("cli.program.import.confirmed", len(done.confirmed)),
        forbidden=t.count("cli.program.import.forbidden", len(done.forbidden)),
        pinned=t.count("cli.program.import.pinned", len(done.pinned)),
    )
    print(imported)
    if done.pinned or done.forbidden:
        print(t("cli.program.import.next", cycle=args.cycle))
    return 0


def cmd_program_agreements(args: argparse.Namespace) -> int:
    """Write a pre-filled mentorship agreement PDF for each confirmed pair of the cycle.

    Both names, the meeting frequency when they chose the same one and the platforms they
    share are filled in; the file names are the introductions sheet's agreement_file.
    Example: mentorguide program agreements --cycle 2027-spring -o agreements
    """
    project = guide_project(args.project)
    with _errors(), Outputs() as outputs:
        outputs.plan_folder(args.output, "-o")
        with (
            open_program_file(args) as program,
            program.reading() as tx,
            outputs.folder(args.output, "-o") as folder,
        ):
            count = write_cycle_agreements(tx, project, args.cycle, folder, args.paper)
        outputs.commit()
    t = messages(args)
    print(t.count("cli.program.agreements.wrote", count, folder=args.output))
    _none_confirmed(count, args.cycle, t)
    return 0


def cmd_program_calendar(args: argparse.Namespace) -> int:
    """Write each confirmed pair's meetings as a calendar file (.ics).

    RFC 5545 files that Outlook, Google Calendar and Apple Calendar import: the first
    meeting, then a series at the pair's frequency until the cycle ends, each with a
    reminder the day before.

    Example: mentorguide program calendar --cycle 2027-spring -o calendars --time 12:30
    """
    project = guide_project(args.project)
    times = MeetingTimes(args.time, args.minutes)
    with _errors(), Outputs() as outputs:
        outputs.plan_folder(args.output, "-o")
        with (
            open_program_file(args) as program,
            program.reading() as tx,
            outputs.folder(args.output, "-o") as folder,
        ):
            count = write_cycle_calendars(
                tx, project.content, args.cycle, folder, times, strings=project.strings
            )
        outputs.commit()
    t = messages(args)
    print(t.count("cli.program.calendar.wrote", count, folder=args.output))
    _none_confirmed(count, args.cycle, t)
    return 0


def _none_confirmed(count: int, cycle: str, t: Strings) -> None:
    """What to do when a command for confirmed pairs found none."""
    if count == 0:
        print(t("cli.program.none_confirmed", cycle=cycle), file=sys.stderr)


def _time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(messages()("cli.argument.not_a_time", text=text)) from None


def _minutes(text: str) -> int:
    if not text.isdigit() or not 5 <= int(text) <= 480:
        raise argparse.ArgumentTypeError(messages()("cli.argument.not_a_length", text=text))
    return int(text)


def _cycle(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cycle", required=True, help="the cycle's id, e.g. 2027-spring")


def add_cycle_actions(add: AddAction) -> None:
    """The cycle's actions, under ``mentorguide program``."""
    enroll = add("enroll", cmd_program_enroll)
    _cycle(enroll)
    enroll.add_argument("--mentees", type=Path, required=True, help="mentee survey answers")
    enroll.add_argument("--mentors", type=Path, required=True, help="mentor survey answers")
    project_option(enroll)

    match = add("match", cmd_program_match)
    _cycle(match)
    match.add_argument(
        "--method",
        choices=METHODS,
        default="optimal",
        help="optimal: best total fit (default); stable: no two people would rather swap",
    )
    match.add_argument("--weights", type=Path, help="a weights file (default: built in)")
    project_option(match)

    export = add("export", cmd_program_export)
    export.add_argument("sheet", choices=(*SHEETS, *AFTER_MATCHING), help="which sheet")
    export.set_defaults(program_opener=open_program_file)
    _cycle(export)
    export.add_argument(
        "-o", "--output", required=True, help="the file to write: .csv or .xlsx ('-': CSV out)"
    )
    project_option(export)

    imports = add("import", cmd_program_import)
    imports.add_argument("what", choices=("pairs",), help="what the sheet holds")
    imports.add_argument("file", type=Path, metavar="FILE", help="the edited .csv or .xlsx")
    _cycle(imports)

    agreements = add("agreements", cmd_program_agreements)
    _cycle(agreements)
    agreements.add_argument("-o", "--output", required=True, help="the folder to write")
    paper_option(agreements)
    project_option(agreements)

    calendar = add("calendar", cmd_program_calendar)
    _cycle(calendar)
    calendar.add_argument("-o", "--output", required=True, help="the folder to write")
    calendar.add_argument(
        "--time", type=_time, default=time(12, 0), help="the meetings' time of day (default 12:00)"
    )
    calendar.add_argument(
        "--minutes", type=_minutes, default=60, help="how long a meeting lasts (default 60)"
    )
    project_option(calendar)
