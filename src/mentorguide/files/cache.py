"""Where a project's caches live (rendered PDFs, subset fonts, templates, the validated
project)."""

from __future__ import annotations

import os
import secrets
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


def signing_key() -> bytes | None:
    """The user's own key for signing cache entries that hold code (compiled templates), kept
    outside every cache folder: ``$XDG_CONFIG_HOME/mentorguide/cache-key`` (made once, readable
    by its owner only). An entry someone else wrote, in a shared cache, has no valid signature
    and is compiled again. ``None`` where no such file can be kept: then nothing is cached."""
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    path = Path(home) / "mentorguide" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) >= 32 and path.stat().st_mode & 0o077 == 0:
            return key
        if path.exists():
            return None  # readable by others: not a secret
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:
        return None
