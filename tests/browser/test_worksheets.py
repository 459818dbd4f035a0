"""The worksheet pages in real headless Chromium: answers autosave, "Check answers" says what
is missing, the PDF goes out filled and comes back in, JSON goes out and back in, "Clear" asks
first, and nothing typed leaves the machine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from mentorguide.pdf.fill import fill_pdf, read_values
from mentorguide.project.load import load_project
from mentorguide.worksheets.form import form_fields
from tests.conftest import ROOT, GuardedPage, StaticServer, copy_project, serve_directory
from tests.worksheets.conftest import fields_of, open_pdf

pytestmark = pytest.mark.browser

FORM = "form.mg-worksheet"


def open_sheet(guarded: GuardedPage, server: StaticServer, slug: str) -> Page:
    page: Page = guarded.page
    page.goto(f"{server.url}worksheets/{slug}/")
    expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    return page


def action(name: str) -> str:
    return f'{FORM} [data-action="{name}"]'


def status(page: Page) -> Any:
    return expect(page.locator(f"{FORM} [role=status]"))


def fill_agreement(page: Page) -> None:
    page.fill("[name=mentor_name]", "Ana Díaz")
    page.fill("[name=mentee_name]", "Zoë Łukasz")
    page.fill("[name=start_date]", "2026-01-15")
    page.check("[name=frequency][value=monthly]")
    page.check('[name="platforms.email"]')
    page.fill("[name=feedback]", "A quick check at the end of each meeting.\nThen adjust.")


AGREEMENT = {
    "mentor_name": "Ana Díaz",
    "mentee_name": "Zoë Łukasz",
    "start_date": "2026-01-15",
    "frequency": "monthly",
    "platforms.email": True,
    "feedback": "A quick check at the end of each meeting.\nThen adjust.",
}


def download(page: Page, name: str, target: Path) -> Path:
    with page.expect_download() as made:
        page.click(action(name))
    made.value.save_as(target)
    return target


def clear(page: Page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(action("clear"))
    status(page).to_have_text("All answers were cleared.")


def test_answers_survive_a_reload(guarded_page: GuardedPage, site_server: StaticServer) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    page.reload()
    expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"
    assert page.input_value("[name=feedback]") == AGREEMENT["feedback"]
    assert page.is_checked("[name=frequency][value=monthly]")
    assert page.is_checked('[name="platforms.email"]')
    status(page).to_have_text("Your answers saved in this browser are back.")


def test_check_answers_marks_each_missing_answer_and_focuses_the_first(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    page.fill("[name=mentor_name]", "Ana")
    page.click(action("check"))
    mentee = page.locator("[name=mentee_name]")
    expect(mentee).to_have_attribute("aria-invalid", "true")
    expect(mentee).to_be_focused()
    error = page.locator("#ws-mentee_name--error")
    expect(error).to_be_visible()
    assert "ws-mentee_name--error" in (mentee.get_attribute("aria-describedby") or "")
    expect(page.locator("[name=frequency][value=biweekly]")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.locator("[name=mentor_name]")).not_to_have_attribute("aria-invalid", "true")
    status(page).to_have_text(
        "3 required answers are missing: “Mentee”, “Start date”, “How often we check in”."
    )
    mentee.fill("Zoë")  # an answered field loses its error as soon as it is answered
    expect(mentee).not_to_have_attribute("aria-invalid", "true")
    expect(error).to_be_hidden()


def test_download_pdf_fills_the_sites_own_pdf_with_the_answers(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    pdf = download(page, "download-pdf", tmp_path / "agreement.pdf").read_bytes()
    values = read_values(pdf)
    assert {name: values[name] for name in AGREEMENT} == AGREEMENT
    assert values["platforms.text"] is False and values["mentor_signature"] == ""
    with open_pdf(pdf) as doc:
        fields = fields_of(doc)
        # Drawn in the PDF's own embedded font, so every viewer and printer shows it.
        assert "Tj" in fields["mentee_name"].AP.N.read_bytes().decode("latin-1")
        assert str(fields["frequency"].Kids[1].AS) != "/Off"
        assert str(doc.docinfo["/MentorguideWorksheet"]) == "mentorship-agreement"
        assert "/StructTreeRoot" in doc.Root and str(doc.Root.Lang) == "en"
    status(page).to_contain_text("Your PDF is ready")
    assert guarded_page.foreign_requests == []


def test_the_pdf_library_loads_only_when_a_pdf_is_made(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    loaded: list[str] = []
    guarded_page.page.on("request", lambda r: loaded.append(r.url))
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "pdf-lib" in url or url.endswith(".pdf")]
    page.fill("[name=goal]", "Lead the inventory project")
    download(page, "download-pdf", tmp_path / "goal.pdf")
    assert [u for u in loaded if "pdf-lib" in u] == [
        f"{site_server.url}assets/vendor/pdf-lib.min.js"
    ]
    assert f"{site_server.url}worksheets/smart-goal.pdf" in loaded


def test_a_downloaded_pdf_opens_back_into_a_cleared_form(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    pdf = download(page, "download-pdf", tmp_path / "agreement.pdf")
    clear(page)
    assert page.input_value("[name=mentee_name]") == ""
    page.set_input_files(action("open-pdf"), pdf)
    status(page).to_have_text("Opened agreement.pdf: 6 answers filled in.")
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"
    assert page.input_value("[name=start_date]") == "2026-01-15"
    assert page.is_checked("[name=frequency][value=monthly]")
    assert page.is_checked('[name="platforms.email"]')
    assert page.input_value("[name=feedback]") == AGREEMENT["feedback"]


def test_a_date_typed_otherwise_in_a_pdf_viewer_is_named_and_the_rest_opens(
    guarded_page: GuardedPage, site_server: StaticServer, built_site: Path, tmp_path: Path
) -> None:
    project = load_project(ROOT)
    sheet = next(s for s in project.worksheets if s.slug == "smart-goal")
    blank = (built_site / "worksheets" / "smart-goal.pdf").read_bytes()
    # As if someone typed into the PDF in a viewer, where a date is free text.
    edited = fill_pdf(
        blank,
        {"goal": "Lead the inventory project", "target_date": "June 3"},
        form_fields(sheet, project.content),
    )
    path = tmp_path / "edited.pdf"
    path.write_bytes(edited)
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.set_input_files(action("open-pdf"), path)
    status(page).to_have_text(
        "Opened edited.pdf: 1 answer filled in. Not a date written MM/DD/YYYY or YYYY-MM-DD, "
        "so left empty: "
        "“June 3” (Target date)."
    )
    assert page.input_value("[name=goal]") == "Lead the inventory project"


def test_a_us_date_typed_in_a_pdf_viewer_opens_as_that_date(
    guarded_page: GuardedPage, site_server: StaticServer, built_site: Path, tmp_path: Path
) -> None:
    project = load_project(ROOT)
    sheet = next(s for s in project.worksheets if s.slug == "smart-goal")
    blank = (built_site / "worksheets" / "smart-goal.pdf").read_bytes()
    edited = fill_pdf(
        blank, {"goal": "Lead", "target_date": "1/15/2026"}, form_fields(sheet, project.content)
    )
    path = tmp_path / "edited.pdf"
    path.write_bytes(edited)
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.set_input_files(action("open-pdf"), path)
    status(page).to_have_text("Opened edited.pdf: 2 answers filled in.")
    assert page.input_value("[name=target_date]") == "2026-01-15"


def test_a_json_file_with_us_dates_imports_them_as_dates(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"goal": "Lead", "target_date": "01/15/2026"}), encoding="utf-8")
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.set_input_files(action("import-json"), path)
    status(page).to_have_text("Imported answers.json: 2 answers filled in.")
    assert page.input_value("[name=target_date]") == "2026-01-15"


def test_a_file_that_is_not_a_pdf_changes_nothing(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a PDF")
    page.set_input_files(action("open-pdf"), broken)
    status(page).to_have_text(
        "Nothing was changed: broken.pdf could not be used, because it is not a PDF, or it is "
        "damaged."
    )
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"


def test_another_worksheets_pdf_is_named_and_changes_nothing(
    guarded_page: GuardedPage, site_server: StaticServer, built_site: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    page.set_input_files(action("open-pdf"), built_site / "worksheets" / "smart-goal.pdf")
    status(page).to_have_text(
        "Nothing was changed: smart-goal.pdf could not be used, because it is the “SMART goal” "
        "worksheet, not this one. Open it on that worksheet's page."
    )
    assert page.input_value("[name=mentor_name]") == "Ana Díaz"


def test_answers_go_out_and_back_in_as_json(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    exported = download(page, "export-json", tmp_path / "answers.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "mentorguide-worksheet-answers"
    assert data["worksheet"] == "mentorship-agreement"
    assert data["answers"] == AGREEMENT
    clear(page)
    page.set_input_files(action("import-json"), exported)
    status(page).to_have_text("Imported answers.json: 6 answers filled in.")
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"
    assert page.is_checked("[name=frequency][value=monthly]")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "it is not a JSON file of worksheet answers."),
        (
            '{"worksheet": "smart-goal", "answers": {"goal": "x"}}',
            "these answers are for another worksheet (smart-goal), not this one. Open them "
            "on that worksheet's page.",
        ),
        (
            '{"answers": {"mentee": "x", "frequency": "weekly"}}',
            "these answers do not fit this worksheet: “mentee” is not a question on this "
            "worksheet; “frequency” has no option “weekly”.",
        ),
    ],
)
def test_a_malformed_or_foreign_json_file_changes_nothing(
    guarded_page: GuardedPage,
    site_server: StaticServer,
    tmp_path: Path,
    content: str,
    message: str,
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.set_input_files(action("import-json"), bad)
    status(page).to_have_text(f"Nothing was changed: bad.json could not be used, because {message}")
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"
    assert page.is_checked("[name=frequency][value=monthly]")


def test_clear_asks_first(guarded_page: GuardedPage, site_server: StaticServer) -> None:
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.fill("[name=goal]", "Lead the inventory project")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click(action("clear"))
    status(page).to_have_text("Nothing was cleared.")
    assert asked == ["confirm"]
    assert page.input_value("[name=goal]") == "Lead the inventory project"
    clear(page)
    assert page.input_value("[name=goal]") == ""
    page.reload()
    assert page.input_value("[name=goal]") == ""  # the saved copy is gone too


def test_the_questions_follow_the_chosen_stage(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "meeting-agenda")
    questions = page.locator('[data-field="questions"] .mg-ws-option')
    assert questions.evaluate_all("els => els.filter(e => !e.hidden).length") == 15
    page.check('[name="questions.one-three-five-years"]')  # an initiation question
    page.check("[name=stage][value=separation]")
    shown = questions.evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.querySelector('input').name)"
    )
    # Only separation questions, and the question already ticked stays in view.
    assert "questions.one-three-five-years" in shown
    assert "questions.what-drew-you-to-pharmacy" not in shown
    toggle = page.locator(".mg-ws-show-all")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert questions.evaluate_all("els => els.filter(e => !e.hidden).length") == 15


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The guide built for its own address: Material's instant navigation only takes over
    links its sitemap lists, matched by host *and port*, so the build needs the server's URL
    as ``site_url`` (the default build has none, so its links always load whole pages)."""
    project = copy_project(tmp_path_factory.mktemp("instant") / "guide")
    site = project.parent / "site"
    site.mkdir()
    serving = serve_directory(site)
    server = next(serving)
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {server.url}\n" + config.read_text("utf-8"), "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
        # The PDFs are the default guide's: reuse its cache rather than render them again.
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "MENTORGUIDE_CACHE_DIR": str(ROOT / ".cache" / "mentorguide"),
        },
    )
    assert result.returncode == 0, result.stderr
    yield server
    serving.close()


def test_instant_navigation_starts_each_worksheet(browser: Any, instant_site: StaticServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{instant_site.url}worksheets/")
    page.evaluate("window.stillTheSameDocument = true")
    page.click("article a[href$='/worksheets/smart-goal/']")  # Material makes links absolute
    page.wait_for_url(re.compile(r"/worksheets/smart-goal/$"))
    expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    page.fill("[name=goal]", "Typed after instant navigation")
    page.click(action("check"))
    status(page).to_have_text("Every required question is answered.")
    # On to another worksheet, through the navigation: its form starts too, and only once.
    page.click(".md-nav--primary a[href$='/worksheets/milestone-tracker/']")
    page.wait_for_url(re.compile(r"/worksheets/milestone-tracker/$"))
    expect(page.locator(f"{FORM}[data-worksheet=milestone-tracker].mg-ws-ready")).to_have_count(1)
    page.click(action("check"))
    status(page).to_have_text("1 required answer is missing: “The goal these milestones lead to”.")
    # Back to the first: its answers were saved, and come back.
    page.go_back()
    page.wait_for_url(re.compile(r"/worksheets/smart-goal/$"))
    expect(page.locator("[name=goal]")).to_have_value("Typed after instant navigation")
    assert page.evaluate("window.stillTheSameDocument === true")  # never a full page load
    context.close()


def test_on_a_phone_the_form_fits_the_screen(browser: Any, site_server: StaticServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_server.url}worksheets/career-development-plan/")
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    cell = page.locator('[name="actions.0.owner"]').bounding_box()
    context.close()
    assert overflow <= 0
    assert cell is not None and cell["width"] > 200  # table rows become cards


def test_printing_shows_every_answer_in_full_and_no_buttons(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "smart-goal")
    page.fill("[name=goal]", "\n".join(f"Line {n} of a long answer" for n in range(1, 9)))
    page.emulate_media(media="print")
    clipped = page.locator(f"{FORM} textarea").evaluate_all(
        "areas => areas.filter(a => a.scrollHeight > a.clientHeight + 1).map(a => a.name)"
    )
    assert clipped == []
    expect(page.locator(f"{FORM} .mg-ws-actions")).to_be_hidden()
    # Empty boxes keep their rows of writing space on paper.
    empty = page.locator("[name=first_steps]").bounding_box()
    assert empty is not None and empty["height"] > 70


def test_the_form_follows_the_dom_contract(
    guarded_page: GuardedPage, site_server: StaticServer, built_site: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "career-development-plan")
    form = page.locator(FORM)
    assert form.get_attribute("data-worksheet") == "career-development-plan"
    assert form.get_attribute("novalidate") == ""
    for name in ("check", "download-pdf", "export-json", "clear"):
        expect(page.locator(f'{FORM} button[data-action="{name}"]')).to_have_count(1)
    for name in ("open-pdf", "import-json"):
        expect(page.locator(f'{FORM} input[type=file][data-action="{name}"]')).to_have_count(1)
    names = set(form.evaluate("f => [...f.elements].filter(e => e.name).map(e => e.name)"))
    with open_pdf((built_site / "worksheets" / "career-development-plan.pdf").read_bytes()) as pdf:
        assert names == set(fields_of(pdf))
    unlabelled = form.evaluate(
        "f => [...f.elements].filter(e => e.name && !e.labels.length).map(e => e.name)"
    )
    assert unlabelled == []


# --- ?embed: the form alone, for an iframe in another site ---------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-top")

#: Before each frame the browser paints (requestAnimationFrame), note any part of the site's
#: chrome that would show: with ?embed none may ever be painted, not even for one frame.
WATCH_PAINTS = """
window.__mgPainted = [];
(function tick() {
  for (const selector of [".md-header", ".md-tabs", ".md-footer"]) {
    const el = document.querySelector(selector);
    if (el && getComputedStyle(el).display !== "none") window.__mgPainted.push(selector);
  }
  if (document.readyState !== "complete") requestAnimationFrame(tick);
})();
"""


def test_the_embed_view_shows_the_form_alone_and_fits_a_narrow_frame(
    browser: Any, site_server: StaticServer
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700})
    context.add_init_script(WATCH_PAINTS)
    page = context.new_page()
    try:
        page.goto(f"{site_server.url}worksheets/career-development-plan/?embed")
        expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
        page.wait_for_load_state("load")
        for selector in CHROME:
            for index in range(page.locator(selector).count()):
                expect(page.locator(selector).nth(index)).to_be_hidden()
        assert page.evaluate("window.__mgPainted") == []
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
        # A link out of the frame opens in a new tab, not inside the frame.
        reference = page.locator("article sup a").first
        expect(reference).to_have_attribute("target", "_blank")
        expect(reference).to_have_attribute("rel", "noopener")
    finally:
        context.close()


def test_without_embed_the_page_keeps_the_site_around_it(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "smart-goal")
    expect(page.locator(".md-header")).to_be_visible()
    assert page.evaluate("document.documentElement.classList.contains('mg-embed')") is False
    assert page.locator("article sup a").first.get_attribute("target") is None


def test_the_embed_view_has_no_axe_violations(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page: Page = guarded_page.page
    page.goto(f"{site_server.url}worksheets/meeting-agenda/?embed")
    expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"]})).violations.map((v) =>
            `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)""",
        WCAG_TAGS,
    )
    assert found == []
    assert guarded_page.foreign_requests == []


HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A hospital's intranet</title></head>
<body><h1>Our mentorship program</h1>
<iframe src="{src}" title="SMART goal worksheet" width="100%" height="900"
 loading="lazy"></iframe>
</body></html>
"""


def test_an_embedded_worksheet_works_in_a_frame_on_another_site(
    browser: Any, site_server: StaticServer, tmp_path: Path
) -> None:
    # The snippet from the worksheets' page, on a page served from another origin.
    (tmp_path / "index.html").write_text(
        HOST_PAGE.format(src=f"{site_server.url}worksheets/smart-goal/?embed"), "utf-8"
    )
    hosting = serve_directory(tmp_path)
    host = next(hosting)
    allowed = {urlsplit(site_server.url).netloc, urlsplit(host.url).netloc}
    assert len(allowed) == 2
    foreign: list[str] = []

    def guard(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc in allowed:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport={"width": 1024, "height": 900})
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(host.url)
        frame = page.frame_locator("iframe")
        expect(frame.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
        expect(frame.locator(".md-header")).to_be_hidden()
        frame.locator("[name=goal]").fill("Typed inside the frame")
        frame.locator(action("check")).click()
        expect(frame.locator(f"{FORM} [role=status]")).to_have_text(
            "Every required question is answered."
        )
        page.reload()
        frame = page.frame_locator("iframe")
        expect(frame.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
        expect(frame.locator("[name=goal]")).to_have_value("Typed inside the frame")
        expect(frame.locator(f"{FORM} [role=status]")).to_have_text(
            "Your answers saved in this browser are back."
        )
    finally:
        context.close()
        hosting.close()
    assert foreign == []
