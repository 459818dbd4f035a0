"""``mentorguide init``: a society's project that builds the full guide, branded."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from .. import __version__
from ..content.markup import markup_messages
from ..files.outputs import Outputs

#: Template file (in mentorguide/templates/society) → where it goes in the new project.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "society.yml": "society.yml",
    "README.md": "README.md",
    "Makefile": "Makefile",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "publish.yml": ".github/workflows/publish.yml",
}
#: Folders the society fills with only what it changes.
OVERLAY_FOLDERS = ("content", "docs", "worksheets")
#: What the folder may already hold: a clone of an empty repository, the virtualenv that
#: runs ``init`` (README: install mentorguide into .venv, then ``init .``) and its wheel.
MAY_EXIST = frozenset({".git", ".venv", "wheels"})
_MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to"}


def yaml_string(text: str) -> str:
    """``text`` as one double-quoted YAML scalar, written by PyYAML's emitter."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=2**31).rstrip("\n")


class ScaffoldError(Exception):
    """The project cannot be created where asked."""


def short_name_for(name: str) -> str:
    """Initials of the name's main words: 'Ohio Society of Health-System Pharmacists' → 'OSHP'."""
    words = [w for w in re.split(r"\s+", name.strip()) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0].upper() for w in words) or name[:8]


def create_project(target: Path, name: str, short_name: str | None = None) -> list[Path]:
    """Write a new society project into ``target`` (new, or empty but for ``MAY_EXIST``);
    return the files written.

    The project is made in temporary files and folders beside where they go and moved into
    place together (:class:`~mentorguide.files.outputs.Outputs`), so a failure leaves no
    half-made project.
    """
    if target.is_file() or (target.is_symlink() and not target.exists()):
        raise ScaffoldError(f"{target} is a file; choose a new folder")
    kept = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    if any(name not in MAY_EXIST for name in kept):
        raise ScaffoldError(f"{target} is not empty; choose a new folder")
    name = name.strip()
    short = (short_name or short_name_for(name)).strip()
    if not name:
        raise ScaffoldError("the society's name must not be empty")
    for option, value in (("--name", name), ("--short-name", short)):
        refused = markup_messages(value)
        if refused:
            raise ScaffoldError(f"{option}: {refused[0]}")
    values = {
        # YAML values go through the YAML emitter, so any name is read back exactly as given
        # ('Ohio #1 Society', 'A: B', quotes, a newline); comments and prose get one line.
        "name_yaml": yaml_string(name),
        "short_name_yaml": yaml_string(short),
        "site_name": yaml_string(f"{short} Technician Mentorship Guide"),
        "name_line": " ".join(name.split()),
        "version": __version__,
    }
    templates = resources.files("mentorguide") / "templates" / "society"
    texts = {
        relative: Template((templates / template).read_text(encoding="utf-8")).substitute(values)
        for template, relative in FILES.items()
    }
    texts |= {f"{folder}/.gitkeep": "" for folder in OVERLAY_FOLDERS}
    with Outputs() as outputs:
        if kept:
            # What is there stays where it is (the virtualenv running init among it): each of
            # the project's top-level files and folders is staged, and all are placed together.
            _stage_beside(outputs, target, texts)
        else:
            with outputs.folder(target, "DIRECTORY", owned=False, make_parents=True) as staged:
                _write_all(staged, texts)
        outputs.commit()
    return [target / relative for relative in texts]


def _write_all(folder: Path, texts: dict[str, str]) -> None:
    for relative, text in texts.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _stage_beside(outputs: Outputs, target: Path, texts: dict[str, str]) -> None:
    """Stage ``texts`` as outputs of their own, one per top-level file or folder."""
    tops: dict[str, dict[str, str]] = {}
    for relative, text in texts.items():
        top, _, rest = relative.partition("/")
        tops.setdefault(top, {})[rest] = text
    for top, inside in tops.items():
        if "" in inside:  # a file at the top
            outputs.write(target / top, inside[""], "DIRECTORY")
            continue
        with outputs.folder(target / top, "DIRECTORY", owned=False) as staged:
            _write_all(staged, inside)
