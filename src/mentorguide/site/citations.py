"""Citations: ``[@id]`` in any page or content text becomes a superscript link to its
reference, and the references page lists where each reference is cited."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..content.citations import CITATION, citation_ids, unknown_citations
from ..content.errors import Problem
from ..content.load import Content
from ..edition.strings import Strings


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
    problems = unknown_citations(markdown, file, numbers)
    counts: dict[str, int] = {}
    index.clear_page(page_url)

    def replace(match: re.Match[str]) -> str:
        links = []
        for ref in citation_ids(match):
            if ref not in numbers:
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
