"""``mentorguide program …``: run a mentorship program cycle after cycle from one program file.

Each action opens the program file (``--db``, else ``MENTORGUIDE_DB``, else
``./program.sqlite``), does its work in one transaction and closes it; library errors become
``Error: …`` and exit code 1.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from datetime import date

from ..edition.strings import Strings
from ..program import (
    CycleStatus,
    ProgramError,
    Unpaired,
    add_cycle,
    init_program,
    program_status,
    resolve_location,
)
from . import program_checkins
from .common import CommandError, Handler, add_command, messages
from .program_common import db_option as _db_option
from .program_common import open_program_file as _program
from .program_cycle import add_cycle_actions

ADD_CYCLE_HINT = (
    "mentorguide program add-cycle 2027-spring --start 2027-03-01 --end 2027-08-31 "
    '--name "Spring 2027"'
)


def cmd_program_init(args: argparse.Namespace) -> int:
    """Create the program file, with the program's name (and its society's).

    Example: mentorguide program init --name "Technician Mentorship Program" \\
        --society "Ohio Society of Health-System Pharmacists"
    """
    location = resolve_location(args.db)
    t = messages(args)
    with init_program(location, name=args.name, society=args.society) as program:
        society = f" ({args.society.strip()})" if args.society else ""
        print(
            t(
                "cli.program.init.created",
                file=program.location,
                name=args.name.strip(),
                society=society,
            )
        )
        print(f"  {ADD_CYCLE_HINT}")
    return 0


def cmd_program_add_cycle(args: argparse.Namespace) -> int:
    """Add a cycle: one round of the program, from its first day to its last.

    Example: mentorguide program add-cycle 2027-spring --start 2027-03-01 --end 2027-08-31 \\
        --name "Spring 2027"
    """
    with _program(args) as program, program.writing() as tx:
        cycle = add_cycle(tx, args.cycle, name=args.name, starts_on=args.start, ends_on=args.end)
    added = messages(args)(
        "cli.program.add_cycle.added",
        cycle=cycle.id,
        name=cycle.name,
        start=cycle.starts_on.isoformat(),
        end=cycle.ends_on.isoformat(),
    )
    print(added)
    return 0


def cmd_program_status(args: argparse.Namespace) -> int:
    """Say where the program stands: per cycle, who is enrolled, paired and unpaired, and why.

    With --cycle, also name each unpaired person.
    Example: mentorguide program status --cycle 2027-spring
    """
    t = messages(args)
    with _program(args) as program, program.reading() as tx:
        # The reasons for no pair are in the words of the command's own lines.
        status = program_status(tx, args.cycle, strings=t)
    society = f" ({status.program.society})" if status.program.society else ""
    print(t("cli.program.status.program", name=status.program.name, society=society))
    print(t("cli.program.status.file", file=program.location, revision=status.program.revision))
    if not status.cycles:
        print(t("cli.program.status.no_cycles", command=ADD_CYCLE_HINT))
    for cycle in status.cycles:
        print("\n".join(_cycle_lines(cycle, t, named=args.cycle is not None)))
    return 0


def _cycle_lines(status: CycleStatus, t: Strings, *, named: bool) -> list[str]:
    cycle = status.cycle
    matched = (
        t("cli.program.status.last_matched", date=cycle.matched_at.date().isoformat())
        if cycle.matched_at
        else t("cli.program.status.not_matched")
    )
    title = f" ({cycle.name})" if cycle.name != cycle.id else ""
    pairs = status.pairs
    ended = t.count("cli.program.status.ended", pairs["ended"]) if pairs["ended"] else ""
    mentees = t.count("cli.program.mentees", status.mentees)
    lines = [
        t(
            "cli.program.status.cycle",
            cycle=cycle.id,
            title=title,
            start=cycle.starts_on.isoformat(),
            end=cycle.ends_on.isoformat(),
            matched=matched,
        ),
        t(
            "cli.program.status.enrolled",
            mentees=mentees,
            mentors=t.count("cli.program.mentors", status.mentors),
        ),
        t(
            "cli.program.status.paired",
            paired=f"{status.paired_mentees:,}",
            mentees=mentees,
            confirmed=f"{pairs['confirmed']:,}",
            proposed=f"{pairs['proposed']:,}",
            ended=ended,
        ),
    ]
    if status.pins or status.forbids:
        lines.append(
            t(
                "cli.program.status.choices",
                pins=t.count("cli.program.status.pins", status.pins),
                forbids=t.count("cli.program.status.forbids", status.forbids),
            )
        )
    for label, unpaired in (
        ("cli.program.status.unpaired_mentees", status.unpaired_mentees),
        ("cli.program.status.unpaired_mentors", status.unpaired_mentors),
    ):
        if not unpaired:
            continue
        lines.append(f"  {t(label)}: {len(unpaired):,} ({_reasons(unpaired)})")
        if named:
            lines.extend(
                f"    {u.enrollment.person.name} <{u.enrollment.person.email}>: {u.reason}"
                for u in unpaired
            )
    return lines


def _reasons(unpaired: Sequence[Unpaired]) -> str:
    """``not matched yet: 3; their pair ended: 1``, the most common reason first."""
    counts = Counter(u.reason for u in unpaired)
    return "; ".join(f"{reason}: {count:,}" for reason, count in counts.most_common())


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(messages()("cli.argument.not_a_date", text=text)) from None


def _program_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="program_command", required=True, metavar="ACTION")

    def add(name: str, handler: Handler) -> argparse.ArgumentParser:
        doc = (handler.__doc__ or "").strip()
        child = sub.add_parser(
            name,
            help=doc.splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        child.set_defaults(program_handler=handler)
        _db_option(child)
        return child

    init = add("init", cmd_program_init)
    init.add_argument("--name", required=True, help="the program's name")
    init.add_argument("--society", help="the society or health system that runs it")
    cycle = add("add-cycle", cmd_program_add_cycle)
    cycle.add_argument("cycle", metavar="CYCLE", help="the cycle's id, e.g. 2027-spring")
    cycle.add_argument("--start", type=_date, required=True, help="its first day (YYYY-MM-DD)")
    cycle.add_argument("--end", type=_date, required=True, help="its last day (YYYY-MM-DD)")
    cycle.add_argument("--name", help="its name, e.g. 'Spring 2027' (default: the id)")
    status = add("status", cmd_program_status)
    status.add_argument("--cycle", help="only this cycle, naming each unpaired person")
    add_cycle_actions(add)
    program_checkins.add_actions(add, _program)


def cmd_program(args: argparse.Namespace) -> int:
    """Run a mentorship program cycle after cycle from one program file (SQLite or PostgreSQL).

    Example: mentorguide program init --name "Technician Mentorship Program"
    """
    handler: Handler = args.program_handler
    try:
        return handler(args)
    except ProgramError as error:
        raise CommandError(str(error)) from None


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "program", cmd_program, _program_options)
