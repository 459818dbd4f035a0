"""Privacy gate: reading the guide and using its tools contacts no host but the site's own
and sets no cookie. Requests to other hosts are blocked and recorded, never sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.conftest import StaticServer
from tests.gates.conftest import Visit, WorksheetUse
from tests.gates.support import recording, shown

pytestmark = pytest.mark.browser


def test_no_page_requests_another_host(first_visits: dict[str, Visit]) -> None:
    leaks = [f"{shown(v.page)}: {request}" for v in first_visits.values() for request in v.foreign]
    assert not leaks, "requests to other hosts on first load:\n" + "\n".join(leaks)


def test_no_page_sets_a_cookie(first_visits: dict[str, Visit]) -> None:
    cookies = [f"{shown(v.page)}: {cookie}" for v in first_visits.values() for cookie in v.cookies]
    assert not cookies, "cookies set:\n" + "\n".join(cookies)


def test_searching_and_filtering_stay_on_the_site(
    browser: Browser, site_server: StaticServer
) -> None:
    with recording(browser, site_server) as rec:
        page = rec.page
        page.goto(site_server.url)
        # Typed, not filled: the theme reads the query on keyup (fill() races with it).
        page.click("input.md-search__input")
        page.keyboard.type("mentor")
        page.wait_for_selector(".md-search-result__item a")
        page.click(".md-search-result__item a")
        page.wait_for_load_state("networkidle")
        page.goto(site_server.url + "question-bank/")
        page.click(".mg-qb-filters summary")
        page.check("input[name=audience][value=mentee]")
        page.click("text=Show all questions")
        page.wait_for_load_state("networkidle")
        used = rec.foreign + rec.cookies()
    assert not used, "searching and filtering contacted other hosts or set cookies:\n" + (
        "\n".join(used)
    )


def test_using_every_worksheet_stays_on_the_site(worksheet_uses: list[WorksheetUse]) -> None:
    found = [
        f"{shown(use.page)}: {item}"
        for use in worksheet_uses
        for item in (*use.foreign, *use.cookies)
    ]
    assert not found, (
        "filling, checking, making the PDF, exporting, importing or opening it contacted "
        "other hosts or set cookies:\n" + "\n".join(found)
    )
