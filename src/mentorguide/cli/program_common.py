"""What the ``mentorguide program …`` actions share: opening the program file, its option."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..program import ENVIRONMENT_VARIABLE, Program, open_program, resolve_location
from .common import Handler

#: Adds one action: its name and handler → its parser (``--db`` already on it).
AddAction = Callable[[str, Handler], argparse.ArgumentParser]


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@contextmanager
def open_program_file(args: argparse.Namespace) -> Iterator[Program]:
    """The open program file; a note on stderr when opening it upgraded an older one."""
    with open_program(resolve_location(args.db)) as program:
        upgrade = program.upgrade
        if upgrade is not None:
            copy = f" (the file as it was: {upgrade.backup})" if upgrade.backup else ""
            print(
                f"Note: upgraded {program.location} from schema {upgrade.old} to "
                f"{upgrade.new}{copy}",
                file=sys.stderr,
            )
        yield program


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=f"the program file (default: ${ENVIRONMENT_VARIABLE}, else ./program.sqlite), or "
        "a postgresql:// URL for a program on a server",
    )
