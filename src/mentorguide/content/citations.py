"""The citation grammar: ``[@id]`` or ``[@a; @b]`` in any page or content text cites the
guide's references by id. Every reader of citations (the cross-reference check, the site's
links, the worksheets' superscripts) parses them here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import Problem, suggest
from .sources import Path_, Source

CITATION = re.compile(r"\[@([A-Za-z0-9-]+(?:\s*;\s*@[A-Za-z0-9-]+)*)\]")


def citation_ids(match: re.Match[str]) -> list[str]:
    """The reference ids of one citation ``match``, in the order written."""
    return [part.strip().lstrip("@") for part in match.group(1).split(";")]


def cited_ids(text: str) -> Iterator[str]:
    """Reference ids cited in ``text`` with ``[@id]`` or ``[@a; @b]``."""
    for match in CITATION.finditer(text):
        yield from citation_ids(match)


def _walk_strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def citations_in(source: Source) -> Iterator[tuple[Path_, str]]:
    """Every reference id a source cites: in ``cite`` lists and as ``[@id]`` in its text."""
    for path, text in _walk_strings(source.data):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if key == "cite" or key.endswith("_cite"):
            yield path, text
        else:
            for ref in cited_ids(text):
                yield path, ref


def citation_problems(
    source: Source, known: Mapping[str, int], references: Source | None = None
) -> list[Problem]:
    """A problem for each citation in ``source`` of a reference not in ``known``."""
    problems = []
    for path, ref in citations_in(source):
        if ref in known:
            continue
        if references and ref in references.hidden:
            where = references.hidden[ref]
            message = f"reference '{ref}' is hidden by {where.file}:{where.line}:{where.column}"
        else:
            message = f"unknown reference '{ref}'{suggest(ref, known)}"
        problems.append(source.problem(path, message))
    return problems


def unknown_citations(text: str, file: str, known: Mapping[str, int]) -> list[Problem]:
    """A problem for each ``[@id]`` in ``text`` (a page's Markdown) of an id not in ``known``,
    located by line and column."""
    problems = []
    for match in CITATION.finditer(text):
        for ref in citation_ids(match):
            if ref not in known:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        "",
                        f"unknown reference '{ref}'{suggest(ref, known)} "
                        f"in citation {match.group(0)}",
                    )
                )
    return problems


def check_page_citations(docs_dir: Path, root: Path, known: Mapping[str, int]) -> list[Problem]:
    """Unknown ``[@id]`` citations written directly in the pages' Markdown."""
    problems = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        problems += unknown_citations(text, _relative(page, root), known)
    return problems


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
