"""A society's ``society.yml``: its name, brand and contact, validated like content.

Colors must keep WCAG 2.2 AA contrast where the theme uses them (white header text on the
primary color, links in the primary color and hover/focus in the accent on white); a
failing combination is a build error naming the colors and the ratio, with a shade that
would pass.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from ..content.errors import ContentError, Problem
from ..content.fields import Email, Model, Text, Url
from ..content.markup import markup_problems
from ..content.sources import Source, read_yaml
from ..content.validation import validate
from .colors import AA_TEXT, SLATE, WHITE, contrast, shade_meeting

HexColor = Annotated[str, StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}){1,2}$")]


class Colors(Model):
    primary: HexColor
    """The header and link color, e.g. '#00695c' (white text must read on it)."""
    accent: HexColor
    """The color of links under the pointer or keyboard focus, e.g. '#304ffe'."""


class Link(Model):
    title: Text
    """The link's text."""
    url: Url
    """Where it goes."""


class Footer(Model):
    text: str = ""
    """A line of small print in the footer (plain text)."""
    links: list[Link] = []
    """Links shown in the footer, e.g. the society's home page and privacy notice."""


class Person(Model):
    name: Text
    """The person's name."""
    email: Email
    """How to reach them."""


class Society(Model):
    name: Text
    """The organisation's full name, shown in the footer and on worksheet PDFs."""
    short_name: Text
    """A short form of the name for tight spaces, e.g. 'OSHP'."""
    logo: str = ""
    """Path of the logo image, relative to docs/ (SVG or PNG), shown in the header."""
    favicon: str = ""
    """Path of the browser-tab icon, relative to docs/."""
    # The key in society.yml is ``colours``, as societies have written it since the first
    # release; the attribute is spelled like every other identifier here.
    colors: Colors | None = Field(default=None, alias="colours")
    """Brand colours; the default guide's teal and indigo when left out."""
    contact_email: Email | None = None
    """Where readers write to the society about the program."""
    coordinator: Person | None = None
    """The program coordinator, shown on the worksheets and the matching pages."""
    footer: Footer = Field(default_factory=Footer)
    """Footer text and links."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    """The interface language: 'en' or another language with a strings file (e.g. 'es')."""


class SocietyFile(Model):
    society: Society
    """Who hosts this copy of the guide, and how it looks."""


def load_society(root: Path) -> Society | None:
    """``root/society.yml`` validated (colors included), or ``None`` for a standalone guide."""
    path = root / "society.yml"
    if not path.is_file():
        return None
    source, problems = read_yaml(path, "society.yml")
    if source is None:
        raise ContentError(problems)
    result, schema_problems = validate(source, SocietyFile)
    problems += schema_problems
    # With a key wrong, the rest is still checked (colours, images): every problem at once,
    # not one round per fix.
    society = result.society if result is not None else _without_bad_keys(source.data)
    if society is not None:
        problems += color_problems(society, source)
        for key in ("logo", "favicon"):
            image = getattr(society, key)
            if image:
                problem = image_problem(root / "docs", image)
                if problem:
                    problems.append(source.problem(("society", key), problem))
    problems += markup_problems(source)
    if problems or result is None:
        raise ContentError(problems)
    return result.society


def society_language(root: Path) -> str:
    """The interface language ``society.yml`` asks for, even when the file has other
    problems (so the society's strings are checked in the same run); 'en' without one."""
    path = root / "society.yml"
    if not path.is_file():
        return "en"
    source, _ = read_yaml(path, "society.yml")
    society = _without_bad_keys(source.data) if source is not None else None
    return society.language if society is not None else "en"


def _without_bad_keys(data: object) -> Society | None:
    """The society in ``data`` with each key that fails validation left out (None if what
    is left is not a society either): for the checks that do not depend on those keys."""
    raw = data.get("society") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return None
    raw = dict(raw)
    for _ in range(len(raw) + 1):
        try:
            return Society.model_validate(raw)
        except ValidationError as error:
            keys = {e["loc"][0] for e in error.errors() if e["loc"]} & set(raw)
            if not keys:
                return None
            for key in keys:
                raw.pop(key)
    return None


#: What makes an SVG more than a picture: it runs in the site's origin when opened directly.
_SVG_ACTIVE = (
    (re.compile(r"<script\b", re.IGNORECASE), "a <script> element"),
    (re.compile(r"<foreignObject\b", re.IGNORECASE), "a <foreignObject> (HTML inside the image)"),
    (re.compile(r"[\s/\"']on[a-z]+\s*=", re.IGNORECASE), "an event handler attribute (on…=)"),
    (
        re.compile(r"\bhref\s*=\s*(?![\"']?\s*#)", re.IGNORECASE),
        "a reference to another file or address (href)",
    ),
    (
        re.compile(r"url\(\s*(?![\"']?\s*#)", re.IGNORECASE),
        "a reference to another file or address (url(…))",
    ),
    (re.compile(r"@import\b", re.IGNORECASE), "a style sheet import (@import)"),
    (re.compile(r"<!ENTITY\b", re.IGNORECASE), "an XML entity declaration"),
)


def image_problem(docs: Path, image: str) -> str | None:
    """Why ``image`` (a path relative to ``docs``) cannot be the site's logo or favicon."""
    relative = PurePosixPath(image.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or re.match(r"^[A-Za-z]:", image):
        return f"'{image}' must be a path inside docs/, such as images/logo.svg"
    path = docs / relative
    try:
        inside = path.resolve().is_relative_to(docs.resolve())
    except OSError:
        inside = False
    if not inside:
        return f"'{image}' leads outside docs/ (through a link); keep the file in docs/"
    if not path.is_file():
        return f"no file docs/{image}"
    if path.suffix.lower() == ".svg":
        text = path.read_bytes()[:MAX_SVG_BYTES].decode("utf-8", errors="replace")
        for pattern, what in _SVG_ACTIVE:
            if pattern.search(text):
                return (
                    f"docs/{image} holds {what}: a logo or favicon must be a plain image "
                    "(no script, event handlers or external references)"
                )
    return None


#: An SVG logo is read this far to look for script (a logo is a few kilobytes).
MAX_SVG_BYTES = 1_000_000


def color_problems(society: Society, source: Source) -> list[Problem]:
    """WCAG 2.2 AA (1.4.3, 4.5:1 for text) for each place the theme uses a brand color."""
    if society.colors is None:
        return []
    # Contrast is symmetric: white text on the primary color and primary links on the white
    # page are the same ratio, so one check covers both uses.
    uses = {
        "primary": "with white header text, and as link text on the white page,",
        "accent": "as link text under the pointer or focus on the white page",
    }
    problems = []
    for key, where in uses.items():
        color = getattr(society.colors, key)
        ratio = contrast(color, WHITE)
        if ratio < AA_TEXT:
            better = shade_meeting(color, WHITE, "#000000")
            problems.append(
                source.problem(
                    ("society", "colours", key),
                    f"'{color}' {where} has a contrast ratio of {ratio:.2f}:1; WCAG 2.2 AA "
                    f"(1.4.3) needs at least {AA_TEXT}:1 (a darker shade such as '{better}' "
                    "passes)",
                )
            )
    return problems


def dark_scheme_shade(color: str) -> str:
    """The color lightened just enough to read on the dark (slate) background."""
    return shade_meeting(color, SLATE, WHITE)


def brand_css(society: Society) -> str:
    """CSS that applies the society's colors to both palettes, keeping AA contrast."""
    if society.colors is None:
        return ""
    primary, accent = society.colors.primary, society.colors.accent
    return (
        "/* Generated from society.yml: the society's colours, checked for WCAG 2.2 AA. */\n"
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary};\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-typeset-a-color: {primary};\n"
        "}\n"
        "[data-md-color-scheme=slate] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-typeset-a-color: {dark_scheme_shade(primary)};\n"
        f"  --md-accent-fg-color: {dark_scheme_shade(accent)};\n"
        "}\n"
    )
