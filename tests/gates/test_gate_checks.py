"""The gates catch what they exist to catch: each check run on a small page or file that has
exactly the fault, and on one without it. A gate that can no longer fail is no gate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser, Page

from tests.gates.support import keyboard_walk, run_axe
from tests.gates.test_links import well_formed
from tests.gates.test_pdfs import pdf_problems

FORM = """<!doctype html><html lang="en"><head><title>t</title><style>{css}</style></head>
<body><main><h1>Form</h1><form class="f">
<p><label for="a">Name</label> <input id="a" name="name"></p>
<p><label for="d">Date</label> <input id="d" name="date" type="date"></p>
<fieldset><legend>How often</legend><label><input type="radio" name="o" value="1"> Weekly</label>
<label><input type="radio" name="o" value="2"> Monthly</label></fieldset>
<p><button type="button" {extra}>Check</button> <button type="button">Clear</button></p>
</form><p><a href="#top">After</a></p></main></body></html>"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 800, "height": 600})
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_keyboard_walk_passes_a_plain_form(page: Page) -> None:
    page.set_content(FORM.format(css="", extra=""))
    assert keyboard_walk(page, "form.f", "plain") == []


@pytest.mark.browser
def test_keyboard_walk_catches_invisible_focus(page: Page) -> None:
    page.set_content(FORM.format(css="button:focus { outline: none }", extra=""))
    assert keyboard_walk(page, "form.f", "x") == [
        '/x: no visible focus indicator on button "Check"',
        '/x: no visible focus indicator on button "Clear"',
    ]


@pytest.mark.browser
def test_keyboard_walk_catches_order_and_reachability(page: Page) -> None:
    page.set_content(FORM.format(css="", extra='tabindex="1"'))
    problems = keyboard_walk(page, "form.f", "x")
    assert problems[0].startswith("/x: positive tabindex breaks the focus order")
    page.set_content(FORM.format(css="", extra='tabindex="-1"'))
    assert keyboard_walk(page, "form.f", "x") == []  # tabindex=-1: not a tab stop by design
    # A scripted button that is not focusable: a mouse user can press it, a keyboard user not.
    clear = '<button type="button">Clear</button>'
    page.set_content(
        FORM.format(css="", extra="").replace(clear, '<span role="button">Clear</span>')
    )
    assert keyboard_walk(page, "form.f", "x") == ['/x: not reachable with Tab: span "Clear"']


@pytest.mark.browser
def test_axe_names_the_rule_and_the_element(page: Page) -> None:
    page.set_content(FORM.format(css="", extra="").replace('<label for="a">Name</label>', ""))
    found = run_axe(page, "x/", "test")
    assert [(v.rule, v.nodes[0][0]) for v in found] == [("label", "#a")]
    assert "/x/ [test] label (critical)" in str(found[0])


def tagged_pdf(path: Path, *, tooltip: str | None, tabs: bool = True) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array())
    if tabs:
        pdf.pages[0].Tabs = pikepdf.Name.S
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot)
    )
    pdf.Root.Lang = pikepdf.String("en")
    pdf.docinfo["/Title"] = "SMART goal"
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    field = pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("mentee_name"))
    if tooltip is not None:
        field.TU = pikepdf.String(tooltip)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([pdf.make_indirect(field)]))
    pdf.save(path)
    return path


def test_pdf_check_accepts_an_accessible_pdf(tmp_path: Path) -> None:
    assert pdf_problems(tagged_pdf(tmp_path / "ok.pdf", tooltip="Mentee"), "ok.pdf") == []


def test_pdf_check_catches_each_fault(tmp_path: Path) -> None:
    untagged = tmp_path / "plain.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(untagged)
    assert pdf_problems(untagged, "plain.pdf") == [
        "plain.pdf: not tagged (/MarkInfo /Marked is not true)",
        "plain.pdf: not tagged (no /StructTreeRoot)",
        "plain.pdf: no title (document info /Title or XMP dc:title)",
        "plain.pdf: readers show the file name, not the title "
        "(/ViewerPreferences /DisplayDocTitle is not true)",
        "plain.pdf: no language (/Lang in the document catalog)",
    ]
    assert pdf_problems(tagged_pdf(tmp_path / "a.pdf", tooltip=None), "a.pdf") == [
        "a.pdf: form field 'mentee_name' has no accessible name (/TU)"
    ]
    assert (
        "only its field name"
        in pdf_problems(tagged_pdf(tmp_path / "b.pdf", tooltip="mentee_name"), "b.pdf")[0]
    )
    assert pdf_problems(tagged_pdf(tmp_path / "c.pdf", tooltip="Mentee", tabs=False), "c.pdf") == [
        "c.pdf: page 1 has fields or links but its tab order does not follow the structure "
        "(/Tabs /S)"
    ]
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert pdf_problems(tmp_path / "broken.pdf", "broken.pdf")[0].startswith(
        "broken.pdf: not a readable PDF"
    )


@pytest.mark.parametrize(
    ("url", "fault"),
    [
        ("https://doi.org/10.1093/ajhp/zxaa123", None),
        ("https://www.ashp.org/-/media/assets/pharmacy-technician/docs/a.pdf", None),
        ("mailto:someone@example.org", None),
        ("https://doi.org/11.1093/x", "malformed DOI"),
        ("https://example.org/a file.pdf", "percent-encoded"),
        ("https://example.org/100%", "percent-escape"),
        ("https://localhost/x", "bad host"),
        ("ftp://example.org/x", "unexpected scheme"),
    ],
)
def test_url_check(url: str, fault: str | None) -> None:
    why = well_formed(url)
    assert (why is None) if fault is None else (why is not None and fault in why)
