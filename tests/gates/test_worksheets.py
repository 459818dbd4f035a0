"""Worksheet gates, on every worksheet page (``form.mg-worksheet`` under /worksheets/):
no axe violation in the error and filled states (and none of the colour rules in the dark
palette; the empty state is a page's first load, checked with every page); "Check answers"
marks what is missing accessibly; the form works from the keyboard alone; every action works
with no network. Skipped, saying why, while the site has no worksheet page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.conftest import StaticServer
from tests.gates.conftest import WorksheetUse
from tests.gates.support import (
    COLOR_RULES,
    FORM,
    Violation,
    action,
    fill_worksheet,
    invalid_report,
    keyboard_walk,
    recording,
    run_axe,
    scheme_in_use,
    shown,
)
from tests.gates.test_accessibility import SCHEMES, report

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", SCHEMES)
def test_worksheet_states_have_no_axe_violations(
    browser: Browser, site_server: StaticServer, worksheets: list[str], scheme: str
) -> None:
    violations: list[Violation] = []
    rules = COLOR_RULES if scheme == "dark" else None  # the palette changes only colours
    with recording(browser, site_server, color_scheme=scheme) as rec:
        page = rec.page
        for where in worksheets:
            page.goto(site_server.url + where)
            assert scheme_in_use(page) == SCHEMES[scheme]
            # The empty state is checked with every page (test_accessibility.py).
            page.click(action("check"))
            violations += run_axe(page, where, f"errors shown, {scheme}", rules)
            fill_worksheet(page)
            violations += run_axe(page, where, f"filled, {scheme}", rules)
    assert not violations, report(violations)


def test_check_answers_marks_each_missing_answer_accessibly(
    browser: Browser, site_server: StaticServer, worksheets: list[str]
) -> None:
    problems: list[str] = []
    with recording(browser, site_server) as rec:
        page = rec.page
        for where in worksheets:
            page.goto(site_server.url + where)
            if page.locator("[role=status]").count() == 0:
                problems.append(f"{shown(where)}: no [role=status] region for messages")
            page.click(action("check"))
            found = invalid_report(page)
            problems += found["problems"]
            unmarked = sorted(set(found["required"]) - set(found["invalid"]))
            problems += [
                f"{shown(where)}: empty required {name} not marked aria-invalid"
                for name in unmarked
            ]
            if not found["invalid"]:
                problems.append(f"{shown(where)}: Check answers on an empty form marked nothing")
            fill_worksheet(page)
            page.click(action("check"))
            stale = invalid_report(page)["invalid"]
            problems += [
                f"{shown(where)}: {name} still aria-invalid after it was filled and checked"
                for name in stale
            ]
    assert not problems, "\n".join(problems)


def test_worksheets_work_from_the_keyboard_alone(
    browser: Browser, site_server: StaticServer, worksheets: list[str]
) -> None:
    problems: list[str] = []
    with recording(browser, site_server) as rec:
        for where in worksheets:
            rec.page.goto(site_server.url + where)
            problems += keyboard_walk(rec.page, FORM, where)
    assert not problems, "\n".join(problems)


def test_every_worksheet_action_works_with_no_network(
    worksheet_uses: list[WorksheetUse],
) -> None:
    problems = [
        line
        for use in worksheet_uses
        for line in (*use.problems, *(f"{shown(use.page)}: {e}" for e in use.errors))
    ]
    assert not problems, "\n".join(problems)
