"""The question bank's filters, in real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import GuardedPage, StaticServer

pytestmark = pytest.mark.browser


def open_bank(guarded: GuardedPage, server: StaticServer) -> Page:
    page = guarded.page
    page.goto(server.url + "question-bank/")
    page.click("text=Filter by who asks, stage and topic")
    return page


def visible_question_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        ".mg-question:not([hidden]) h3", "els => els.map(e => e.id)"
    )
    return ids


def test_filters_appear_only_when_the_script_runs(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_bank(guarded_page, site_server)
    assert page.is_visible(".mg-qb-filters")
    assert page.text_content(".mg-qb-count") == "Showing all 15 questions"


def test_filtering_by_audience_shows_only_that_audience(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_bank(guarded_page, site_server)
    page.check("input[name=audience][value=mentee]")
    shown = visible_question_ids(page)
    assert len(shown) == 6
    assert "mentor-before" in shown and "what-drew-you-to-pharmacy" not in shown
    assert page.text_content(".mg-qb-count") == "Showing 6 of 15 questions"


def test_facets_combine_with_and_values_within_a_facet_with_or(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_bank(guarded_page, site_server)
    page.check("input[name=stage][value=cultivation]")
    page.check("input[name=topic][value=feedback]")
    page.check("input[name=topic][value=support]")
    assert sorted(visible_question_ids(page)) == ["feedback-hoped-for", "feel-supported"]


def test_show_all_resets_the_filters(guarded_page: GuardedPage, site_server: StaticServer) -> None:
    page = open_bank(guarded_page, site_server)
    page.check("input[name=audience][value=mentee]")
    page.click("text=Show all questions")
    page.wait_for_function("document.querySelector('.mg-qb-count').textContent.includes('all')")
    assert len(visible_question_ids(page)) == 15


def test_without_javascript_every_question_is_listed(
    browser: Browser, site_server: StaticServer
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.url + "question-bank/")
    assert not page.is_visible(".mg-qb-filters")
    assert len(page.query_selector_all(".mg-question h3")) == 15
    context.close()


def test_loading_the_bank_requests_nothing_from_other_hosts(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    open_bank(guarded_page, site_server)
    guarded_page.page.wait_for_load_state("networkidle")
    assert guarded_page.foreign_requests == []
