"""The Markdown that content may use: a safe subset, checked over the YAML's own text.

Content text is inline Markdown (``**bold**``, ``*italic*``, ``[text](https://…)``,
`` `code` ``, ``[@citations]``) and nothing else. What would make it markup a reader's
browser runs, or a request to another host, is refused with a located problem, never
silently dropped (CONTRIBUTING: content is data):

* raw HTML (``<img …>``, ``<!-- … -->``): escaping already shows it as text, but a writer who
  typed a tag meant something else; inside backticks it is code and shows as written;
* attribute lists (``{: onmouseover=… }``, ``{#id}``): Python-Markdown's ``attr_list`` would
  make attributes, event handlers included, out of them;
* link targets other than ``http(s):``, ``mailto:``, ``tel:``, relative paths and ``#anchors``
  (``javascript:``, ``data:``, ``//other.host``);
* images other than the project's own files: an image from another host is a request every
  reader's browser (and the PDF renderer) would make.

The sinks escape as well (``site/pages.py``, ``worksheets/html.py``): this check gives the
writer a message with a line and column; escaping keeps a text that skipped it inert.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .errors import Problem
from .sources import Path_, Source

#: Link schemes a reader may follow (OWASP: allow-list, never a block-list).
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_TAG = re.compile(r"<[A-Za-z!?/][^>\s]*")
_BRACES = re.compile(r"\{[^}\n]*\}")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_MARKUP_CHARACTERS = re.compile(r"[<{\[]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
#: Browsers drop ASCII tab and newline inside URLs and trim controls and spaces around them
#: (WHATWG URL), so ``java<TAB>script:`` is ``javascript:``: read targets the same way.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def outside_code(text: str) -> Iterator[tuple[int, str]]:
    """The parts of ``text`` outside Markdown code spans, each with its offset."""
    start = 0
    for match in _CODE_SPAN.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span in ``text``."""
    return [match.span() for match in _CODE_SPAN.finditer(text)]


def link_problem(target: str, *, image: bool = False) -> str | None:
    """Why ``target`` may not be a link's (or an image's) target, or None if it may."""
    url = _URL_NOISE.sub("", target.strip("<>"))
    scheme = _SCHEME.match(url)
    if image:
        if scheme or url.startswith(("/", "\\")):
            return (
                f"image '{target}' is not allowed: images must be the project's own files "
                "(a relative path such as images/chart.png)"
            )
        return None
    if (scheme and scheme.group(1).lower() not in LINK_SCHEMES) or url.startswith(("//", "\\")):
        return (
            f"link target '{target}' is not allowed (expected https://…, http://…, mailto:…, "
            "tel:…, a relative path or a #anchor)"
        )
    return None


def markup_messages(text: str, *, placeholders: bool = False) -> list[str]:
    """What in ``text`` is outside the safe Markdown subset, one sentence for the first
    instance of each kind of problem (a writer fixes one, then sees the next).

    ``placeholders``: ``{name}`` is an interface string's placeholder, not an attribute list.
    """
    return [message for _, message in markup_findings(text, placeholders=placeholders)]


def markup_findings(text: str, *, placeholders: bool = False) -> list[tuple[int, str]]:
    """``markup_messages`` with where in ``text`` each problem starts."""
    if not _MARKUP_CHARACTERS.search(text):
        return []  # most texts: nothing that could be markup, no need to look closer
    tags: list[tuple[int, str]] = []
    braces: list[tuple[int, str]] = []
    targets: list[tuple[int, str]] = []
    for start, part in outside_code(text):
        tags += [(start + tag.start(), tag.group()) for tag in _TAG.finditer(part)]
        braces += [
            (start + found.start(), found.group())
            for found in _BRACES.finditer(part)
            if not (placeholders and _PLACEHOLDER.fullmatch(found.group()))
        ]
        targets += [
            (start + link.start(), problem)
            for link in _LINK.finditer(part)
            if (problem := link_problem(link.group(2), image=bool(link.group(1))))
        ]
        targets += [
            (start + reference.start(1), problem)
            for reference in _REFERENCE.finditer(part)
            if (problem := link_problem(reference.group(1)))
        ]
    findings = []
    if tags:
        findings.append(
            (
                tags[0][0],
                f"raw HTML '{tags[0][1]}' is not allowed in content text (it is Markdown: "
                "put markup in backticks to show it as written)",
            )
        )
    if braces:
        findings.append(
            (
                braces[0][0],
                f"'{braces[0][1]}' is not allowed in content text (curly braces make an "
                "attribute list; put them in backticks to show them as written)",
            )
        )
    return findings + targets[:1]


def markup_problems(source: Source, *, placeholders: bool = False) -> list[Problem]:
    """A located problem for each text in ``source`` outside the safe Markdown subset: at the
    offending characters when the text stands on one line of the file, else at the text."""
    problems = []
    for path, text in _texts(source.data, ()):
        for offset, message in markup_findings(text, placeholders=placeholders):
            problem = source.problem(path, message)
            inline = source.inline_at.get(path)
            if inline is not None and path in source.value_at:
                problem = replace(problem, column=problem.column + inline + offset)
            problems.append(problem)
    return problems


def _texts(data: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def escape_markdown(text: str) -> str:
    """``text`` as inline Markdown that makes no HTML of its own: ``<``, ``>`` and ``&`` are
    escaped, and so are curly braces (no attribute list can follow); Markdown emphasis, links
    and ``[@citations]`` keep working. Code spans stay as written: Markdown escapes them."""
    text = " ".join(text.split())
    parts = []
    start = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_escape_text(text[start : match.start()]))
        parts.append(match.group())
        start = match.end()
    parts.append(_escape_text(text[start:]))
    return "".join(parts)


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


class SafeLinks(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types
    """The last guard at the HTML sink: a link or image whose target the check above would
    refuse becomes its text, and no element keeps an event handler attribute. Only
    text that skipped the check (a page's own Markdown) can reach it."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in [n for n in element.attrib if n.lower().startswith("on")]:
                del element.attrib[name]
            # The element becomes plain text (a span keeps a link's words, an image's alt):
            # MkDocs' own processors expect every link and image to have its address.
            if element.tag == "a" and link_problem(element.get("href", "")):
                element.tag = "span"
                element.attrib.clear()
            elif element.tag == "img" and link_problem(element.get("src", ""), image=True):
                alt = element.get("alt", "")
                element.tag = "span"
                element.attrib.clear()
                element.text = alt


class SafeLinksExtension(Extension):  # type: ignore[misc]
    """Register :class:`SafeLinks` after every other tree processor (attr_list included)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafeLinks(md), "mentorguide_safe_links", 0)
