"""What the ``mentorguide program …`` actions share: opening the program file, its option."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..program import ENVIRONMENT_VARIABLE, Program, open_program, resolve_location
from .common import Handler, messages

#: Adds one action: its name and handler → its parser (``--db`` already on it).
AddAction = Callable[[str, Handler], argparse.ArgumentParser]


@contextmanager
def open_program_file(args: argparse.Namespace) -> Iterator[Program]:
    """The open program file; a note on stderr when opening it upgraded an older one."""
    with open_program(resolve_location(args.db)) as program:
        upgrade = program.upgrade
        if upgrade is not None:
            t = messages(args)
            values = {"location": program.location, "old": upgrade.old, "new": upgrade.new}
            note = (
                t("cli.program.upgraded_backup", backup=upgrade.backup, **values)
                if upgrade.backup
                else t("cli.program.upgraded", **values)
            )
            print(note, file=sys.stderr)
        yield program


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=f"the program file (default: ${ENVIRONMENT_VARIABLE}, else ./program.sqlite), or "
        "a postgresql:// URL for a program on a server",
    )
