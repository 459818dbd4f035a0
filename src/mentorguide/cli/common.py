"""What every command shares: the one-line error, the common options and finding the project."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..content.load import Content
from ..matching.responses import Responses
from ..project.defaults import default_root
from ..project.load import Project, load_project

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A user-facing failure: printed as ``Error: <message>``, exit code 1."""


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    setup: Callable[[argparse.ArgumentParser], None],
) -> argparse.ArgumentParser:
    """A subcommand whose help is ``handler``'s docstring (its first line the summary)."""
    doc = (handler.__doc__ or "").strip()
    summary = doc.splitlines()[0] if doc else ""
    child = sub.add_parser(
        name,
        help=summary,
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    setup(child)
    child.set_defaults(handler=handler)
    return child


def project_option(
    parser: argparse.ArgumentParser,
    help: str = "the guide project folder (holding content/ and mkdocs.yml)",
) -> None:
    parser.add_argument("--project", type=Path, default=Path("."), help=help)


def paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )


def guide_project(folder: Path) -> Project:
    """The guide project; outside any project, the default guide (so a coordinator can run
    surveys and matching from any folder)."""
    if (folder / "content").is_dir():
        return load_project(folder)
    if folder == Path(".") and (default_root() / "content").is_dir():
        return load_project(default_root())
    raise CommandError(f"no content/ folder in {folder} (is --project the guide project?)")


def guide_content(folder: Path) -> Content:
    return guide_project(folder).content


def print_notes(*parts: Responses) -> None:
    """What a person should know about their files that did not stop the command."""
    for part in parts:
        for note in part.notes:
            print(f"Note: {note}", file=sys.stderr)
