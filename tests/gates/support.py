"""Machinery shared by the quality gates: finding the built pages, running axe-core,
recording what a page loads, filling worksheets and walking them with the keyboard.

Every problem is returned as a line of text naming the page, the state it was in and exactly
what broke, so a failing gate reads as a to-do list.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    FloatRect,
    Locator,
    Page,
    Response,
    Route,
)
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ROOT, StaticServer

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
VIEWPORT = {"width": 1280, "height": 900}

WORKSHEET_FORM = re.compile(r"<form\b[^>]*\bclass=\"[^\"]*\bmg-worksheet\b", re.S)


# --- the built site ----------------------------------------------------------------------------


def site_pages(site: Path) -> list[str]:
    """Every built HTML page as a URL path from the site root (``""`` is the home page)."""
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
    )


def html_file(site: Path, page: str) -> Path:
    return site / (page + "index.html" if page == "" or page.endswith("/") else page)


def is_worksheet(site: Path, page: str) -> bool:
    return page.startswith("worksheets/") and bool(
        WORKSHEET_FORM.search(html_file(site, page).read_text(encoding="utf-8"))
    )


def worksheet_pages(site: Path) -> list[str]:
    """Pages under ``worksheets/`` that hold the worksheet form (``form.mg-worksheet``)."""
    return [page for page in site_pages(site) if is_worksheet(site, page)]


def is_standalone(site: Path, page: str) -> bool:
    """A document of its own, not a theme page (the sample program report): it has no
    Material palette to switch, and follows the reader's light or dark setting itself."""
    return "data-md-color-scheme" not in html_file(site, page).read_text(encoding="utf-8")


def page_kind(site: Path, page: str) -> str:
    """The page's kind, which sets its weight budget: home, guide, worksheet, error or
    report (a standalone document)."""
    if page == "":
        return "home"
    if page == "404.html":
        return "error"
    if is_standalone(site, page):
        return "report"
    return "worksheet" if is_worksheet(site, page) else "guide"


def shown(page: str) -> str:
    """A page as people name it in a report: ``/`` for the home page, ``/credentials/``…"""
    return "/" + page


# --- axe-core ----------------------------------------------------------------------------------

_AXE_RUN = """async (only) => {
  // Let transitions finish first (the header's title fades when the page scrolls): colours
  // caught mid-fade are not what a reader sees.
  const finite = document.getAnimations().filter((a) =>
    a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => null))),
                      new Promise((done) => setTimeout(done, 2000))]);
  const result = await axe.run(document, {
    runOnly: only,
    resultTypes: ["violations"],
  });
  const selector = (target) => target.map(
    (part) => Array.isArray(part) ? part.join(" >>> ") : String(part)).join(" ");
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: selector(n.target),
      summary: (n.failureSummary || "").split("\\n").slice(1).join(" ").trim(),
    })),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One axe-core rule failed on one page in one state, with every failing element."""

    page: str
    state: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        lines = [
            f"{shown(self.page)} [{self.state}] {self.rule} ({self.impact}): {self.help} "
            f"<{self.help_url}>"
        ]
        lines += [f"    {target} — {summary}" for target, summary in self.nodes]
        return "\n".join(lines)


#: The rules a change of palette can break: all that depends on colour. The other WCAG rules
#: look at structure, names and roles, the same in both palettes.
COLOR_RULES = ("color-contrast", "link-in-text-block")


def run_axe(
    page: Page, where: str, state: str, rules: tuple[str, ...] | None = None
) -> list[Violation]:
    """Run axe-core on the page as it is now: every WCAG 2.2 A/AA rule, or only ``rules``."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    only = (
        {"type": "rule", "values": list(rules)}
        if rules
        else {"type": "tag", "values": list(WCAG_TAGS)}
    )
    found = page.evaluate(_AXE_RUN, only)
    return [
        Violation(
            where,
            state,
            v["id"],
            v["impact"],
            v["help"],
            v["helpUrl"],
            tuple((n["target"], n["summary"]) for n in v["nodes"]),
        )
        for v in found
    ]


def scheme_in_use(page: Page) -> str:
    """The Material palette the page shows: ``default`` (light) or ``slate`` (dark)."""
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme') || ''"))


# --- recording what a page loads ---------------------------------------------------------------

#: Content types a web server compresses; images and fonts are sent as they are.
_COMPRESSIBLE = re.compile(
    r"^(text/|application/(javascript|json|xml|.*\+json|.*\+xml)|"
    r"image/svg\+xml|font/(ttf|otf)|application/x-font-(ttf|otf))"
)


@dataclass(frozen=True)
class Transfer:
    """One response: its size as served and its size gzip-compressed (level 6)."""

    url: str
    kind: str
    status: int
    size: int
    compressed: int


def compressed_size(body: bytes, content_type: str) -> int:
    if _COMPRESSIBLE.match(content_type.split(";")[0].strip().lower()):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


@dataclass
class Recorder:
    """A fresh browser context whose page may talk only to the local server.

    Requests to any other host are aborted and recorded, so a leak fails a gate without the
    third party ever being contacted; every response, script error and console error is kept.
    """

    context: BrowserContext
    page: Page
    local: str
    foreign: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    pending: int = 0

    def settle(self, quiet_ms: int = 250, timeout_ms: int = 15_000) -> None:
        """Wait until no request has been in flight for ``quiet_ms`` (like Playwright's
        networkidle, which always waits a full 500 ms)."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < timeout_ms:
            self.page.wait_for_timeout(50)
            waited += 50
            quiet = quiet + 50 if self.pending == 0 else 0

    def transfers(self) -> list[Transfer]:
        result = []
        for response in self.responses:
            try:
                body = response.body()
            except Exception:  # redirects and aborted loads have no body
                body = b""
            kind = response.request.resource_type
            content_type = response.headers.get("content-type", "")
            result.append(
                Transfer(
                    response.url,
                    kind,
                    response.status,
                    len(body),
                    compressed_size(body, content_type),
                )
            )
        return result

    def local_failures(self) -> list[str]:
        return [
            f"HTTP {r.status} for {r.url}"
            for r in self.responses
            if r.status >= 400 and urlsplit(r.url).netloc == self.local
        ]

    def cookies(self) -> list[str]:
        """Cookies in the context (any host) and in ``document.cookie``."""
        jar = [
            f"{c.get('name')}={c.get('value')} (domain {c.get('domain')})"
            for c in self.context.cookies()
        ]
        script = str(self.page.evaluate("document.cookie"))
        return jar + ([f"document.cookie = {script!r}"] if script else [])


@contextmanager
def recording(browser: Browser, server: StaticServer, **options: Any) -> Iterator[Recorder]:
    local = urlsplit(server.url).netloc
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, **options)  # type: ignore[arg-type]
    page = context.new_page()
    recorder = Recorder(context, page, local)

    def guard(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == local:
            route.continue_()
        else:
            recorder.foreign.append(f"{route.request.method} {route.request.url}")
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorder.errors.append(f"console error: {message.text}")

    context.route("**/*", guard)
    context.on("response", lambda response: recorder.responses.append(response))

    def started(_: object) -> None:
        recorder.pending += 1

    def ended(_: object) -> None:
        recorder.pending -= 1

    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)
    page.on("pageerror", lambda error: recorder.errors.append(f"uncaught {error}"))
    page.on("console", console)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield recorder
    finally:
        context.close()


# --- worksheets --------------------------------------------------------------------------------

FORM = "form.mg-worksheet"
SAMPLE_TEXT = "Sample answer for the quality gates"

_SAMPLE_BY_TYPE = {
    "": SAMPLE_TEXT,
    "text": SAMPLE_TEXT,
    "search": SAMPLE_TEXT,
    "textarea": SAMPLE_TEXT,
    "email": "mentee@example.org",
    "number": "3",
    "date": "2026-03-01",
    "tel": "555-0100",
    "url": "https://example.org/",
    "month": "2026-03",
    "time": "09:30",
}

#: One pass over the form: text in every shown text box, the first real option of every
#: select and radio group, every checkbox ticked; each change fires the input and change
#: events (boxes and radios are clicked). Returns how many controls it filled; a choice may
#: reveal more (an 'Other' box), so passes repeat until none is left.
_FILL_PASS = """(form, [samples, first]) => {
  if (first) form.querySelectorAll("[data-mg-filled]").forEach((el) =>
    el.removeAttribute("data-mg-filled"));
  let filled = 0;
  for (const el of form.elements) {
    const shown = el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    if (el.dataset.mgFilled || !shown || el.disabled || el.readOnly) continue;
    const tag = el.tagName.toLowerCase();
    const type = tag === "textarea" ? "textarea" : (el.type || "").toLowerCase();
    const fire = () => ["input", "change"].forEach((name) =>
      el.dispatchEvent(new Event(name, {bubbles: true})));
    if (tag === "select") {
      const option = [...el.options].find((o) => o.value && !o.disabled);
      if (option && !el.value) { el.value = option.value; fire(); }
    } else if (type === "checkbox") {
      if (!el.checked) el.click();
    } else if (type === "radio") {
      const group = [...form.elements].filter((r) => r.type === "radio" && r.name === el.name);
      if (!group.some((r) => r.checked)) el.click();
      group.forEach((r) => { r.dataset.mgFilled = "1"; });
    } else if ((tag === "input" || tag === "textarea") && type in samples) {
      el.value = samples[type];
      fire();
    } else {
      continue;
    }
    el.dataset.mgFilled = "1";
    filled += 1;
  }
  return filled;
}"""


def fill_worksheet(page: Page) -> None:
    """Put the worksheet in its filled state (see _FILL_PASS)."""
    form = page.locator(FORM)
    for n in range(4):
        if not form.evaluate(_FILL_PASS, [_SAMPLE_BY_TYPE, n == 0]):
            return


_INVALID_REPORT = """(form) => {
  const named = (el) => `${el.tagName.toLowerCase()}[name=${el.name || "?"}]`;
  const required = [...form.elements].filter((el) =>
    (el.required || el.getAttribute("aria-required") === "true") &&
    el.getClientRects().length > 0);
  const invalid = [...form.querySelectorAll('[aria-invalid="true"]')];
  const problems = [];
  for (const el of invalid) {
    const ids = (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
    const texts = ids.map((id) => document.getElementById(id))
      .filter((d) => d && d.getClientRects().length > 0)
      .map((d) => d.textContent.trim()).filter(Boolean);
    if (!ids.length) problems.push(`${named(el)} is aria-invalid but has no aria-describedby`);
    else if (!texts.length) problems.push(
      `${named(el)}: aria-describedby="${ids.join(" ")}" points at no visible error text`);
  }
  return {required: required.map(named), invalid: invalid.map(named), problems};
}"""


def invalid_report(page: Page) -> dict[str, list[str]]:
    """Required controls, controls marked ``aria-invalid``, and broken error references."""
    result: dict[str, list[str]] = page.locator(FORM).evaluate(_INVALID_REPORT)
    return result


# --- keyboard walk -----------------------------------------------------------------------------

_WALK_SETUP = """(container) => {
  // Scripted widgets (role=button and the like) must be tab stops too, tabindex or not.
  const widgets = '[role=button], [role=link], [role=checkbox], [role=switch], [role=menuitem]';
  const candidates = 'a[href], area[href], button, input, select, textarea, summary, iframe, ' +
    '[tabindex], [contenteditable="true"], ' + widgets;
  const shown = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden";
  const all = [...container.querySelectorAll(candidates)].filter((el) => !el.disabled &&
    (el.tabIndex >= 0 || el.matches(widgets)) && el.getAttribute("aria-disabled") !== "true" &&
    el.type !== "hidden" && shown(el) && !el.closest("[inert]"));
  const positive = all.filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 80));
  // A radio group is one tab stop (its checked button, else its first); arrows move within.
  const seen = new Set();
  const stops = [];
  for (const el of all) {
    if (el.type === "radio" && el.name) {
      const key = (el.form ? "f" : "d") + el.name;
      if (seen.has(key)) continue;
      seen.add(key);
      const group = all.filter((r) => r.type === "radio" && r.name === el.name);
      stops.push(group.find((r) => r.checked) || group[0]);
    } else {
      stops.push(el);
    }
  }
  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    const key = el.dataset.action ? `[data-action=${el.dataset.action}]`
      : el.name ? `[name=${el.name}]` : el.id ? `#${el.id}` : "";
    const label = (el.labels && el.labels[0] ? el.labels[0].textContent
      : el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\\s+/g, " ");
    return `${tag}${key}${label ? ` "${label.slice(0, 50)}"` : ""}`;
  };
  document.querySelectorAll("[data-mg-walk]").forEach((el) => el.removeAttribute("data-mg-walk"));
  stops.forEach((el, i) => { el.dataset.mgWalk = String(i); });
  document.querySelectorAll("[data-mg-sentinel]").forEach((el) => el.remove());
  const sentinel = document.createElement("span");
  sentinel.tabIndex = -1;
  sentinel.dataset.mgSentinel = "";
  container.before(sentinel);
  sentinel.focus();
  return {stops: stops.map(describe), positive};
}"""

#: Per stop, one call before Tab (``prepare``) and one after (``active``), installed by
#: _WALK_SETUP as ``window.__mgWalk``.
_WALK_HELPERS = """(container) => {
  // What a focus indicator changes, on the control and its labels. If none of it changes,
  // the walk compares screenshots before it concludes that focus is invisible.
  const style = (el) => [el, ...(el.labels || [])].map((node) => {
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 &&
      !/rgba\\([^)]*,\\s*0\\)|transparent/.test(s.outlineColor);
    return [outline ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none",
            s.boxShadow, s.borderColor, s.borderWidth, s.backgroundColor].join("|");
  }).join("/");
  // The area a focus indicator may occupy: the control and its labels, plus a margin for
  // outlines drawn outside them. A visually hidden control (a file input under a styled
  // label) shows its focus on its label.
  const area = (el) => {
    const rects = [el.getBoundingClientRect(), ...[...(el.labels || [])].map((l) =>
      l.getBoundingClientRect())].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return null;
    const m = 6;
    const x = Math.max(0, Math.min(...rects.map((r) => r.left)) - m);
    const y = Math.max(0, Math.min(...rects.map((r) => r.top)) - m);
    const right = Math.min(innerWidth, Math.max(...rects.map((r) => r.right)) + m);
    const bottom = Math.min(innerHeight, Math.max(...rects.map((r) => r.bottom)) + m);
    return {x, y, width: right - x, height: bottom - y};
  };
  const prepare = (i) => {
    const el = document.querySelector(`[data-mg-walk="${i}"]`);
    if (!el) return null;
    el.scrollIntoView({block: "center", inline: "nearest"});
    return {area: area(el), style: style(el)};
  };
  const active = () => {
    const el = document.activeElement;
    if (!el || el === document.body) return {where: "body"};
    const r = el.getBoundingClientRect();
    // A visually hidden control (a file input under a styled label) is seen as its label.
    const target = r.width >= 4 && r.height >= 4 ? el : (el.labels && el.labels[0]) || el;
    const t = target.getBoundingClientRect();
    // 2.4.11 Focus Not Obscured: what is seen of the control is on top.
    const hit = document.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2);
    const onTop = Boolean(hit) && (target.contains(hit) || hit.contains(target) ||
      (el.labels && [...el.labels].some((l) => l.contains(hit))));
    return {where: container.contains(el) ? "inside" : "outside",
            index: el.dataset.mgWalk ?? null, top: t.top + scrollY, onTop,
            style: style(el), html: el.outerHTML.slice(0, 100)};
  };
  window.__mgWalk = {prepare, active};
}"""


def _pixels_change(page: Page, focused: Locator, area: FloatRect) -> bool:
    """Whether the control looks different focused and not (screenshots, caret hidden)."""
    with_focus = page.screenshot(clip=area, animations="disabled", caret="hide")
    focused.evaluate("el => el.blur()")
    without = page.screenshot(clip=area, animations="disabled", caret="hide")
    focused.evaluate("el => el.focus({preventScroll: true})")  # Tab goes on from here
    return with_focus != without


def keyboard_walk(page: Page, container: str, where: str) -> list[str]:
    """Tab through ``container`` from just before it; report every problem found.

    Checks: no positive tabindex; every control is a tab stop, reached in DOM order and never
    jumping back up the page; each stop shows a visible focus indicator (its pixels change when
    focused, compared screenshot to screenshot) and is not hidden under other content.
    """
    box = page.locator(container).first
    box.evaluate(_WALK_HELPERS)
    setup = box.evaluate(_WALK_SETUP)
    stops: list[str] = setup["stops"]
    problems = [
        f"{shown(where)}: positive tabindex breaks the focus order: {html}"
        for html in setup["positive"]
    ]
    reached: list[int] = []
    last_index = -1
    repeats = 0
    last_top = float("-inf")
    for _ in range(3 * len(stops) + 10):
        # Screenshot the next control before Tab reaches it, then again once it is focused.
        predicted = last_index + 1
        ready = page.evaluate("i => __mgWalk.prepare(i)", predicted)
        page.keyboard.press("Tab")
        active = page.evaluate("() => __mgWalk.active()")
        if active["where"] != "inside":
            break
        if active["index"] is None:
            problems.append(
                f"{shown(where)}: Tab focused an element that is not a visible "
                f"control: {active['html']}"
            )
            continue
        index = int(active["index"])
        name = stops[index]
        if index == last_index:  # a date input's month, day and year are each a tab stop
            repeats += 1
            if repeats > 5:
                problems.append(f"{shown(where)}: Tab does not leave {name}: a keyboard trap")
                break
            continue
        repeats = 0
        if index in reached:
            problems.append(f"{shown(where)}: focus came back to {name}: a keyboard trap?")
            break
        if index < last_index:
            problems.append(
                f"{shown(where)}: focus order: Tab went from {stops[last_index]} "
                f"back to {name}, which comes before it"
            )
        if index == predicted and ready and ready["area"] and active["style"] == ready["style"]:
            focused = page.locator(f'[data-mg-walk="{index}"]')
            if not _pixels_change(page, focused, ready["area"]):
                problems.append(f"{shown(where)}: no visible focus indicator on {name}")
        if not active["onTop"]:
            problems.append(f"{shown(where)}: focused {name} is hidden under other content")
        if active["top"] < last_top - 5:
            problems.append(f"{shown(where)}: focus jumped back up the page to {name}")
        last_top = active["top"]
        last_index = index
        reached.append(index)
    missed = [stops[i] for i in range(len(stops)) if i not in reached]
    problems += [f"{shown(where)}: not reachable with Tab: {name}" for name in missed]
    return problems


# --- using a worksheet -------------------------------------------------------------------------


def action(name: str) -> str:
    return f'{FORM} [data-action="{name}"]'


def give_file(page: Page, selector: str, path: Path) -> None:
    """Hand ``path`` to a file action: a file input, a label for one, or a button that opens
    the file chooser."""
    target = page.locator(selector).first
    kind = target.evaluate(
        "el => el.matches('input[type=file]') ? 'input'"
        " : el.control && el.control.matches('input[type=file]') ? 'label' : 'button'"
    )
    if kind == "input":
        target.set_input_files(path)
    elif kind == "label":
        target.evaluate_handle("el => el.control").as_element().set_input_files(path)  # type: ignore[union-attr]
    else:
        with page.expect_file_chooser(timeout=5_000) as chooser:
            target.click()
        chooser.value.set_files(path)


_HAS_ANSWER = """([selector, text, wanted]) => {
  const form = document.querySelector(selector);
  return Boolean(form) && [...form.elements].some((e) => e.value === text) === wanted;
}"""


def answers_shown(page: Page, wanted: bool, timeout_ms: int = 5_000) -> bool:
    """Wait until the sample answer is (``wanted``) or is no longer in the form."""
    try:
        page.wait_for_function(_HAS_ANSWER, arg=[FORM, SAMPLE_TEXT, wanted], timeout=timeout_ms)
    except PlaywrightError:
        return False
    return True


ACTIONS = ("check", "download-pdf", "export-json", "import-json", "clear", "open-pdf")


def use_worksheet(page: Page, where: str, folder: Path) -> tuple[list[str], list[Path]]:
    """Use every part of a worksheet as a person would: fill it, check it, download the PDF,
    export the answers, clear, import them back, clear, open the PDF. Returns the problems
    met and the PDFs made."""
    problems = [
        f"{shown(where)}: no {action(name)} control"
        for name in ACTIONS
        if page.locator(action(name)).count() == 0
    ]

    def step(what: str, run: Callable[[], object]) -> bool:
        try:
            run()
        except PlaywrightError as error:
            problems.append(f"{shown(where)}: {what} failed: {str(error).splitlines()[0]}")
            return False
        return True

    def download(name: str, target: Path) -> None:
        with page.expect_download(timeout=30_000) as made:
            page.click(action(name))
        made.value.save_as(target)

    def restored(how: str) -> None:
        if not answers_shown(page, True):
            problems.append(f"{shown(where)}: {how} did not bring the answers back")

    def clear() -> None:
        if step("Clear", lambda: page.click(action("clear"))) and not answers_shown(page, False):
            problems.append(f"{shown(where)}: Clear left the answers in the form")

    pdf, answers = folder / "filled.pdf", folder / "answers.json"
    step("filling the form", lambda: fill_worksheet(page))
    step("Check answers", lambda: page.click(action("check")))
    made_pdf = step("Download PDF", lambda: download("download-pdf", pdf))
    exported = step("Export JSON", lambda: download("export-json", answers))
    clear()
    if exported and step("Import JSON", lambda: give_file(page, action("import-json"), answers)):
        restored("importing the exported JSON")
        clear()
    if made_pdf and step("Open PDF", lambda: give_file(page, action("open-pdf"), pdf)):
        restored("opening the downloaded PDF")
    return problems, [pdf] if made_pdf else []
