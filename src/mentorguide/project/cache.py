"""The validated project, kept between builds: a rebuild whose inputs did not change takes it
from ``<cache>/project/`` instead of parsing and validating every YAML file again.

The key is a hash of every byte the loader can read: the project's ``society.yml``,
``content/``, ``worksheets/``, ``strings/`` and pages, and this package itself (its code,
the default guide it ships, its translations and strings), with the Python and pydantic
versions. Any change, even one that only touches a comment, makes a new key, so a
validation the cache skips is always one that passed for exactly these bytes. A project
with problems is never stored: its build reports them every time.

The cache holds data, never code (the cache folder may be shared, ``MENTORGUIDE_CACHE_DIR``):
an entry is JSON of the validated models, read back through the same pydantic models (in
JSON mode, which runs no code of the file's choosing). An entry from another version of the
package, for other inputs, or changed by anyone is ignored, with a debug line, and rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import __version__
from ..content import models as m
from ..content.kinds import CONTENT_KINDS
from ..content.load import Content
from ..content.sources import Source
from ..edition.society import Society
from ..edition.strings import Strings
from ..files.inputs import not_a_file
from ..files.outputs import write_atomic
from ..worksheets.models import Worksheet
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
    digest = inputs_digest(root, docs_dir)
    stored = folder / f"{project_id}-{digest[:48]}.json"
    try:
        project = from_data(json.loads(stored.read_bytes()), root, digest)
        log.debug("mentorguide: content unchanged since the last build (validated then)")
        return project
    except FileNotFoundError:
        pass
    except Exception as error:  # damaged, tampered with or from another version: validate
        log.debug("mentorguide: ignoring %s (%s)", stored, error)
    project = load_project(root, docs_dir=docs_dir)
    write_atomic(stored, json.dumps(to_data(project, digest), ensure_ascii=False).encode())
    for old in [*folder.glob(f"{project_id}-*.json"), *folder.glob(f"{project_id}-*.pickle")]:
        if old != stored:  # a rebuild needs only the latest (and no pickle from before)
            old.unlink(missing_ok=True)
    return project


#: The entry's layout: a change to it makes older entries "from another version".
FORMAT = 1


def to_data(project: Project, digest: str) -> dict[str, Any]:
    """The project as JSON data: each validated model as its own JSON form."""
    content = project.content
    return {
        "format": FORMAT,
        "mentorguide": __version__,
        "inputs": digest,
        "root": str(project.root),
        "content": {
            kind.attribute: _dump(getattr(content, kind.attribute)) for kind in CONTENT_KINDS
        },
        "sources": sorted(content.sources),
        "worksheets": [_dump(sheet) for sheet in project.worksheets],
        "society": _dump(project.society) if project.society else None,
        "strings": {"language": project.strings.language, "table": project.strings.table},
    }


def _dump(model: BaseModel) -> Any:
    return model.model_dump(mode="json", by_alias=True)


def from_data(data: Any, root: Path, digest: str) -> Project:
    """The project ``to_data`` wrote, validated again by its models; raises ``ValueError``
    (or pydantic's ``ValidationError``) for anything else."""
    if not isinstance(data, dict) or (data.get("format"), data.get("mentorguide")) != (
        FORMAT,
        __version__,
    ):
        raise ValueError("written by another version")
    if (data.get("inputs"), data.get("root")) != (digest, str(root)):
        raise ValueError("written for other inputs")
    models = {field.name: field.type for field in dataclasses.fields(Content)}
    parts = {
        kind.attribute: _load(models[kind.attribute], data["content"][kind.attribute])
        for kind in CONTENT_KINDS
    }
    sources = {name: Source(file=str(name), data=None) for name in data["sources"]}
    content = Content(**parts, sources=sources)
    strings = data["strings"]
    if not isinstance(strings.get("table"), dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in strings["table"].items()
    ):
        raise ValueError("strings are not text")
    return Project(
        root,
        content,
        [_load(Worksheet, sheet) for sheet in data["worksheets"]],
        _load(Society, data["society"]) if data["society"] is not None else None,
        Strings(str(strings["language"]), dict(strings["table"])),
    )


def _load(model: Any, value: Any) -> Any:
    """``value`` validated as ``model`` (a class, or its name as the dataclass annotates it)."""
    if isinstance(model, str):
        model = getattr(m, model.removeprefix("m."))
    return model.model_validate_json(json.dumps(value))
