"""The ``mentorguide`` command: a thin shell over the library.

Each subcommand is a function ``cmd_<name>(args) -> int``; library errors become a clean
message on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ContentError
from .project import load_project
from .scaffold import ScaffoldError, create_project
from .schema import stale_schemas, write_schemas


class CommandError(Exception):
    """A user-facing failure: printed as ``Error: <message>``, exit code 1."""


def cmd_check(args: argparse.Namespace) -> int:
    """Validate all content and worksheets; print every problem.

    Example: mentorguide check --project .
    """
    project = load_project(args.project)
    sheets = len(project.worksheets)
    print(
        f"Content OK: {len(project.content.sources)} content files and {sheets} worksheets "
        "are valid."
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write JSON Schema files for editors (or, with --check, fail if they are out of date).

    Example: mentorguide schema --out schemas/
    """
    if args.check:
        stale = stale_schemas(args.out)
        if stale:
            raise CommandError(
                f"out-of-date schema files in {args.out}: {', '.join(stale)} "
                "(run: mentorguide schema)"
            )
        print(f"Schemas in {args.out} are up to date.")
        return 0
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create a society's project that builds the full guide under its own name.

    Example: mentorguide init oshp-guide --name "Ohio Society of Health-System Pharmacists"
    """
    try:
        written = create_project(args.directory, args.name, args.short_name)
    except ScaffoldError as error:
        raise CommandError(str(error)) from None
    print(f"Created {args.directory} ({len(written)} files). Next:")
    print(f"  cd {args.directory} && make site     # build into site/")
    print("  make serve                          # preview while you edit")
    return 0


def _init_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, help="the new project's folder (new or empty)")
    parser.add_argument("--name", required=True, help="the society's full name")
    parser.add_argument("--short-name", help="a short form, e.g. OSHP (default: initials)")


#: Registered subcommands: name → (function, argument setup). Other modules add theirs here.
COMMANDS: dict[
    str, tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None]]
] = {}


def command(
    name: str, setup: Callable[[argparse.ArgumentParser], None]
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    def register(
        function: Callable[[argparse.Namespace], int],
    ) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = (function, setup)
        return function

    return register


def _project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        help="the guide project folder (holding content/ and mkdocs.yml)",
    )


def _schema_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("schemas"),
        help="folder for the .schema.json files (default: schemas)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the files match the models"
    )


command("check", _project_option)(cmd_check)
command("schema", _schema_options)(cmd_schema)
command("init", _init_options)(cmd_init)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorguide",
        description="The Technician Mentorship Resource Guide: validate content, make "
        "worksheets and match mentors with mentees.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (function, setup) in COMMANDS.items():
        doc = (function.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else ""
        child = sub.add_parser(
            name,
            help=summary,
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        setup(child)
        child.set_defaults(handler=function)
    return parser


def _load_plugins() -> None:
    # Subcommands that live with their feature register themselves on import.
    import importlib

    for module in ("mentorguide.worksheets.cli", "mentorguide.matching.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _load_plugins()
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except CommandError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
