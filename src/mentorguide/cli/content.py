"""``mentorguide check``, ``schema`` and ``init``: validate a project, export the schemas,
start a society's project."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..content.errors import ContentError
from ..project.scaffold import ScaffoldError, create_project
from ..project.schema import stale_schemas, write_schemas
from .common import CommandError, add_command, guide_project, messages, project_option


def cmd_check(args: argparse.Namespace) -> int:
    """Validate all content and worksheets, and render every page's macros; print every
    problem.

    Example: mentorguide check --project .
    """
    project = guide_project(args.project)
    from ..site.check import check_pages  # MkDocs and the macros, only for this command

    problems = check_pages(project)
    if problems:
        raise ContentError(problems)
    t = messages(args)
    print(t("cli.check.ok", files=len(project.content.sources), sheets=len(project.worksheets)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write JSON Schema files for editors (or, with --check, fail if they are out of date).

    Example: mentorguide schema --out schemas/
    """
    t = messages(args)
    if not args.out:
        raise CommandError(t("cli.schema.no_out"))
    folder = Path(args.out)
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            raise CommandError(t("cli.schema.stale", folder=args.out, files=", ".join(stale)))
        print(t("cli.schema.up_to_date", folder=args.out))
        return 0
    for path in write_schemas(folder):
        print(t("cli.schema.wrote", path=path))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create a society's project that builds the full guide under its own name.

    Example: mentorguide init oshp-guide --name "Ohio Society of Health-System Pharmacists"
    """
    try:
        written = create_project(args.directory, args.name, args.short_name)
    except ScaffoldError as error:
        raise CommandError(str(error)) from None
    t = messages(args)
    print(t.count("cli.init.created", len(written), folder=args.directory))
    into = "" if args.directory.resolve() == Path.cwd() else f"cd {args.directory} && "
    print(t("cli.init.make_site", into=into))
    print(t("cli.init.make_serve"))
    return 0


def _init_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        type=Path,
        help="the new project's folder: new, or empty but for .git, .venv and wheels/",
    )
    parser.add_argument("--name", required=True, help="the society's full name")
    parser.add_argument("--short-name", help="a short form, e.g. OSHP (default: initials)")


def _schema_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        default="schemas",
        help="folder for the .schema.json files (default: schemas)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the files match the models"
    )


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(sub, "check", cmd_check, project_option)
    add_command(sub, "schema", cmd_schema, _schema_options)
    add_command(sub, "init", cmd_init, _init_options)
