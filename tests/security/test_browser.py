"""One site built with every surviving payload in every text field, title and the site's
name, loaded page by page in Chromium: every element hovered, focused and clicked (links
kept from navigating), and no dialog may open and no request may leave the local server or
ask it for what a payload names. The match report gets the same with payloads as names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route

from mentorguide.cli.main import main
from tests.conftest import ROOT, StaticServer, build_site, copy_project, serve_directory
from tests.gates.support import site_pages
from tests.matching.conftest import mentee, mentor, write_csv
from tests.security.catalog import SURVIVING_TEXT
from tests.security.support import inject

#: The surviving payloads a strict build accepts (the entity-obfuscated link is a relative
#: link to no page, which ``--strict`` refuses: its escaping is checked in
#: test_escaped_output.py), all at once after each text, so one build holds them all.
BUILT = [attack for attack in SURVIVING_TEXT if "link" not in attack.name]
PAYLOAD = " ".join(attack.payload for attack in BUILT)
#: The site's name, from mkdocs.yml (the header, <title>, the logo's tooltip).
SITE_NAME = "Guide <img src=x onerror=alert(6)> \"'><svg onload=alert(7)>"
#: Raw markup a survey respondent may type as their name: data, not content.
HOSTILE_NAME = "<img src=x onerror=alert(8)> \"'><svg onload=alert(9)>"

#: Run on every element: hover, focus and click, with navigation prevented.
EXERCISE = """() => {
  document.addEventListener('click', e => e.preventDefault(), true);
  document.addEventListener('submit', e => e.preventDefault(), true);
  const all = Array.from(document.querySelectorAll('body *'));
  for (const el of all) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (typeof el.focus === 'function') el.focus();
    if (el.tagName !== 'INPUT' || el.type !== 'file') {
      el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    }
  }
  return all.length;
}"""

#: What a payload would have made if any sink let it be markup.
INJECTED = """() => Array.from(document.querySelectorAll(
  'img[src="x"], svg[onload], [onmouseover], [onclick], a[href^="javascript:" i]'
)).map(e => e.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "guide")
    for file in [*(project / "content").glob("*.yml"), *(project / "worksheets").glob("*.yml")]:
        inject(file, PAYLOAD)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    name = SITE_NAME.replace('"', '\\"')
    config.write_text(
        text.replace("site_name: Technician Mentorship Resource Guide", f'site_name: "{name}"'),
        encoding="utf-8",
    )
    site = tmp_path_factory.mktemp("hostile-site")
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[StaticServer]:
    yield from serve_directory(hostile_site)


def _visit(browser: Browser, server: StaticServer, path: str) -> tuple[list[str], list[str]]:
    """Load ``path``, exercise every element; return dialogs and requests a payload made."""
    local = urlsplit(server.url).netloc
    context = browser.new_context()
    page: Page = context.new_page()
    dialogs: list[str] = []
    stray: list[str] = []

    # The page's own confirm() (a worksheet's "Clear") is dismissed; the payloads alert a digit.
    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)

    def route(r: Route) -> None:
        parts = urlsplit(r.request.url)
        if parts.scheme in ("data", "blob") or (
            parts.netloc == local and not parts.path.endswith("/x")
        ):
            r.continue_()
        else:
            stray.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(EXERCISE) > 0
        page.wait_for_timeout(50)
        stray += [f"injected: {html}" for html in page.evaluate(INJECTED)]
    finally:
        context.close()
    return [d for d in dialogs if d.isdigit()], stray


def test_no_payload_runs_or_fetches_on_any_page(
    browser: Browser, hostile_site: Path, hostile_server: StaticServer
) -> None:
    pages = site_pages(hostile_site)
    assert len(pages) >= 20
    found = {}
    for path in pages:
        dialogs, stray = _visit(browser, hostile_server, path)
        if dialogs or stray:
            found[path] = (dialogs, stray)
    assert found == {}


def test_every_payload_is_shown_as_text(hostile_site: Path) -> None:
    stages = (hostile_site / "mentorship-cycle" / "index.html").read_text(encoding="utf-8")
    for attack in BUILT:
        assert attack.shown in stages, attack.name
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    title = "Guide &lt;img src=x onerror=alert(6)&gt; &quot;&#x27;&gt;&lt;svg onload=alert(7)&gt;"
    assert f"- {title}</title>" in home


def test_the_match_report_runs_no_name_as_markup(browser: Browser, tmp_path: Path) -> None:
    write_csv(tmp_path / "mentors.csv", [mentor("M1", name=HOSTILE_NAME, capacity="2")])
    write_csv(tmp_path / "mentees.csv", [mentee("E1", name=HOSTILE_NAME), mentee("E2")])
    args = ["match", "--mentors", tmp_path / "mentors.csv", "--mentees", tmp_path / "mentees.csv"]
    args += ["-o", tmp_path / "pairs.csv", "--report", tmp_path / "pairs.html"]
    assert main([str(a) for a in [*args, "--project", ROOT]]) == 0
    assert "&lt;img src=x onerror=alert(8)&gt;" in (tmp_path / "pairs.html").read_text("utf-8")
    for server in serve_directory(tmp_path):
        assert _visit(browser, server, "pairs.html") == ([], [])
