"""Targets and placement, measured in Chromium: check boxes and radio buttons at least
24 × 24 CSS px (WCAG 2.2 SC 2.5.8), the buttons an even grid on a phone, and a missing
answer's message right under the choices it is about."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.test_worksheets import FORM, action, open_sheet
from tests.conftest import GuardedPage, StaticServer

pytestmark = pytest.mark.browser

SMALLEST = """sel => Array.from(document.querySelectorAll(sel)).map(el => {
  const r = el.getBoundingClientRect(); return Math.min(r.width, r.height); })"""


def test_check_boxes_and_radio_buttons_are_at_least_24_px(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    sizes = page.evaluate(SMALLEST, f"{FORM} input[type=checkbox], {FORM} input[type=radio]")
    assert sizes and min(sizes) >= 24
    page.goto(f"{site_server.url}question-bank/")
    page.click("text=Filter by who asks, stage and topic")
    sizes = page.evaluate(SMALLEST, ".mg-qb-filters input[type=checkbox]")
    assert sizes and min(sizes) >= 24


def test_on_a_phone_the_buttons_are_an_even_grid(
    browser: Browser, site_server: StaticServer
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_server.url}worksheets/smart-goal/")
    page.wait_for_selector(f"{FORM}.mg-ws-ready")
    boxes: list[dict[str, Any]] = page.eval_on_selector_all(
        f"{FORM} .mg-ws-actions .md-button",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: Math.round(r.x), w: Math.round(r.width)}; })",
    )
    context.close()
    assert len({box["w"] for box in boxes}) == 1  # every button as wide as the others
    assert len({box["x"] for box in boxes}) == 2  # in two columns


def test_a_missing_choice_is_named_under_the_choices_not_under_the_other_box(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    page.click(action("check"))
    error = page.locator("#ws-frequency--error").bounding_box()
    last_option = page.locator("[name=frequency][value=other]").bounding_box()
    other_box = page.locator('[name="frequency.other_text"]').bounding_box()
    assert error and last_option and other_box
    assert last_option["y"] < error["y"] < other_box["y"]
