"""Load the content folder into one validated, cross-referenced ``Content`` object.

Every file is parsed and validated even when another fails, and every cross-reference is
checked, so one run reports every problem (then raises ``ContentError`` once).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, assert_never, cast

from pydantic import BaseModel

from ..files.inputs import not_a_file
from . import models as m
from .citations import citation_problems
from .errors import ContentError, Problem, suggest
from .kinds import CONTENT_FILES, CONTENT_KINDS
from .lists import ListName
from .markup import markup_problems
from .overlay import merge_sources
from .sources import Path_, Source, read_yaml
from .validation import validate


@dataclass
class Content:
    """The whole guide as validated data, with look-ups by id.

    One attribute per kind of content, as ``models.CONTENT_KINDS`` names them (typed here so
    every reader is checked; a test keeps the two in step)."""

    guide: m.Guide
    references: m.ReferencesFile
    statistics: m.StatisticsFile
    credentials: m.CredentialsFile
    expertise: m.ExpertiseFile
    roles: m.RolesFile
    benefits: m.BenefitsFile
    challenges: m.ChallengesFile
    program: m.ProgramFile
    surveys: m.SurveysFile
    questions: m.QuestionsFile
    expectations: m.ExpectationsFile
    tools: m.ToolsFile
    engagement: m.EngagementFile
    stages: m.StagesFile
    options: m.OptionsFile
    sources: dict[str, Source] = field(default_factory=dict)

    @cached_property
    def reference_number(self) -> dict[str, int]:
        """Each reference's number in the guide (its place in references.yml, from 1)."""
        return {ref.id: n for n, ref in enumerate(self.references.references, start=1)}

    @cached_property
    def credential(self) -> dict[str, m.Credential]:
        return {item.id: item for item in self.credentials.credentials}

    @cached_property
    def expertise_area(self) -> dict[str, m.ExpertiseArea]:
        return {item.id: item for item in self.expertise.expertise}

    @cached_property
    def stage(self) -> dict[str, m.Stage]:
        return {item.id: item for item in self.stages.stages}

    @cached_property
    def topic(self) -> dict[str, m.Topic]:
        return {item.id: item for item in self.questions.topics}

    @cached_property
    def role_category(self) -> dict[str, m.RoleCategory]:
        return {item.id: item for item in self.roles.categories}

    def choices(self, source: ListName) -> list[tuple[str, str]]:
        """The (id, name) pairs of a controlled list (``models.ListName``)."""
        match source:
            case "expertise":
                return [(e.id, e.name) for e in self.expertise.expertise]
            case "credentials":
                return [(c.id, c.name) for c in self.credentials.credentials]
            case "stages":
                return [(s.id, s.name) for s in self.stages.stages]
            case "frequencies":
                return [(o.id, o.name) for o in self.options.frequencies]
            case "platforms":
                return [(o.id, o.name) for o in self.options.platforms]
            case "qualities":
                return [(o.id, o.name) for o in self.options.qualities]
            case "pairing-models":
                return [(p.id, p.title or p.text) for p in self.program.pairing_models]
            case "activities":
                return [(a.id, a.text) for a in self.program.activities]
            case "topics":
                return [(t.id, t.name) for t in self.questions.topics]
            case "questions":
                return [(q.id, q.text) for _, q in self.all_questions()]
        assert_never(source)

    def roles_with_credential(self, credential_id: str) -> list[m.CareerRole]:
        return [role for role in self.roles.roles if credential_id in role.credentials]

    def roles_with_expertise(self, area_id: str) -> list[m.CareerRole]:
        return [role for role in self.roles.roles if area_id in role.expertise]

    def all_questions(self) -> Iterator[tuple[m.QuestionSet, m.Question]]:
        for question_set in self.questions.sets:
            for question in question_set.questions:
                yield question_set, question


def _duplicate_ids(model: BaseModel, source: Source, path: Path_ = ()) -> Iterator[Problem]:
    """Every list of items with ids must not repeat an id (ids become anchors and keys)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list):
            seen: dict[str, int] = {}
            for index, item in enumerate(value):
                if not isinstance(item, BaseModel):
                    continue
                item_path = (*path, name, index)
                item_id = getattr(item, "id", None)
                if isinstance(item_id, str):
                    if item_id in seen:
                        yield source.problem(
                            (*item_path, "id"),
                            f"duplicate id '{item_id}' (already used by "
                            f"{name}[{seen[item_id]}]; ids must be unique)",
                        )
                    else:
                        seen[item_id] = index
                yield from _duplicate_ids(item, source, item_path)
        elif isinstance(value, BaseModel):
            yield from _duplicate_ids(value, source, (*path, name))


class _Checker:
    """Cross-reference checks between files; each problem points into the referring file."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[Problem] = []

    def expect(
        self, file: str, path: Path_, value: str, known: dict[str, Any], what: str, home: str
    ) -> None:
        """Report ``value`` unless ``known``; ``home`` is the content file that defines them."""
        if value in known:
            return
        target = self.content.sources.get(home)
        if target and value in target.hidden:
            where = target.hidden[value]
            message = f"{what} '{value}' is hidden by {where.file}:{where.line}:{where.column}"
        else:
            message = f"unknown {what} '{value}'{suggest(value, known)}"
            if target and len(target.layers) > 1:
                message += f" (not in {' nor '.join(target.layers)})"
        self.problems.append(self.content.sources[file].problem(path, message))

    def run(self) -> list[Problem]:
        for file, path, value, known, what, home in self._references():
            self.expect(file, path, value, known, what, home)
        self._check_question_ids()
        self._check_citations()
        return self.problems

    def _references(self) -> Iterator[tuple[str, Path_, str, dict[str, Any], str, str]]:
        """Every id one content item uses to point at another: (file, path, id, known ids,
        what it names, the file defining those ids)."""
        c = self.content
        for index, role in enumerate(c.roles.roles):
            where: Path_ = ("roles", index)
            yield (
                "roles.yml",
                (*where, "category"),
                role.category,
                c.role_category,
                "role category",
                "roles.yml",
            )
            for n, credential in enumerate(role.credentials):
                yield (
                    "roles.yml",
                    (*where, "credentials", n),
                    credential,
                    c.credential,
                    "credential",
                    "credentials.yml",
                )
            for n, area in enumerate(role.expertise):
                yield (
                    "roles.yml",
                    (*where, "expertise", n),
                    area,
                    c.expertise_area,
                    "expertise area",
                    "expertise.yml",
                )
        for s, question_set in enumerate(c.questions.sets):
            for q, question in enumerate(question_set.questions):
                where = ("sets", s, "questions", q)
                for n, stage in enumerate(question.stages):
                    yield (
                        "questions.yml",
                        (*where, "stages", n),
                        stage,
                        c.stage,
                        "stage",
                        "stages.yml",
                    )
                for n, topic in enumerate(question.topics):
                    yield (
                        "questions.yml",
                        (*where, "topics", n),
                        topic,
                        c.topic,
                        "topic",
                        "questions.yml",
                    )

    def _check_question_ids(self) -> None:
        # Question ids are anchors on one page, so they must be unique across sets too.
        seen: dict[str, str] = {}
        for s, question_set in enumerate(self.content.questions.sets):
            for q, question in enumerate(question_set.questions):
                if question.id in seen and seen[question.id] != question_set.id:
                    self.problems.append(
                        self.content.sources["questions.yml"].problem(
                            ("sets", s, "questions", q, "id"),
                            f"duplicate question id '{question.id}' (already used in set "
                            f"'{seen[question.id]}'; question ids must be unique)",
                        )
                    )
                seen.setdefault(question.id, question_set.id)

    def _check_citations(self) -> None:
        references = self.content.sources.get("references.yml")
        for source in self.content.sources.values():
            self.problems += citation_problems(source, self.content.reference_number, references)


@dataclass(frozen=True)
class Layer:
    """A folder of YAML files and how its files are named in messages."""

    folder: Path
    display: str


def read_layered(name: str, layers: Sequence[Layer]) -> tuple[Source | None, list[Problem]]:
    """File ``name`` from each layer that has it, merged in order (later layers win)."""
    merged: Source | None = None
    problems: list[Problem] = []
    for layer in layers:
        path = layer.folder / name
        if not (path.exists() or path.is_symlink()):
            continue
        unreadable = not_a_file(path)
        if unreadable is not None:
            return None, [*problems, Problem(f"{layer.display}/{name}", 1, 1, "", unreadable)]
        source, parse_problems = read_yaml(path, f"{layer.display}/{name}")
        problems += parse_problems
        if source is None:
            return None, problems
        if merged is None:
            merged = source
        else:
            merged, merge_problems = merge_sources(merged, source)
            problems += merge_problems
    return merged, problems


def load_content(
    content_dir: Path, display_root: Path | None = None, base: Sequence[Layer] = ()
) -> Content:
    """Read, validate and cross-check every content file; raise ``ContentError`` on problems.

    ``base`` are lower layers (the default guide, a language pack) that ``content_dir``
    overlays; without them, ``content_dir`` must hold every file itself.
    """
    root = display_root or content_dir.parent
    top = Layer(content_dir, _display(content_dir, root))
    layers = [*base, top]
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    validated: dict[str, BaseModel] = {}
    for name, model in CONTENT_FILES.items():
        if not any(
            (layer.folder / name).exists() or (layer.folder / name).is_symlink() for layer in layers
        ):
            problems.append(
                Problem(
                    f"{top.display}/{name}",
                    1,
                    1,
                    "",
                    "file is missing (every content kind needs its file: "
                    f"{', '.join(CONTENT_FILES)})",
                )
            )
            continue
        source, file_problems = read_layered(name, layers)
        problems += file_problems
        if source is None:
            continue
        sources[name] = source
        problems += markup_problems(source)
        result, schema_problems = validate(source, model)
        problems += schema_problems
        if result is not None:
            validated[name] = result
            problems += _duplicate_ids(result, source)
    for extra in sorted(content_dir.glob("*.y*ml")):
        if extra.name not in CONTENT_FILES:
            problems.append(
                Problem(
                    _display(extra, root),
                    1,
                    1,
                    "",
                    "unknown content file "
                    f"(expected one of {', '.join(CONTENT_FILES)})"
                    f"{suggest(extra.name, CONTENT_FILES)}",
                )
            )
    if problems or len(validated) < len(CONTENT_FILES):
        raise ContentError(problems)
    content = _assemble(validated, sources)
    problems += _Checker(content).run()
    if problems:
        raise ContentError(problems)
    return content


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _assemble(validated: dict[str, BaseModel], sources: dict[str, Source]) -> Content:
    parts: dict[str, Any] = {kind.attribute: validated[kind.file] for kind in CONTENT_KINDS}
    # guide.yml holds the guide's details under one key; Content holds the details.
    parts["guide"] = cast(m.GuideFile, parts["guide"]).guide
    return Content(**parts, sources=sources)
