"""Shared fixtures: a real build of the guide, a local static server and headless Chromium.

Browser tests use Debian's chromium through Playwright (``executable_path``): downloading a
browser at test time is not possible on our machines. Every page gets a network guard that
records, and blocks, any request to a host other than the local server.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: What a guide project is made of: copying these makes a private project to break or rebuild.
PROJECT_PARTS = ("content", "docs", "worksheets", "hooks", "mkdocs.yml")


def copy_project(destination: Path) -> Path:
    """A private copy of this guide project at ``destination`` (created), returned."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)
    return destination


def build_site(
    project: Path,
    site_dir: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    engine: str = "mkdocs",
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` (or ``engine``'s, e.g. ``properdocs``) for ``project`` as a user
    would; returns the finished process."""
    # Rendered PDFs are cached by content hash, so copies of a project can share one cache.
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MENTORGUIDE_CACHE_DIR": str(ROOT / ".cache" / "mentorguide"),
        **(env or {}),
    }
    # No -q: it silences warnings before --strict can count them.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            engine,
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )


#: Fixtures that build a whole site: a test using one is a ``build`` test.
SITE_FIXTURES = {"built_site", "society_site", "offline_society_site", "built_pdf", "hostile_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what the fast loop (``make test-fast``) leaves out: tests that drive Chromium
    (``browser``) and tests that build a site or run MkDocs (``build``). A test that builds
    without one of the site fixtures says so itself (``@pytest.mark.build``)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & SITE_FIXTURES or "browser" in names:
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default guide, built once per test session with ``mkdocs build --strict``."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


#: A society project that exercises every kind of customisation.
SOCIETY_FIXTURE = ROOT / "tests" / "fixtures" / "society"


def build_society_fixture(tmp: Path, **env: str) -> Path:
    """The fixture society, built from a copy (a build writes a cache next to the project,
    which must not land in git); returns the built site."""
    project = tmp / "society"
    shutil.copytree(SOCIETY_FIXTURE, project)
    site = tmp / "site"
    result = build_site(project, site, env=env)
    assert result.returncode == 0, f"society build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def society_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_society_fixture(tmp_path_factory.mktemp("society"))


@pytest.fixture(scope="session")
def offline_society_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_society_fixture(tmp_path_factory.mktemp("offline"), OFFLINE="true")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class StaticServer:
    root: Path
    url: str


def serve_directory(root: Path) -> Generator[StaticServer, None, None]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield StaticServer(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[StaticServer]:
    """The built guide served over HTTP on 127.0.0.1 (a random free port)."""
    yield from serve_directory(built_site)


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Debian's chromium is not installed; run `make test` (it installs it)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class GuardedPage:
    """A Playwright page whose requests to any other host are blocked and recorded."""

    page: Page
    foreign_requests: list[str] = field(default_factory=list)


def guarded(browser: Browser, server: StaticServer) -> Iterator[GuardedPage]:
    """A page in a new browser context whose requests to any host but ``server`` are
    blocked and recorded."""
    local = urlsplit(server.url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    guarded_page = GuardedPage(page)

    def guard(route: Route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == local:
            route.continue_()
        else:
            guarded_page.foreign_requests.append(request.url)
            route.abort()

    context.route("**/*", guard)
    yield guarded_page
    context.close()


@pytest.fixture
def guarded_page(browser: Browser, site_server: StaticServer) -> Iterator[GuardedPage]:
    yield from guarded(browser, site_server)


def search_results(page: Page, query: str, *, seconds: float = 30) -> list[str]:
    """Type ``query`` into the theme's search box; return the result links' URLs.

    Material's search index loads in a worker after the page, and the theme searches on
    key-up: if the query arrived before the worker was ready, a harmless key (End) asks
    again. (Clearing and retyping instead can keep the offline search from ever answering.)
    """
    deadline = time.monotonic() + seconds
    page.fill("input.md-search__input", query)
    while True:
        try:
            page.wait_for_selector(".md-search-result__item a", timeout=1000)
            break
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            page.press("input.md-search__input", "End")
    links: list[str] = page.eval_on_selector_all(
        ".md-search-result__item a", "links => links.map(a => a.href)"
    )
    return links
