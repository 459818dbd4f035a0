"""The validated project, kept between builds: a rebuild whose inputs did not change takes it
from ``<cache>/project/`` instead of parsing and validating every YAML file again.

The key is a hash of every byte the loader can read: the project's ``society.yml``,
``content/``, ``worksheets/``, ``strings/`` and pages, and this package itself (its code,
the default guide it ships, its translations and strings), with the Python and pydantic
versions. Any change, even one that only touches a comment, makes a new key, so a
validation the cache skips is always one that passed for exactly these bytes. A project
with problems is never stored: its build reports them every time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from importlib import metadata, resources
from pathlib import Path

from ..files.inputs import not_a_file
from ..files.outputs import write_atomic
from .load import Project, load_project

log = logging.getLogger("mkdocs.plugins.mentorguide")

FOLDER = "project"
_SKIPPED_DIRS = {"__pycache__"}


def inputs_digest(root: Path, docs_dir: Path) -> str:
    """A hash of everything ``load_project(root, docs_dir)`` depends on."""
    digest = hashlib.sha256(f"{sys.version}\0{metadata.version('pydantic')}".encode())
    package = Path(str(resources.files("mentorguide"))).resolve()
    places = [
        package,
        root / "society.yml",
        root / "content",
        root / "worksheets",
        root / "strings",
        docs_dir,
    ]
    for place in places:
        digest.update(f"\0{place}\0".encode())
        for path in _files(place):
            digest.update(f"{path}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(place: Path) -> list[Path]:
    """The regular files under ``place``, links followed but each folder once (a link
    loop ends), FIFOs and devices left out: reading one would wait or never end, and the
    loader reports them."""
    if place.is_file():
        return [place]
    found = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(place, followlinks=True):
        seen.add(os.path.realpath(folder))
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIPPED_DIRS and os.path.realpath(os.path.join(folder, d)) not in seen
        )
        found += [Path(folder) / name for name in sorted(names) if (Path(folder) / name).is_file()]
    return [path for path in found if not_a_file(path) is None]


def load_project_cached(root: Path, docs_dir: Path, cache_dir: Path) -> Project:
    """``load_project``, or its result from the last build with the same inputs."""
    root = root.resolve()
    folder = cache_dir / FOLDER
    # Projects may share a cache (MENTORGUIDE_CACHE_DIR): entries are named per project.
    project_id = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    stored = folder / f"{project_id}-{inputs_digest(root, docs_dir)[:48]}.pickle"
    try:
        project = pickle.loads(stored.read_bytes())
        if isinstance(project, Project):
            log.debug("mentorguide: content unchanged since the last build (validated then)")
            return project
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged or outdated entry: validate again
        log.debug("mentorguide: ignoring %s (%s)", stored, error)
    project = load_project(root, docs_dir=docs_dir)
    write_atomic(stored, pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL))
    for old in folder.glob(f"{project_id}-*.pickle"):  # a rebuild needs only the latest
        if old != stored:
            old.unlink(missing_ok=True)
    return project
