"""The site works from a sub-path of a static host and opened from files on disk, in Chromium:
every page's links and assets load, and search works."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Request, Response

from tests.conftest import search_results

pytestmark = pytest.mark.browser
PREFIX = "/mentorship/"


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, as a host that mounts it in a sub-folder would."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sub_path_url(society_site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPathHandler, directory=str(society_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def page_urls(site: Path, base: str, *, offline: bool) -> list[str]:
    if offline:
        return sorted(p.as_uri() for p in site.glob("*.html") if p.name != "404.html")
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [base + ("" if page == "." else page + "/") for page in pages]


def visit_all(browser: Browser, urls: list[str]) -> list[str]:
    """Open each page; return every failed load and every internal link that does not resolve."""
    failures: list[str] = []
    context = browser.new_context()
    page = context.new_page()

    def on_request_failed(request: Request) -> None:
        failures.append(f"failed: {request.url}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failures.append(f"{response.status}: {response.url}")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    for url in urls:
        # Wait for what the page loads after it is shown (search's worker and its language
        # scripts), so that every request ends before the next page stops it.
        page.goto(url, wait_until="networkidle")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        for href in links:
            target = urljoin(url, href).split("#")[0]
            if urlsplit(target).scheme not in ("http", "file") or not target.startswith(
                urls[0].rsplit("/", 1)[0] if url.startswith("file:") else urls[0]
            ):
                continue  # other hosts (footer links, references) are not ours to check
            if target.startswith("file:"):
                if not Path(urlsplit(target).path).exists():
                    failures.append(f"broken link on {url}: {href}")
            else:
                status = context.request.get(target).status
                if status >= 400:
                    failures.append(f"broken link on {url}: {href} ({status})")
    context.close()
    return failures


def search(browser: Browser, url: str, query: str) -> list[str]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    hrefs = search_results(page, query)
    context.close()
    return hrefs


def test_every_page_link_and_asset_loads_from_a_sub_path(
    browser: Browser, society_site: Path, sub_path_url: str
) -> None:
    urls = page_urls(society_site, sub_path_url, offline=False)
    assert len(urls) >= 12
    assert visit_all(browser, urls) == []


def test_search_works_from_a_sub_path(browser: Browser, sub_path_url: str) -> None:
    hrefs = search(browser, sub_path_url, "impostor")
    assert any(h.startswith(sub_path_url + "mentorship-principles/") for h in hrefs)


def test_every_page_link_and_asset_loads_from_files_on_disk(
    browser: Browser, offline_society_site: Path
) -> None:
    urls = page_urls(offline_society_site, "", offline=True)
    assert len(urls) >= 12
    assert visit_all(browser, urls) == []


def test_search_works_from_files_on_disk(browser: Browser, offline_society_site: Path) -> None:
    hrefs = search(browser, (offline_society_site / "index.html").as_uri(), "diversion")
    assert any("career-pathways.html" in h for h in hrefs)


def test_the_offline_build_names_no_other_host_for_scripts(offline_society_site: Path) -> None:
    html = (offline_society_site / "index.html").read_text("utf-8")
    assert "unpkg.com" not in html
    assert '<script src="assets/vendor/iframe-worker-shim.js"' in html
