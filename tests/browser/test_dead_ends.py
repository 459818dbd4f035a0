"""A stage no question suits is not a dead end: the question bank and the meeting agenda say
what the guide says about that stage and what to do, not "Showing 0 of 15"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_question_bank import open_bank, visible_question_ids
from tests.browser.test_worksheets import FORM, open_sheet
from tests.conftest import GuardedPage, StaticServer

pytestmark = pytest.mark.browser

SEPARATION = (
    "Separation. At this stage, mentees begin to seek more autonomy and independence, growing "
    "more confident in their abilities and reducing their reliance on the mentor's direct "
    "guidance."
)


def test_the_question_bank_explains_a_stage_without_questions(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_bank(guarded_page, site_server)
    page.check("input[name=stage][value=separation]")
    assert visible_question_ids(page) == []
    expect(page.locator(".mg-qb-count")).to_have_text(
        "No question in the guide matches these filters."
    )
    guidance = page.locator(".mg-qb-none")
    expect(guidance).to_be_visible()
    expect(guidance.locator("[data-stage=separation]")).to_have_text(SEPARATION)
    expect(guidance.locator("[data-stage=redefinition]")).to_be_hidden()
    expect(guidance).to_contain_text("remove a filter or choose “Show all questions”")


def test_the_guidance_goes_once_a_question_matches_again(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_bank(guarded_page, site_server)
    page.check("input[name=stage][value=separation]")
    page.check("input[name=stage][value=initiation]")
    expect(page.locator(".mg-qb-none")).to_be_hidden()
    expect(page.locator(".mg-qb-count")).to_contain_text("Showing")


def test_the_meeting_agenda_explains_a_stage_without_questions(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "meeting-agenda")
    page.check("[name=stage][value=redefinition]")
    note = page.locator(f"{FORM} .mg-ws-stage-none[data-stage=redefinition]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("No question in the guide is for the Redefinition stage yet.")
    expect(note).to_contain_text("write your own")
    page.check("[name=stage][value=initiation]")
    expect(page.locator(f"{FORM} .mg-ws-stage-none:visible")).to_have_count(0)
