"""Every word of the worksheets' interface comes from ``strings/<language>.yml`` (the page, its
script's messages, the PDF); the default guide stays English; the PDF cache key covers it all."""

from __future__ import annotations

import re
from pathlib import Path

from mentorguide.content.load import Content
from mentorguide.edition.edition import Edition, default_edition
from mentorguide.edition.society import Person, Society
from mentorguide.edition.strings import load_strings
from mentorguide.pdf.fonts import FontSet
from mentorguide.pdf.worksheet import worksheet_job
from mentorguide.project.load import Project
from mentorguide.site.assets import FORM_SCRIPT_PARTS
from mentorguide.worksheets.models import Worksheet
from mentorguide.worksheets.prepared import prepare_worksheet
from tests.conftest import ROOT

ASSETS = ROOT / "src" / "mentorguide" / "assets"
ENGLISH = load_strings("en")
SPANISH = load_strings("es")
NO_FONTS = FontSet("Guide Sans", ())


def script_code(name: str) -> str:
    """A script as served, without its comments (they are for developers, never shown)."""
    parts = FORM_SCRIPT_PARTS if name == "worksheet.js" else (name,)
    text = "\n".join((ASSETS / part).read_text("utf-8") for part in parts)
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def script_keys(name: str) -> set[str]:
    """The message keys a script looks up: ``t(form, "key"…)``."""
    return set(re.findall(r'\bt\(form, "([a-z_]+)"', script_code(name)))


def test_every_message_the_form_script_shows_is_an_interface_string() -> None:
    used = script_keys("worksheet.js")
    prefix = "worksheet_script."
    messages = {k.removeprefix(prefix) for k in ENGLISH.table if k.startswith(prefix)}
    assert used - messages == set()  # no key the strings file lacks
    code = script_code("worksheet.js")
    assert {m for m in messages if f'"{m}"' not in code} == set()  # none left unused


def test_the_scripts_hold_no_sentence_of_their_own() -> None:
    # A message written into the script could not be translated: every sentence comes from
    # the page's data-strings. (Comments are left out; they are for developers.)
    for name in ("worksheet.js", "worksheet-pdf.js"):
        code = script_code(name)
        sentences = re.findall(r'"([A-Za-z][a-z]+ [a-z]+[^"]*)"', code)
        assert [s for s in sentences if s != "use strict"] == [], name


def test_the_page_passes_the_messages_with_their_placeholders() -> None:
    table = default_edition().script_strings()
    assert table["missing_many"] == "{count} required answers are missing: {names}."
    assert table["pdf_ready"].startswith("Your PDF is ready: {file}")
    assert "worksheet.check" not in table and "check" not in table


def test_the_default_worksheet_page_is_english_with_no_language_marks(built_site: Path) -> None:
    html = (built_site / "worksheets" / "smart-goal" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in html
    article = html[html.index("<article") : html.index("</article>")]
    assert " lang=" not in article
    assert ">Check answers</button>" in article
    assert "Fill it in here or print the" in article
    assert "Program coordinator" not in article  # the default guide names none


def test_the_worksheets_index_shows_how_to_embed_a_worksheet(built_site: Path) -> None:
    html = (built_site / "worksheets" / "index.html").read_text("utf-8")
    assert '<h2 data-search-exclude id="embed">Embed a worksheet in your own site' in html
    assert (
        '&lt;iframe src="https://guide.example.org/worksheets/smart-goal/?embed"\n'
        '        title="SMART goal" width="100%" height="900"\n'
        '        loading="lazy"&gt;&lt;/iframe&gt;' in html
    )
    assert "Replace <code>https://guide.example.org/</code> with this site's address." in html


# --- what the PDF's cache key covers ------------------------------------------------------


def job_key(sheet: Worksheet, content: Content, edition: Edition) -> str:
    return worksheet_job(prepare_worksheet(sheet, content, edition), content, fonts=NO_FONTS).key


def test_the_pdf_cache_key_changes_with_the_strings_the_society_and_the_language(
    guide: Project, sheets: dict[str, Worksheet]
) -> None:
    sheet, content = sheets["career-development-plan"], guide.content
    ohio = Society(name="Ohio Society of Health-System Pharmacists", short_name="OSHP")
    keys = {
        "default": job_key(sheet, content, default_edition()),
        "spanish": job_key(sheet, content, Edition(SPANISH)),
        "society": job_key(sheet, content, Edition(ENGLISH, ohio)),
        "renamed": job_key(
            sheet, content, Edition(ENGLISH, ohio.model_copy(update={"name": "Ohio SHP"}))
        ),
        "coordinator": job_key(
            sheet,
            content,
            Edition(
                ENGLISH,
                ohio.model_copy(
                    update={"coordinator": Person(name="Pat Example", email="pat@oshp.example")}
                ),
            ),
        ),
        "marked": job_key(sheet, content, Edition(ENGLISH, None, {sheet.slug: "es"})),
    }
    assert len(set(keys.values())) == len(keys)
    assert job_key(sheet, content, Edition()) == keys["default"]


def test_a_changed_tooltip_string_alone_changes_the_key(
    guide: Project, sheets: dict[str, Worksheet]
) -> None:
    # The 'other' box's tooltip is set by the finisher, not printed on the page.
    sheet, content = sheets["career-development-plan"], guide.content
    table = {**ENGLISH.table, "worksheet.other_tooltip": "{label}: something else"}
    changed = Edition(type(ENGLISH)("en", table))
    assert job_key(sheet, content, changed) != job_key(sheet, content, default_edition())
