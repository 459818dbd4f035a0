"""The program report in headless Chromium: axe-clean (WCAG 2.2 A/AA) for both audiences,
in the light and the dark palette and as printed, with no script and no request anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route
from testdata.program import guide, regular_plan, start_cycle, write_check_ins

from mentorguide.edition.edition import Edition
from mentorguide.edition.strings import english, load_strings
from mentorguide.program import Program, program_info
from mentorguide.program.collect import collect
from mentorguide.program.health import cycle_health
from mentorguide.program.report import AUDIENCES, Audience, render_report
from mentorguide.program.sample import sample_report
from tests.gates.support import run_axe

pytestmark = pytest.mark.browser

CYCLE = "2027-spring"


@pytest.fixture
def reports(sqlite_program: Program, tmp_path: Path) -> dict[Audience, Path]:
    pairs = start_cycle(sqlite_program, tmp_path / "surveys", CYCLE, 20)
    check_ins = write_check_ins(
        tmp_path / "c.csv", regular_plan(pairs[:15], date(2027, 1, 11), 8, 13)
    )
    with sqlite_program.writing() as tx:
        collect(tx, CYCLE, guide(), [(check_ins, "c.csv")])
    with sqlite_program.reading() as tx:
        info, health = program_info(tx), cycle_health(tx, CYCLE, date(2027, 5, 1))
    found = {}
    for audience in AUDIENCES:
        path = tmp_path / f"{audience}.html"
        path.write_text(render_report(info, health, audience, edition=Edition()), "utf-8")
        found[audience] = path
    return found


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []

    def record(route: Route) -> None:
        if not route.request.url.startswith("file://"):
            requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    yield context.new_page(), requests
    context.close()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_report_is_axe_clean_in_both_palettes_and_in_print(
    audience: Audience, reports: dict[Audience, Path], page: tuple[Page, list[str]]
) -> None:
    browser_page, requests = page
    violations = []
    for scheme in ("light", "dark"):
        browser_page.emulate_media(color_scheme=scheme, media="screen")
        browser_page.goto(reports[audience].as_uri())
        assert browser_page.evaluate("document.scripts.length") == 0
        violations += run_axe(browser_page, audience, scheme)
    browser_page.emulate_media(color_scheme="light", media="print")
    violations += run_axe(browser_page, audience, "print")
    assert [str(v) for v in violations] == []
    assert requests == []


def test_every_chart_is_an_image_named_by_its_title_beside_its_table(
    reports: dict[Audience, Path], page: tuple[Page, list[str]]
) -> None:
    browser_page, _ = page
    browser_page.goto(reports["coordinator"].as_uri())
    figures = browser_page.locator(".figure")
    assert figures.count() == 7
    for n in range(figures.count()):
        figure = figures.nth(n)
        assert figure.locator("svg[role=img] > title").count() == 1
        assert figure.locator("table caption").count() == 1


def test_the_sample_report_says_its_data_are_generated_and_is_axe_clean(
    tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    path = tmp_path / "sample-program-report.html"
    path.write_text(sample_report(Edition()), "utf-8")
    browser_page, requests = page
    browser_page.goto(path.as_uri())
    first = browser_page.locator("main > *").first
    assert first.inner_text() == english()("report.sample.notice")
    assert [str(v) for v in run_axe(browser_page, "sample", "light")] == []
    assert requests == []


def test_the_spanish_sample_report_is_axe_clean(
    tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    path = tmp_path / "sample-program-report.html"
    path.write_text(sample_report(Edition(strings=load_strings("es"))), "utf-8")
    browser_page, requests = page
    browser_page.goto(path.as_uri())
    assert browser_page.evaluate("document.documentElement.lang") == "es"
    assert [str(v) for v in run_axe(browser_page, "sample-es", "light")] == []
    assert requests == []
