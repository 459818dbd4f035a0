"""Giving a finished file its name, never in place of one that exists."""

from __future__ import annotations

import os
from pathlib import Path


def link_new(finished: Path | str, target: Path) -> None:
    """Make the complete file ``finished`` appear as ``target`` in one step; raise
    FileExistsError, changing nothing, if ``target`` exists. ``finished`` stays (unlink it)."""
    try:
        os.link(finished, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: the check and the rename are not one step.
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(finished, target)
