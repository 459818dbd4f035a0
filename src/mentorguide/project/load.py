"""Where a project's parts live, and loading all of its data in one call."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from ..content.citations import check_page_citations
from ..content.errors import ContentError, Problem
from ..content.load import Content, Layer, load_content
from ..edition.edition import Edition
from ..edition.society import Society, load_society, society_language
from ..edition.strings import Strings, load_strings
from ..worksheets.load import load_worksheets
from ..worksheets.models import Worksheet
from ..worksheets.prepared import PreparedWorksheet, prepare_worksheet
from ..worksheets.surveys import SURVEY_SLUGS, survey_worksheets
from .defaults import DEFAULT_PREFIX, default_root, is_overlay_project

T = TypeVar("T")


@dataclass(frozen=True)
class Project:
    """The validated data of a guide project: content, worksheets and (for a society) its
    society.yml."""

    root: Path
    content: Content
    worksheets: list[Worksheet]
    society: Society | None = None
    strings: Strings = field(default_factory=lambda: load_strings("en"))

    @functools.cached_property
    def edition(self) -> Edition:
        """Who publishes the guide and in which language: made once per loaded project,
        for every page, PDF and agreement the build or a command makes from it."""
        return project_edition(self)

    @functools.cached_property
    def prepared_worksheets(self) -> Mapping[str, PreparedWorksheet]:
        """Every worksheet prepared for :attr:`edition` (its form fields and choices), by slug
        in the project's order: made once per loaded project, for every page, PDF, answers
        file and agreement the build or a command makes from it."""
        return MappingProxyType(
            {
                sheet.slug: prepare_worksheet(sheet, self.content, self.edition)
                for sheet in self.worksheets
            }
        )

    def prepared(self, slug: str) -> PreparedWorksheet:
        """The worksheet ``slug`` prepared for :attr:`edition` (``KeyError`` if none)."""
        return self.prepared_worksheets[slug]


def base_layers(root: Path, kind: str, language: str = "en") -> list[Layer]:
    """The layers under a project's own ``kind`` folder, lowest first: the default guide's for
    a society's project (so its folders hold only what it changes), then the package's
    language pack for ``language`` if it has one for ``kind``; none for a standalone guide."""
    if not is_overlay_project(root):
        return []
    layers = [Layer(default_root() / kind, f"{DEFAULT_PREFIX}/{kind}")]
    pack = language_pack(language, kind)
    return [*layers, pack] if pack else layers


def language_pack(language: str, kind: str) -> Layer | None:
    """The package's translation of the default guide's ``kind`` files into ``language``
    (``mentorguide/translations/<language>/<kind>/``), overlaid by id like a society's files."""
    folder = Path(str(resources.files("mentorguide") / "translations" / language / kind))
    if language == "en" or not folder.is_dir():
        return None
    return Layer(folder, f"{DEFAULT_PREFIX}/translations/{language}/{kind}")


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Validate ``society.yml``, ``content/``, ``worksheets/`` and the pages' citations.

    Every problem is raised at once, in one ``ContentError``.
    """
    root = root.resolve()
    problems: list[Problem] = []
    society = _collect(problems, load_society, root)
    # A society.yml with problems still names its language, so its strings are checked in
    # this run too (every problem at once, not in rounds).
    language = society.language if society else society_language(root)
    content = _collect(problems, load_content, root / "content", root, base_layers(root, "content"))
    if content is None:
        _collect(problems, load_strings, language, root)
        raise ContentError(problems)
    problems += check_page_citations(docs_dir or root / "docs", root, content.reference_number)
    worksheets = _collect(
        problems,
        load_worksheets,
        root / "worksheets",
        content,
        root,
        base_layers(root, "worksheets", language),
    )
    strings = _collect(problems, load_strings, language, root)
    if problems or strings is None:
        raise ContentError(problems)
    # The sign-up surveys are worksheets too, so people can answer online or on paper. Their
    # questions are content, so the whole form stays in the content's language.
    sheets = [*(worksheets or []), *survey_worksheets(content)]
    return Project(root, content, sheets, society, strings)


def _collect(problems: list[Problem], load: Callable[..., T], *args: Any) -> T | None:
    """``load(*args)``, adding its problems to ``problems`` instead of raising them."""
    try:
        return load(*args)
    except ContentError as error:
        problems += error.problems
        return None


def project_edition(project: Project) -> Edition:
    """The edition of a loaded project (see ``edition.edition`` for each worksheet's
    language); :attr:`Project.edition` keeps it."""
    language = project.strings.language
    pack = language_pack(language, "worksheets")
    translated = {p.stem for p in pack.folder.glob("*.yml")} if pack else set()
    society_project = is_overlay_project(project.root)
    # The guide's own worksheets, the sign-up surveys (made from content/surveys.yml) included.
    defaults = {p.stem for p in (default_root() / "worksheets").glob("*.yml")}
    defaults |= set(SURVEY_SLUGS.values())
    languages = {
        sheet.slug: language
        for sheet in project.worksheets
        if sheet.slug in translated or (society_project and sheet.slug not in defaults)
    }
    return Edition(project.strings, project.society, languages)
