"""Accessibility gate: axe-core finds no WCAG 2.2 A/AA violation on any built page, nor on the
question bank with its filters in use, and the colour rules pass in the dark palette too; the
filters work from the keyboard alone. (Worksheet states: test_worksheets.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import StaticServer
from tests.gates.conftest import Visit
from tests.gates.support import (
    COLOR_RULES,
    Violation,
    is_standalone,
    keyboard_walk,
    recording,
    run_axe,
    scheme_in_use,
    site_pages,
)

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}


def report(violations: list[Violation]) -> str:
    pages = len({v.page for v in violations})
    return f"{len(violations)} axe violations on {pages} page(s):\n" + "\n".join(
        str(v) for v in violations
    )


def test_every_page_has_no_axe_violations_in_the_light_palette(
    first_visits: dict[str, Visit], built_site: Path
) -> None:
    assert first_visits, "the built site has no HTML pages"
    wrong = [
        v.page
        for v in first_visits.values()
        if v.scheme != "default" and not is_standalone(built_site, v.page)
    ]
    assert not wrong, f"pages not in the light palette on first load: {wrong}"
    violations = [v for visit in first_visits.values() for v in visit.violations]
    assert not violations, report(violations)


def test_every_page_has_no_axe_violations_in_the_dark_palette(
    browser: Browser, site_server: StaticServer, built_site: Path
) -> None:
    # A reader whose system is set to dark gets Material's slate palette (prefers-color-scheme).
    violations: list[Violation] = []
    with recording(browser, site_server, color_scheme="dark") as rec:
        for page in site_pages(built_site):
            rec.page.goto(site_server.url + page)
            if not is_standalone(built_site, page):  # a standalone page follows the system
                assert scheme_in_use(rec.page) == "slate", f"/{page} did not switch to dark"
            violations += run_axe(rec.page, page, "dark palette", COLOR_RULES)
    assert not violations, report(violations)


def open_filters(page: Page, server: StaticServer) -> None:
    page.goto(server.url + "question-bank/")
    page.click(".mg-qb-filters summary")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_question_bank_filters_in_use_have_no_axe_violations(
    browser: Browser, site_server: StaticServer, scheme: str
) -> None:
    violations: list[Violation] = []
    with recording(browser, site_server, color_scheme=scheme) as rec:
        page = rec.page
        open_filters(page, site_server)
        assert scheme_in_use(page) == SCHEMES[scheme]
        rules = COLOR_RULES if scheme == "dark" else None
        violations += run_axe(page, "question-bank/", f"filters open, {scheme}", rules)
        # The first choice of each facet: some groups then match nothing and say so.
        for fieldset in page.locator(".mg-qb-filters fieldset").all():
            fieldset.locator("input").first.check()
        page.wait_for_function(
            "!document.querySelector('.mg-qb-count').textContent.includes('all')"
        )
        violations += run_axe(page, "question-bank/", f"filters applied, {scheme}", rules)
    assert not violations, report(violations)


def test_question_bank_filters_work_from_the_keyboard(
    browser: Browser, site_server: StaticServer
) -> None:
    with recording(browser, site_server) as rec:
        page = rec.page
        page.goto(site_server.url + "question-bank/")
        page.focus(".mg-qb-filters summary")
        page.keyboard.press("Enter")
        assert page.is_visible(".mg-qb-filters fieldset"), "Enter did not open the filters"
        problems = keyboard_walk(page, ".mg-qb-filters", "question-bank/")
        page.focus(".mg-qb-filters input[type=checkbox]")
        page.keyboard.press("Space")
        count = page.text_content(".mg-qb-count") or ""
    assert "of" in count, f"Space on a focused filter did not apply it: {count!r}"
    assert not problems, "\n".join(problems)
