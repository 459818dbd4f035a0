"""Session fixtures for the quality gates.

Every built page is loaded once, in a fresh browser context with an empty cache, and what that
first load did is kept (``first_visits``): what it transferred, any request to another host,
cookies, script errors and the axe-core result. The accessibility, privacy and page-weight
gates all read that one record, so the suite loads each page once, not once per gate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import StaticServer
from tests.gates.support import (
    Transfer,
    Violation,
    recording,
    run_axe,
    scheme_in_use,
    site_pages,
    use_worksheet,
    worksheet_pages,
)


@dataclass
class Visit:
    """What loading one page for the first time did."""

    page: str
    transfers: list[Transfer]
    foreign: list[str]
    cookies: list[str]
    errors: list[str]
    violations: list[Violation]
    scheme: str


@pytest.fixture(scope="session")
def first_visits(browser: Browser, site_server: StaticServer, built_site: Path) -> dict[str, Visit]:
    visits: dict[str, Visit] = {}
    for page in site_pages(built_site):
        with recording(browser, site_server) as rec:
            # Until the network settles: the search index and sitemap are part of a load.
            rec.page.goto(site_server.url + page)
            rec.settle()
            visits[page] = Visit(
                page=page,
                transfers=rec.transfers(),
                foreign=list(rec.foreign),
                cookies=rec.cookies(),
                errors=[*rec.errors, *rec.local_failures()],
                violations=run_axe(rec.page, page, "first load, light palette"),
                scheme=scheme_in_use(rec.page),
            )
    return visits


@pytest.fixture(scope="session")
def worksheets(built_site: Path) -> list[str]:
    """The worksheet pages; gates about worksheets skip, saying why, while there are none."""
    pages = worksheet_pages(built_site)
    if not pages:
        pytest.skip(
            "no worksheet page yet: no worksheets/*/index.html in the built site holds "
            'a <form class="mg-worksheet">'
        )
    return pages


@dataclass
class WorksheetUse:
    """What using one worksheet end to end did: fill, check, make the PDF, export, clear,
    import the JSON, open the PDF."""

    page: str
    foreign: list[str]
    cookies: list[str]
    errors: list[str]
    problems: list[str]
    pdfs: list[Path]


@pytest.fixture(scope="session")
def worksheet_uses(
    browser: Browser,
    site_server: StaticServer,
    worksheets: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> list[WorksheetUse]:
    uses = []
    for page in worksheets:
        folder = tmp_path_factory.mktemp("worksheet-use")
        with recording(browser, site_server) as rec:
            rec.page.goto(site_server.url + page, wait_until="networkidle")
            problems, pdfs = use_worksheet(rec.page, page, folder)
            rec.page.wait_for_load_state("networkidle")
            uses.append(
                WorksheetUse(
                    page,
                    list(rec.foreign),
                    rec.cookies(),
                    [*rec.errors, *rec.local_failures()],
                    problems,
                    pdfs,
                )
            )
    return uses


@pytest.fixture(scope="session")
def weight_report_dir() -> Iterator[Path]:
    """``benchmarks/results/`` (gitignored): where the page-weight table is written."""
    folder = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    yield folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    table = terminalreporter.config.stash.get(WEIGHT_TABLE, None)
    if table:
        terminalreporter.write_sep("-", "page weight on first load")
        terminalreporter.write_line(table)


WEIGHT_TABLE = pytest.StashKey[str]()
