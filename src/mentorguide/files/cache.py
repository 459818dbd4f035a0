"""Where a project's caches live (rendered PDFs, subset fonts, templates, the validated
project)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(project_root: Path) -> Path:
    """Where rendered PDFs and subset fonts are kept: ``<project>/.cache/mentorguide``, or
    ``$MENTORGUIDE_CACHE_DIR`` (entries are keyed by content hash, so several projects and
    concurrent builds can share one)."""
    override = os.environ.get("MENTORGUIDE_CACHE_DIR")
    return Path(override) if override else project_root / ".cache" / "mentorguide"
