"""Where a project's parts live, and loading all of its data in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .citations import check_page_citations
from .content import Content, load_content
from .errors import ContentError
from .worksheets.load import load_worksheets
from .worksheets.models import Worksheet


@dataclass(frozen=True)
class Project:
    """The validated data of a guide project: its content and its worksheets."""

    root: Path
    content: Content
    worksheets: list[Worksheet]


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Validate ``content/``, ``worksheets/`` and the pages' citations under ``root``.

    Every problem is raised at once, in one ``ContentError``.
    """
    root = root.resolve()
    content = load_content(root / "content", display_root=root)
    problems = check_page_citations(docs_dir or root / "docs", root, content)
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
