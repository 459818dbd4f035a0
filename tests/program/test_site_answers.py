"""Answers made on the site itself — a check-in filled on its page in Chromium, exported as
JSON and downloaded as a filled PDF — are what ``program collect`` reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from testdata.program import guide, start_cycle

from mentorguide.program import Location
from mentorguide.program.checkins import list_check_ins
from mentorguide.program.collect import collect
from tests.conftest import GuardedPage, StaticServer

from .conftest import new_program

pytestmark = pytest.mark.browser

FORM = "form.mg-worksheet"
CYCLE = "2027-spring"


def download(page: Page, name: str, target: Path) -> Path:
    with page.expect_download(timeout=30_000) as made:
        page.click(f'{FORM} [data-action="{name}"]')
    made.value.save_as(target)
    return target


def test_a_check_in_exported_from_its_page_as_json_or_pdf_is_collected(
    guarded_page: GuardedPage,
    site_server: StaticServer,
    sqlite_location: Location,
    tmp_path: Path,
) -> None:
    with new_program(sqlite_location) as program:
        pairs = start_cycle(program, tmp_path / "surveys", CYCLE, 3)
        page = guarded_page.page
        page.goto(f"{site_server.url}worksheets/check-in/")
        expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
        page.fill("[name=pair_id]", str(pairs[1].id))
        page.fill("[name=met_on]", "2027-02-15")
        page.check("[name=stage][value=cultivation]")
        page.fill("[name=short_term_progress]", "Booked the CSPT exam.")
        page.fill('[name="milestones.0.milestone"]', "Passed the PTCE")
        page.fill('[name="milestones.0.reached_on"]', "2027-02-10")
        page.fill("[name=next_meeting]", "2027-03-15")
        json_file = download(page, "export-json", tmp_path / "check-in.json")
        pdf_file = download(page, "download-pdf", tmp_path / "check-in.pdf")
        seen = []
        for path in (json_file, pdf_file):
            with program.writing() as tx:
                collect(tx, CYCLE, guide(), [(path, path.name)])
            with program.reading() as tx:
                (check_in,) = list_check_ins(tx, CYCLE)
            seen.append(check_in)
    for check_in in seen:
        assert (check_in.pair_id, check_in.met_on, check_in.stage) == (
            pairs[1].id,
            date(2027, 2, 15),
            "cultivation",
        )
        assert check_in.short_term_progress == "Booked the CSPT exam."
        assert [(m.milestone, m.reached_on) for m in check_in.milestones] == [
            ("Passed the PTCE", date(2027, 2, 10))
        ]
        assert check_in.next_meeting == date(2027, 3, 15)
    assert [c.source.file for c in seen] == ["check-in.json", "check-in.pdf"]
    assert guarded_page.foreign_requests == []
