"""Citations: ``[@id]`` in any page or content text becomes a superscript link to its
reference, and the references page lists where each reference is cited."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .content import CITATION, Content
from .errors import Problem, suggest
from .strings import Strings


@dataclass(frozen=True)
class Citation:
    page_url: str
    page_title: str
    anchor: str


@dataclass
class CitationIndex:
    """Where each reference is cited, filled page by page during a build."""

    cited_in: dict[str, list[Citation]] = field(default_factory=dict)

    def clear_page(self, page_url: str) -> None:
        for places in self.cited_in.values():
            places[:] = [p for p in places if p.page_url != page_url]


def link_citations(
    markdown: str,
    content: Content,
    *,
    file: str,
    references_url: str,
    page_url: str,
    page_title: str,
    index: CitationIndex,
    strings: Strings,
) -> tuple[str, list[Problem]]:
    """Replace every ``[@id]`` with numbered superscript links; report unknown ids."""
    numbers = content.reference_number
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    index.clear_page(page_url)

    def replace(match: re.Match[str]) -> str:
        links = []
        for part in match.group(1).split(";"):
            ref = part.strip().lstrip("@")
            if ref not in numbers:
                line = markdown.count("\n", 0, match.start()) + 1
                column = match.start() - markdown.rfind("\n", 0, match.start())
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        "",
                        f"unknown reference '{ref}'"
                        f"{suggest(ref, numbers)} in citation {match.group(0)}",
                    )
                )
                continue
            counts[ref] = counts.get(ref, 0) + 1
            anchor = f"cite-{ref}-{counts[ref]}"
            index.cited_in.setdefault(ref, []).append(Citation(page_url, page_title, anchor))
            n = numbers[ref]
            links.append(
                f'<a id="{anchor}" href="{references_url}#ref-{ref}" '
                f'aria-label="{html.escape(strings("references.reference", number=n))}">{n}</a>'
            )
        return f'<sup class="mg-cite">{", ".join(links)}</sup>' if links else ""

    return CITATION.sub(replace, markdown), problems


def cited_in_html(
    ref: str, index: CitationIndex, relative: dict[str, str], strings: Strings
) -> str:
    """The 'Cited in' line for a reference; ``relative`` maps page URLs to relative links."""
    places = index.cited_in.get(ref, [])
    if not places:
        return ""
    by_page: dict[str, list[Citation]] = {}
    for place in places:
        by_page.setdefault(place.page_url, []).append(place)
    links = []
    for page_url, cites in by_page.items():
        first = cites[0]
        href = f"{relative.get(page_url, page_url)}#{first.anchor}"
        count = f" ({len(cites)}×)" if len(cites) > 1 else ""
        links.append(f'<a href="{html.escape(href)}">{html.escape(first.page_title)}</a>{count}')
    cited_in = strings("references.cited_in", pages=", ".join(links))
    return f' <span class="mg-cited-in">{cited_in}</span>'


def check_page_citations(docs_dir: Path, root: Path, content: Content) -> list[Problem]:
    """Unknown ``[@id]`` citations written directly in the pages' Markdown."""
    problems = []
    known = content.reference_number
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            for part in match.group(1).split(";"):
                ref = part.strip().lstrip("@")
                if ref not in known:
                    line = text.count("\n", 0, match.start()) + 1
                    column = match.start() - text.rfind("\n", 0, match.start())
                    problems.append(
                        Problem(
                            _relative(page, root),
                            line,
                            column,
                            "",
                            f"unknown reference '{ref}'{suggest(ref, known)} "
                            f"in citation {match.group(0)}",
                        )
                    )
    return problems


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
