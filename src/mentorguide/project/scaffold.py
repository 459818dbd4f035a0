"""``mentorguide init``: a society's project that builds the full guide, branded."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from .. import __version__

#: Template file (in mentorguide/templates/society) → where it goes in the new project.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "society.yml": "society.yml",
    "README.md": "README.md",
    "Makefile": "Makefile",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "guide_hook.py.txt": "hooks/guide.py",
    "publish.yml": ".github/workflows/publish.yml",
}
#: Folders the society fills with only what it changes.
OVERLAY_FOLDERS = ("content", "docs", "worksheets")
_MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to"}


class ScaffoldError(Exception):
    """The project cannot be created where asked."""


def short_name_for(name: str) -> str:
    """Initials of the name's main words: 'Ohio Society of Health-System Pharmacists' → 'OSHP'."""
    words = [w for w in re.split(r"\s+", name.strip()) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0].upper() for w in words) or name[:8]


def create_project(target: Path, name: str, short_name: str | None = None) -> list[Path]:
    """Write a new society project into ``target`` (new or empty); return the files written."""
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty; choose a new folder")
    values = {
        "name": name.strip(),
        "short_name": (short_name or short_name_for(name)).strip(),
        "version": __version__,
    }
    if not values["name"]:
        raise ScaffoldError("the society's name must not be empty")
    templates = resources.files("mentorguide") / "templates" / "society"
    # Every file is made before the first is written: a failure leaves no half-made project.
    texts = {
        relative: Template((templates / template).read_text(encoding="utf-8")).substitute(values)
        for template, relative in FILES.items()
    }
    written = []
    for relative, text in texts.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for folder in OVERLAY_FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
        keep = target / folder / ".gitkeep"
        keep.write_text("", encoding="utf-8")
        written.append(keep)
    return written
