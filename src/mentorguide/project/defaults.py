"""Where the default guide (content, pages, worksheets) lives: inside the installed package.

``mentorguide/guide/`` holds links to the repository's ``content/``, ``docs/`` and
``worksheets/``; a wheel carries copies. A society's project names only what it changes, and
everything else comes from here, so upgrading the package brings new content and fixes.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: How files of the default guide are named in messages, next to a project's own files.
DEFAULT_PREFIX = "<mentorguide>"


def default_root() -> Path:
    """The folder holding the default guide's ``content/``, ``docs/`` and ``worksheets/``."""
    return Path(str(resources.files("mentorguide") / "guide")).resolve()


def is_overlay_project(root: Path) -> bool:
    """True for a society's project: it has a ``society.yml`` and overlays the default guide.

    A project without one (this repository, or a full copy of it) stands on its own.
    """
    return (root / "society.yml").is_file()
