"""The built guide shows every part of the content, linked and escaped, and searchable."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mentorguide.content.load import Content, load_content
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT / "content")


def page(site: Path, name: str) -> str:
    return (
        (site / name / "index.html").read_text(encoding="utf-8")
        if name
        else (site / "index.html").read_text(encoding="utf-8")
    )


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_home_page_shows_the_survey_statistics(built_site: Path) -> None:
    home = page(built_site, "")
    for figure in (
        "59%",
        "61%",
        "46%",
        "greater than 20,000 pharmacy technicians",
        "1,386 technicians in Ohio",
    ):
        assert figure in home


def test_home_page_leads_to_the_worksheets_and_the_coordinators_page(built_site: Path) -> None:
    # In the page's own text, not only the menu (on a phone the menu is folded away).
    article = page(built_site, "").split('<article class="md-content__inner', 1)[1]
    assert 'href="worksheets/"' in article
    assert 'href="matching/"' in article


def test_every_role_has_an_anchor_its_category_and_its_links(
    built_site: Path, content: Content
) -> None:
    html = page(built_site, "career-pathways")
    assert {role.id for role in content.roles.roles} <= ids_in(html)
    assert html.count('class="mg-tag">Administrative<') == 4
    assert html.count('class="mg-tag">Specialized<') == 6
    assert 'href="../credentials/#CSPT"' in html
    assert 'href="../credentials/#expertise-sterile-compounding"' in html


def test_credentials_link_back_to_the_roles_that_use_them(
    built_site: Path, content: Content
) -> None:
    html = page(built_site, "credentials")
    assert {c.id for c in content.credentials.credentials} <= ids_in(html)
    assert 'href="../career-pathways/#nuclear-pharmacy-technician"' in html
    assert 'href="../career-pathways/#medication-history-technician"' in html


def test_every_question_has_its_own_anchor_and_tags(built_site: Path, content: Content) -> None:
    html = page(built_site, "question-bank")
    question_ids = [q.id for _, q in content.all_questions()]
    assert set(question_ids) <= ids_in(html)
    assert html.count('class="mg-question"') == len(question_ids) == 15
    assert 'data-audience="mentee" data-stages="initiation" data-topics="mentorship"' in html


def test_every_challenge_tip_and_strategy_is_shown(built_site: Path, content: Content) -> None:
    principles = page(built_site, "mentorship-principles")
    for challenge in content.challenges.challenges:
        assert f'id="{challenge.id}"' in principles
        for tip in challenge.tips:
            assert " ".join(tip.text.split()).replace("'", "&#x27;")[:40] in principles.replace(
                "'", "&#x27;"
            )
    engagement = page(built_site, "engagement")
    assert all(f'id="{s.id}"' in engagement for s in content.engagement.strategies)


def test_stages_expectations_tools_and_program_lists_are_shown(
    built_site: Path, content: Content
) -> None:
    cycle = page(built_site, "mentorship-cycle")
    assert all(f'id="{s.id}"' in cycle for s in content.stages.stages)
    conversations = page(built_site, "conversations")
    for item in [*content.expectations.expectations, *content.tools.tools]:
        assert item.title.replace("&", "&amp;") in conversations
    program = page(built_site, "formal-program")
    for item in [
        *content.program.framework,
        *content.program.pairing_models,
        *content.program.essentials,
    ]:
        assert (item.title or item.text) in program


def test_about_page_keeps_the_disclaimer_and_acknowledgements(built_site: Path) -> None:
    about = page(built_site, "about")
    assert "TPTS expressly disclaims all liability" in about
    for author in (
        "Kay Yamamoto, PharmD, DPLA",
        "Caitlin Quigley, CPhT, DPLA",
        "Thomas Webb, PharmD, MHA, BCPS",
        "Amilda Medina, PharmD, MHA, BCMTMS, AAHIVP",
    ):
        assert author in about


def test_all_eighteen_references_are_numbered_with_their_links(
    built_site: Path, content: Content
) -> None:
    html = page(built_site, "references")
    items = re.findall(r'<li id="ref-([^"]+)">', html)
    assert items == [r.id for r in content.references.references]
    assert '<a href="https://doi.org/10.1016/j.japh.2023.09.006">' in html
    assert '<a href="https://hbr.org/2008/05/overcoming-impostor-syndrome">' in html


def test_citations_are_numbered_links_to_their_reference(built_site: Path) -> None:
    html = page(built_site, "career-pathways")
    assert (
        '<sup class="mg-cite"><a id="cite-boudreau-2019-1" '
        'href="../references/#ref-boudreau-2019" aria-label="Reference 4">4</a></sup>'
    ) in html
    impostor = page(built_site, "mentorship-principles")
    assert 'aria-label="Reference 12">12</a>, <a id="cite-corkindale-2008-1"' in impostor


def test_each_reference_lists_where_it_is_cited(built_site: Path) -> None:
    html = page(built_site, "references")
    entry = re.search(r'<li id="ref-boudreau-2019">.*?</li>', html, re.S)
    assert entry is not None
    assert (
        'Cited in: <a href="../career-pathways/#cite-boudreau-2019-1">Career pathways</a>'
        in entry.group(0)
    )
    home_cite = re.search(r'<li id="ref-ptcb-workforce-survey-2022">.*?</li>', html, re.S)
    assert home_cite is not None and 'href="../#cite-ptcb-workforce-survey-2022-1"' in (
        home_cite.group(0)
    )


def test_angle_brackets_in_content_are_shown_not_parsed(built_site: Path) -> None:
    assert "compliance with USP &lt;825&gt;." in page(built_site, "career-pathways")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {
            "script": "src",
            "link": "href",
            "img": "src",
            "iframe": "src",
            "source": "src",
            "video": "src",
            "audio": "src",
        }
        for key, value in attrs:
            if key == names.get(tag) and value:
                self.urls.append(value)


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    foreign = []
    for html_file in built_site.rglob("*.html"):
        parser = _Assets()
        parser.feed(html_file.read_text(encoding="utf-8"))
        foreign += [
            f"{html_file.relative_to(built_site)}: {u}"
            for u in parser.urls
            if re.match(r"^(https?:)?//", u)
        ]
    assert foreign == []


def test_no_web_fonts_are_referenced(built_site: Path) -> None:
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, css


@pytest.mark.parametrize(
    ("query", "page_url", "anchor"),
    [
        ("impostor", "mentorship-principles/", "impostor-syndrome"),
        ("diversion", "career-pathways/", "controlled-substance-auditor"),
        ("825", "career-pathways/", "nuclear-pharmacy-technician"),
        ("barriers", "question-bank/", "barriers-so-far"),
    ],
)
def test_search_index_lands_on_the_anchor(
    built_site: Path, query: str, page_url: str, anchor: str
) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [
        doc["location"]
        for doc in index["docs"]
        if query.lower() in (doc["title"] + " " + doc["text"]).lower()
    ]
    assert f"{page_url}#{anchor}" in locations


class _Scripts(HTMLParser):
    """Each external script and stylesheet of a page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str, bool]] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.scripts.append((str(values["src"]), "defer" in values))
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(str(values["href"]))


@pytest.mark.parametrize(
    "page", ["index.html", "career-pathways/index.html", "worksheets/smart-goal/index.html"]
)
def test_no_script_holds_back_the_first_paint(built_site: Path, page: str) -> None:
    """Every script loads with defer (so runs in document order once the page is parsed):
    Material's bundle before the guide's script, which uses what the bundle defines."""
    parser = _Scripts()
    parser.feed((built_site / page).read_text(encoding="utf-8"))
    names = [src.rsplit("/", 1)[-1] for src, _ in parser.scripts]
    bundle = next(i for i, name in enumerate(names) if name.startswith("bundle."))
    assert names.index("mentorguide.js") > bundle, names
    assert all(deferred for _, deferred in parser.scripts), parser.scripts


def test_the_guide_adds_one_stylesheet_to_materials(built_site: Path) -> None:
    parser = _Scripts()
    parser.feed((built_site / "worksheets" / "smart-goal" / "index.html").read_text("utf-8"))
    ours = [href for href in parser.stylesheets if "assets/stylesheets/" not in href]
    assert [href.rsplit("/", 1)[-1] for href in ours] == ["mentorguide.css"]
    served = (built_site / "assets" / "mentorguide" / "mentorguide.css").read_text("utf-8")
    assert ".mg-ws-field" in served  # the worksheets' style is part of it
