"""The ``mentorguide`` command: a thin shell over the library.

Each command group lives in its own module (``content``, ``worksheet``, ``survey``,
``match``, ``program``) as functions ``cmd_<name>(args) -> int`` over library calls;
library errors become a clean message on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..content.errors import ContentError
from ..files.targets import OutputError, reason
from . import content, match, program, survey, worksheet
from .common import CommandError, messages

#: The command groups, in the order ``--help`` lists them.
GROUPS = (content, worksheet, survey, match, program)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorguide",
        description="The Technician Mentorship Resource Guide: validate content, make "
        "worksheets, match mentors with mentees and run a program cycle after cycle.",
    )
    parser.add_argument("--version", action="version", version=f"mentorguide {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except (CommandError, OutputError) as error:
        print(messages(args)("cli.error", message=error), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _reader_gone()
    except OSError as error:
        # Whatever the system refused that no command foresaw: still one line, no traceback.
        where = f"{error.filename}: " if error.filename else ""
        print(messages(args)("cli.error", message=f"{where}{reason(error)}"), file=sys.stderr)
        return 1


#: The exit status of a program a closed pipe stops (128 + SIGPIPE), as `head` expects.
BROKEN_PIPE = 141


def _reader_gone() -> int:
    """The reader of our output left (``mentorguide … | head``): stop quietly, as a Unix tool
    does. Standard output is pointed at /dev/null so that the interpreter's own flush at exit
    does not fail again (the recipe of Python's signal module documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
