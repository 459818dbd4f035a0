"""What every command shares: the one-line error, the common options and finding the project."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__
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
    help: str = "the guide project's folder (default: this folder if it is one, otherwise "
    "the guide packaged with mentorguide)",
) -> None:
    parser.add_argument("--project", type=Path, default=None, help=help)


def paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )


#: What makes a folder a guide project, for the commands: a society's project needs only its
#: society.yml (its content/, docs/ and worksheets/ hold just its changes); a whole guide
#: needs its content/ and worksheets/. A folder with any of these is meant as a project.
SOCIETY_PARTS = ("society.yml",)
GUIDE_PARTS = ("content", "worksheets")
PROJECT_SIGNS = ("mkdocs.yml", "society.yml", "content", "worksheets")


def _shown(parts: list[str], joiner: str = ", ") -> str:
    """Parts as a person reads them: folders with a slash (``content/``), files as named."""
    return joiner.join(part if "." in part else f"{part}/" for part in parts)


def guide_project(folder: Path | None) -> Project:
    """The project a command works on: ``--project``'s folder, else this folder if it is a
    project, else (saying so on stderr) the default guide the package carries, so a
    coordinator can make worksheets, surveys and pairs in any folder.

    A folder that looks like a project but lacks a part is an error naming the part.
    """
    explicit = folder is not None
    folder = folder if folder is not None else Path(".")
    name = str(folder) if explicit else "this folder"
    if explicit and not folder.is_dir():
        raise CommandError(f"--project {folder}: no such folder")
    signs = [part for part in PROJECT_SIGNS if (folder / part).exists()]
    if not signs:
        if explicit:
            raise CommandError(
                f"{folder} is not a guide project: a society's project has society.yml, a "
                "whole guide content/ and worksheets/ (--project names the project's folder)"
            )
        print(
            f"Note: no guide project in this folder; using the guide packaged with "
            f"mentorguide {__version__} (--project DIR for another).",
            file=sys.stderr,
        )
        return load_project(default_root())
    if all((folder / part).exists() for part in SOCIETY_PARTS) or all(
        (folder / part).is_dir() for part in GUIDE_PARTS
    ):
        return load_project(folder)
    missing = [part for part in GUIDE_PARTS if not (folder / part).is_dir()]
    raise CommandError(
        f"{name} looks like a guide project (it has {_shown(signs)}) but has no "
        f"{_shown(missing, ' and ')}: a society's project needs society.yml, a whole guide "
        "content/ and worksheets/. Run mentorguide in the project's folder, or name it with "
        "--project DIR."
    )


def guide_content(folder: Path | None) -> Content:
    return guide_project(folder).content


def print_notes(*parts: Responses) -> None:
    """What a person should know about their files that did not stop the command."""
    for part in parts:
        for note in part.notes:
            print(f"Note: {note}", file=sys.stderr)
