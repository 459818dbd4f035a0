"""Nothing typed is lost, in real Chromium: a save the browser refuses is announced and the
answers offered as a file; two tabs on one worksheet merge their changes; an import or an
opened PDF says what it will change, asks first and can be undone; a saved entry an upgrade
made stale comes back as far as it fits, the rest set aside and kept; ``__proto__`` is no
question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_worksheets import (
    AGREEMENT,
    FORM,
    action,
    download,
    fill_agreement,
    open_sheet,
    status,
)
from tests.conftest import GuardedPage, StaticServer

pytestmark = pytest.mark.browser

KEY = "mentorguide:worksheet:mentorship-agreement"
NOTICE = f"{FORM} .mg-ws-notice"


def stored(page: Page) -> Any:
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") or "null")


def fill_storage(page: Page) -> None:
    """Fill this origin's storage to the last byte it takes, as a busy browser profile is."""
    page.evaluate(
        """() => {
          let size = 1 << 20, n = 0;
          while (size >= 1) {
            try { localStorage.setItem("filler" + n, "x".repeat(size)); n += 1; }
            catch (error) { size = Math.floor(size / 2); }
          }
        }"""
    )


def answer_dialogs(page: Page, accept: bool) -> list[str]:
    """Answer every confirm() from now on; the questions asked."""
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return asked


# --- a save the browser refuses ---------------------------------------------------------


def test_a_refused_save_is_announced_and_the_answers_offered_as_a_file(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    page.fill("[name=mentor_name]", "Ana Díaz")  # saved while there is room
    fill_storage(page)
    page.fill("[name=mentee_name]", "Zoë Łukasz" * 1000)
    message = (
        "Your answers could not be saved in this browser (its storage is full or turned off). "
        "They are still on this page: download them to keep them."
    )
    status(page).to_have_text(message)
    expect(page.locator(f"{NOTICE} p")).to_have_text(message)
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz" * 1000
    assert stored(page)["answers"] == {"mentor_name": "Ana Díaz"}  # the last save that fitted
    with page.expect_download() as made:
        page.click(f"{NOTICE} button")
    made.value.save_as(tmp_path / "answers.json")
    saved = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert saved["answers"]["mentee_name"] == "Zoë Łukasz" * 1000


def test_once_there_is_room_again_the_answers_are_saved_and_the_notice_goes(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_storage(page)
    page.fill("[name=mentor_name]", "Ana Díaz")
    expect(page.locator(NOTICE)).to_have_count(1)
    page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('filler'))"
        ".forEach(k => localStorage.removeItem(k))"
    )
    page.fill("[name=mentee_name]", "Zoë")
    status(page).to_have_text("Your answers are saved in this browser again.")
    expect(page.locator(NOTICE)).to_have_count(0)
    assert stored(page)["answers"] == {"mentor_name": "Ana Díaz", "mentee_name": "Zoë"}


# --- two tabs ---------------------------------------------------------------------------


def test_two_tabs_on_one_worksheet_keep_each_others_answers(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    first = open_sheet(guarded_page, site_server, "mentorship-agreement")
    second = first.context.new_page()
    second.goto(f"{site_server.url}worksheets/mentorship-agreement/")
    expect(second.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    first.fill("[name=mentor_name]", "Ana Díaz")
    # The other tab hears of it and shows it.
    expect(second.locator("[name=mentor_name]")).to_have_value("Ana Díaz")
    status(second).to_have_text("Changes made in another tab are here too: “Mentor”.")
    second.fill("[name=mentee_name]", "Zoë Łukasz")
    expect(first.locator("[name=mentee_name]")).to_have_value("Zoë Łukasz")
    first.reload()
    expect(first.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    assert first.input_value("[name=mentor_name]") == "Ana Díaz"
    assert first.input_value("[name=mentee_name]") == "Zoë Łukasz"


def test_a_tab_that_missed_the_other_tabs_save_still_keeps_it(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    # As if the storage event never arrived (a tab asleep in the background): its next
    # save merges with what the other tab stored instead of overwriting it.
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    page.fill("[name=mentor_name]", "Ana Díaz")
    page.evaluate(
        f"""() => {{
          const entry = JSON.parse(localStorage.getItem({json.dumps(KEY)}));
          entry.answers.feedback = "Typed in the other tab";
          localStorage.setItem({json.dumps(KEY)}, JSON.stringify(entry));
        }}"""
    )
    page.fill("[name=mentee_name]", "Zoë Łukasz")
    assert stored(page)["answers"] == {
        "mentor_name": "Ana Díaz",
        "mentee_name": "Zoë Łukasz",
        "feedback": "Typed in the other tab",
    }
    assert page.input_value("[name=feedback]") == "Typed in the other tab"


# --- imports and opened PDFs ask first, and can be undone --------------------------------


def other_answers(tmp_path: Path) -> Path:
    path = tmp_path / "theirs.json"
    answers = {**AGREEMENT, "mentor_name": "Bo Berg", "frequency": "quarterly"}
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    return path


def test_an_import_says_what_it_changes_and_asks_first(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    asked = answer_dialogs(page, accept=False)
    page.set_input_files(action("import-json"), other_answers(tmp_path))
    status(page).to_have_text(
        "Nothing was changed: your answers are as they were, and theirs.json was not used."
    )
    assert asked == [
        "Replace your answers with the ones in theirs.json? This changes 2 answers: “Mentor”, "
        "“How often we check in”. You can undo it afterwards."
    ]
    assert page.input_value("[name=mentor_name]") == "Ana Díaz"
    assert page.is_checked("[name=frequency][value=monthly]")


def test_an_accepted_import_can_be_undone(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    answer_dialogs(page, accept=True)
    page.set_input_files(action("import-json"), other_answers(tmp_path))
    status(page).to_have_text("Imported theirs.json: 6 answers filled in.")
    assert page.input_value("[name=mentor_name]") == "Bo Berg"
    page.click(f"{NOTICE} button")
    status(page).to_have_text("Your answers from before theirs.json are back.")
    assert page.input_value("[name=mentor_name]") == "Ana Díaz"
    assert page.is_checked("[name=frequency][value=monthly]")
    assert stored(page)["answers"] == AGREEMENT
    expect(page.locator(NOTICE)).to_have_count(0)


def test_opening_the_blank_pdf_asks_before_emptying_the_form(
    guarded_page: GuardedPage, site_server: StaticServer, built_site: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    asked = answer_dialogs(page, accept=False)
    page.set_input_files(action("open-pdf"), built_site / "worksheets" / "mentorship-agreement.pdf")
    status(page).to_have_text(
        "Nothing was changed: your answers are as they were, and mentorship-agreement.pdf "
        "was not used."
    )
    assert len(asked) == 1 and asked[0].startswith(
        "Replace your answers with the ones in mentorship-agreement.pdf? This changes 6 answers:"
    )
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"


# --- a saved entry an upgrade made stale -------------------------------------------------


def test_a_stale_saved_entry_restores_what_fits_and_keeps_the_rest(
    guarded_page: GuardedPage, site_server: StaticServer
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    entry = {
        "format": "mentorguide-worksheet-answers",
        "version": 1,
        "worksheet": "mentorship-agreement",
        # "weekly" was an option before an upgrade; "goals_old" a question.
        "answers": {**AGREEMENT, "frequency": "weekly", "goals_old": "Grow"},
    }
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(entry))})")
    page.reload()
    expect(page.locator(f"{FORM}.mg-ws-ready")).to_have_count(1)
    status(page).to_have_text(
        "Your answers saved in this browser are back, except “How often we check in” (“weekly”); "
        "“goals_old” (“Grow”): they no longer fit this worksheet, so they are set aside "
        "(still kept in this browser)."
    )
    assert page.input_value("[name=mentee_name]") == "Zoë Łukasz"
    assert page.is_checked('[name="platforms.email"]')
    page.fill("[name=mentor_name]", "Ana D.")  # the first keystroke loses nothing
    saved = stored(page)
    assert saved["set_aside"] == {"frequency": "weekly", "goals_old": "Grow"}
    assert saved["answers"]["mentee_name"] == "Zoë Łukasz"
    assert "frequency" not in saved["answers"]


# --- __proto__ ---------------------------------------------------------------------------


def test_a_proto_key_is_refused(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    path = tmp_path / "proto.json"
    path.write_text('{"answers": {"__proto__": {"mentor_name": "x"}, "mentee_name": "Eve"}}')
    page.set_input_files(action("import-json"), path)
    status(page).to_have_text(
        "Nothing was changed: proto.json could not be used, because these answers do not fit "
        "this worksheet: “__proto__” is not a question on this worksheet."
    )
    assert page.input_value("[name=mentee_name]") == ""
    assert page.evaluate("({}).mentor_name") is None


def test_exporting_still_downloads_every_answer(
    guarded_page: GuardedPage, site_server: StaticServer, tmp_path: Path
) -> None:
    page = open_sheet(guarded_page, site_server, "mentorship-agreement")
    fill_agreement(page)
    data = json.loads(download(page, "export-json", tmp_path / "a.json").read_text("utf-8"))
    assert data["answers"] == AGREEMENT
