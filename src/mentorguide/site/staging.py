"""A failed build never damages the site: ``mkdocs build`` writes into a staging folder beside
``site/`` and the finished site replaces the old one in one step at the very end.

MkDocs empties ``site_dir`` before it builds, so a macro typo, a broken page, a strict-mode
warning or a killed build used to leave an empty or half-written ``site/``. Here the build
is pointed at ``.<site>.build-<pid>-*`` (on the same file system, so the swap is a rename:
:func:`~mentorguide.files.renames.exchange`), and the old site is removed only after the new
one is in place. A build that fails removes its staging folder; one that was killed leaves
it, and the next build removes staging folders whose process is gone.

``mkdocs serve`` builds into a temporary folder of its own and is left alone, as is
``--dirty`` (which means to reuse what ``site_dir`` holds).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler

from ..files.renames import exchange, keep_mode_and_owner

log = logging.getLogger("mkdocs.plugins.mentorguide")

_STAGING = re.compile(r"^\.(?P<site>.+)\.build-(?P<pid>\d+)-[^.]+$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _remove_stale(parent: Path, site_name: str) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            found = _STAGING.match(entry.name)
            if found and found["site"] == site_name and not _alive(int(found["pid"])):
                shutil.rmtree(entry, ignore_errors=True)


def _strict_warnings() -> bool:
    """Whether ``mkdocs build --strict`` counted a warning: it then aborts right after the
    post-build events, so the new site must not be published."""
    return any(
        isinstance(handler, CountHandler) and handler.get_counts()
        for handler in logging.getLogger("mkdocs").handlers
    )


def _keep_hidden(old: Path, new: Path) -> bool:
    """Move the old site's hidden entries (``.git`` of a gh-pages checkout, ``.nojekyll``)
    into the new one, as MkDocs' own cleaning keeps them; ``False`` if one could not be
    moved (the old folder is then left in place, not deleted with it)."""
    kept = True
    for entry in old.iterdir():
        if entry.name.startswith(".") and not (new / entry.name).exists():
            try:
                os.rename(entry, new / entry.name)
            except OSError as error:
                log.warning("mentorguide: could not keep %s in the new site (%s)", entry, error)
                kept = False
    return kept


@dataclass
class Staging:
    """One build's staging folder and the site folder it will replace."""

    site: Path  # the real site folder (links followed)
    staging: Path

    @classmethod
    def begin(cls, config: MkDocsConfig) -> Staging:
        """Point the build at a new staging folder beside its site folder."""
        site = Path(os.path.realpath(config.site_dir))
        site.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(site.parent, site.name)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{site.name}.build-{os.getpid()}-", dir=site.parent)
        )
        keep_mode_and_owner(staging, site.stat() if site.is_dir() else None, folder=True)
        config.site_dir = str(staging)
        return cls(site, staging)

    def publish(self, config: MkDocsConfig) -> bool:
        """Put the built site in place of the old one (in one step where the system can);
        ``False`` if the build counted strict-mode warnings and is about to fail."""
        config.site_dir = str(self.site)
        if config.strict and _strict_warnings():
            self.abandon(config)
            return False
        if self.site.is_dir() and not self.site.is_symlink():
            exchange(self.staging, self.site)  # the old site is now at self.staging
            if _keep_hidden(self.staging, self.site):
                shutil.rmtree(self.staging, ignore_errors=True)
        else:
            os.replace(self.staging, self.site)
        return True

    def abandon(self, config: MkDocsConfig) -> None:
        """Forget the build: remove its staging folder, leave the site as it was."""
        config.site_dir = str(self.site)
        shutil.rmtree(self.staging, ignore_errors=True)


_active: Staging | None = None


def start(config: MkDocsConfig) -> None:
    global _active
    _active = Staging.begin(config)


def finish(config: MkDocsConfig) -> None:
    global _active
    staging, _active = _active, None
    if staging is not None:
        staging.publish(config)


def fail() -> None:
    """The build failed (or the process is ending without having published it)."""
    global _active
    staging, _active = _active, None
    if staging is not None:
        shutil.rmtree(staging.staging, ignore_errors=True)


# mkdocs-macros ends a build with SystemExit on a macro error, which MkDocs' on_build_error
# never sees: the staging folder is removed when the process exits.
atexit.register(fail)
