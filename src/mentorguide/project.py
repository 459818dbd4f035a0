"""Where a project's parts live, and loading all of its data in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import Content, load_content
from .errors import ContentError, Problem
from .worksheets.load import load_worksheets
from .worksheets.models import Worksheet


@dataclass(frozen=True)
class Project:
    """The validated data of a guide project: its content and its worksheets."""

    root: Path
    content: Content
    worksheets: list[Worksheet]


def load_project(root: Path) -> Project:
    """Validate ``content/`` and ``worksheets/`` under ``root``; every problem raised at once."""
    root = root.resolve()
    content = load_content(root / "content", display_root=root)
    problems: list[Problem] = []
    worksheets: list[Worksheet] = []
    folder = root / "worksheets"
    if folder.is_dir():
        try:
            worksheets = load_worksheets(folder, content, display_root=root)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return Project(root, content, worksheets)
