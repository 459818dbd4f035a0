"""Where a project's caches live (rendered PDFs, subset fonts, templates, the validated
project)."""

from __future__ import annotations

import os
from pathlib import Path

#: The installed package's folder: nothing is ever written under it.
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir(project_root: Path) -> Path:
    """Where rendered PDFs and subset fonts are kept: ``<project>/.cache/mentorguide``, or
    ``$MENTORGUIDE_CACHE_DIR`` (entries are keyed by content hash, so several projects and
    concurrent builds can share one).

    The guide the package carries (used outside any project) is no project folder to write
    in: its cache is the user's, ``$XDG_CACHE_HOME/mentorguide`` (``~/.cache/mentorguide``).
    """
    override = os.environ.get("MENTORGUIDE_CACHE_DIR")
    if override:
        return Path(override)
    if project_root.resolve().is_relative_to(_PACKAGE):
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(home) / "mentorguide"
    return project_root / ".cache" / "mentorguide"
