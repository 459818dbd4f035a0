"""Links gate: every internal link, anchor and asset in the built HTML resolves, every page
can be reached by links from the home page, and every external link, reference URL and DOI
is well-formed. Reads the files; no browser needed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mentorguide.content.load import Content, load_content
from tests.conftest import ROOT

#: Crossref's pattern for modern DOIs (covers 99.3% of registered DOIs).
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]]+$")
HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
LINK_ATTRS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
    "use": "href",
}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag in ("a", "map") else ("id",):
            if values.get(key):
                self.page.ids.add(str(values[key]))
        wanted = LINK_ATTRS.get(tag)
        url = values.get(wanted) if wanted else None
        if url is not None:
            self.page.links.append((tag, url))
        if tag == "img" and values.get("srcset"):
            for part in str(values["srcset"]).split(","):
                if part.strip():
                    self.page.links.append((tag, part.split()[0]))


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, ParsedPage]:
    parsed = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = _Parser()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path] = parser.page
    return parsed


def resolve(site: Path, page: Path, url: str) -> Path:
    """The file a relative URL in ``page`` points at; directory URLs mean their index.html."""
    path = unquote(urlsplit(url).path)
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    if not path:
        return page
    if path.endswith("/") or target.is_dir():
        return target / "index.html"
    return target


def well_formed(url: str) -> str | None:
    """Why an external URL is malformed, or None."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", parts.path) else "bad address"
    if parts.scheme not in ("http", "https"):
        return f"unexpected scheme {parts.scheme!r}"
    if not HOST.match(parts.hostname or ""):
        return f"bad host {parts.hostname!r}"
    if not URL_CHARS.match(url):
        return "characters that must be percent-encoded (spaces, quotes, <, >…)"
    if re.search(r"%(?![0-9A-Fa-f]{2})", url):
        return "a % that starts no percent-escape"
    if parts.hostname in ("doi.org", "dx.doi.org") and not DOI.match(unquote(parts.path[1:])):
        return f"malformed DOI {unquote(parts.path[1:])!r}"
    return None


def test_every_internal_link_and_anchor_resolves(
    built_site: Path, pages: dict[Path, ParsedPage]
) -> None:
    broken = []
    for page, parsed in pages.items():
        where = page.relative_to(built_site).as_posix()
        for tag, url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("javascript:", "data:")):
                continue
            target = resolve(built_site, page, url)
            if not target.is_file():
                shown_target = (
                    target.relative_to(built_site) if target.is_relative_to(built_site) else target
                )
                broken.append(f"{where}: <{tag}> {url!r} → missing file {shown_target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target.resolve()].ids if target.resolve() in pages else set()
                if fragment not in ids:
                    broken.append(
                        f"{where}: {url!r} → no id or name {fragment!r} in "
                        f"{target.relative_to(built_site).as_posix()}"
                    )
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_every_page_can_be_reached_from_the_home_page(
    built_site: Path, pages: dict[Path, ParsedPage]
) -> None:
    """A page no link leads to (not in the nav, linked from nowhere) is lost to readers."""
    home = (built_site / "index.html").resolve()
    seen, queue = {home}, [home]
    while queue:
        page = queue.pop()
        for _, url in pages[page].links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = resolve(built_site, page, url).resolve()
            if target in pages and target not in seen:
                seen.add(target)
                queue.append(target)
    orphans = sorted(
        p.relative_to(built_site).as_posix()
        for p in pages
        if p.resolve() not in seen and p.name != "404.html"
    )
    assert not orphans, "pages no link leads to (add them to the nav in mkdocs.yml):\n" + (
        "\n".join(orphans)
    )


def test_every_external_link_is_well_formed(
    built_site: Path, pages: dict[Path, ParsedPage]
) -> None:
    bad = []
    for page, parsed in pages.items():
        for tag, url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme in ("", "javascript", "data") and not parts.netloc:
                continue
            why = well_formed(url)
            if why:
                bad.append(f"{page.relative_to(built_site).as_posix()}: <{tag}> {url!r}: {why}")
    assert not bad, "malformed external links:\n" + "\n".join(bad)


def test_every_reference_url_and_doi_is_well_formed() -> None:
    content: Content = load_content(ROOT / "content")
    bad = []
    for ref in content.references.references:
        url = getattr(ref, "url", None)
        doi = getattr(ref, "doi", None)
        if url and (why := well_formed(str(url))):
            bad.append(f"content/references.yml: {ref.id}: url {url!r}: {why}")
        if doi and not DOI.match(str(doi)):
            bad.append(f"content/references.yml: {ref.id}: doi {doi!r} is not 10.<prefix>/<suffix>")
    assert not bad, "\n".join(bad)


def test_every_link_to_a_pdf_resolves_to_a_file(
    built_site: Path, pages: dict[Path, ParsedPage]
) -> None:
    links = [
        (page, url)
        for page, parsed in pages.items()
        for _, url in parsed.links
        if urlsplit(url).path.lower().endswith(".pdf") and not urlsplit(url).scheme
    ]
    if not links:
        pytest.skip("no page links to a PDF yet")
    missing = [
        f"{page.relative_to(built_site).as_posix()}: {url!r}"
        for page, url in links
        if not resolve(built_site, page, url).is_file()
    ]
    assert not missing, "links to PDFs that the build did not make:\n" + "\n".join(missing)
