"""What every command shares: the one-line error, the common options, finding the project and
the strings its messages are in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..content.errors import ContentError
from ..content.load import Content
from ..edition.society import society_language
from ..edition.strings import Strings, english, load_strings
from ..matching.responses import Responses
from ..project.defaults import default_root
from ..project.load import Project, load_project

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A user-facing failure: printed as ``Error: <message>``, exit code 1."""


def messages(args: argparse.Namespace | None = None) -> Strings:
    """The strings a command's messages are in (``cli.*`` keys): the strings of the guide
    project it works in (``--project``, else this folder), which are that project's edition
    strings, in its society.yml's language; English for a folder that is no society's
    project, and without ``args`` (argument errors, before a project is known).

    Read once per command (kept on ``args``). A society's strings file with problems gives
    English here: the command that loads the project reports them, as ``check`` does.
    """
    if args is None:
        return english()
    known: Strings | None = getattr(args, "messages", None)
    if known is None:
        known = args.messages = _folder_strings(getattr(args, "project", None) or Path("."))
    return known


def _folder_strings(folder: Path) -> Strings:
    language = society_language(folder) if folder.is_dir() else "en"
    if language == "en":
        return english()
    try:
        return load_strings(language, folder.resolve())
    except ContentError:
        return english()


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
    t = messages()  # before the project is loaded: English
    explicit = folder is not None
    folder = folder if folder is not None else Path(".")
    name = str(folder) if explicit else t("cli.project.this_folder")
    if explicit and not folder.is_dir():
        raise CommandError(t("cli.project.no_such_folder", folder=folder))
    signs = [part for part in PROJECT_SIGNS if (folder / part).exists()]
    if not signs:
        if explicit:
            raise CommandError(t("cli.project.not_a_project", folder=folder))
        print(t("cli.project.packaged_guide", version=__version__), file=sys.stderr)
        return load_project(default_root())
    if all((folder / part).exists() for part in SOCIETY_PARTS) or all(
        (folder / part).is_dir() for part in GUIDE_PARTS
    ):
        return load_project(folder)
    missing = [part for part in GUIDE_PARTS if not (folder / part).is_dir()]
    raise CommandError(
        t(
            "cli.project.incomplete",
            name=name,
            found=_shown(signs),
            missing=_shown(missing, t("cli.project.and")),
        )
    )


def guide_content(folder: Path | None) -> Content:
    return guide_project(folder).content


def print_notes(t: Strings, *parts: Responses) -> None:
    """What a person should know about their files that did not stop the command (the notes
    themselves are the readers' and stay English, as their problems do)."""
    for part in parts:
        for note in part.notes:
            print(t("cli.note", note=note), file=sys.stderr)
