"""Text that passes the check reaches HTML as text: every macro's Markdown (rendered with the
site's extensions), every worksheet's form, page and PDF document, for each surviving payload
in every text field at once."""

from __future__ import annotations

import markdown
import pytest

from mentorguide.content.markup import SafeLinksExtension
from mentorguide.edition.edition import Edition
from mentorguide.edition.society import Society
from mentorguide.pdf.worksheet import pdf_document
from mentorguide.project.load import Project, load_project
from mentorguide.site.macros import MACROS
from mentorguide.site.pages import Renderer
from mentorguide.site.society import footer_html
from mentorguide.site.worksheet_pages import page_markdown
from mentorguide.worksheets.prepared import prepare_worksheet
from tests.conftest import ROOT, copy_project
from tests.security.catalog import SURVIVING_TEXT, Attack
from tests.security.support import active_markup, inject

#: The guide's own Markdown extensions (mkdocs.yml) and the site's last guard.
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "toc"]
ARGUMENTS = {
    "question_set": ["conversation-starters", "mentee-reflection", "mentor-questions"],
    "survey_fields": ["mentee", "mentor"],
}


def _page_html(text: str) -> str:
    rendered: str = markdown.markdown(text, extensions=[*EXTENSIONS, SafeLinksExtension()])
    return rendered


@pytest.fixture(scope="module", params=SURVIVING_TEXT, ids=lambda a: a.name)
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Attack, Project]:
    attack: Attack = request.param
    project = copy_project(tmp_path_factory.mktemp("hostile") / "guide")
    for file in [*(project / "content").glob("*.yml"), *(project / "worksheets").glob("*.yml")]:
        inject(file, attack.payload)
    return attack, load_project(project)


def _macro_outputs(project: Project) -> dict[str, str]:
    renderer = Renderer(project.content, "index.md", project.strings)
    outputs = {}
    for name in MACROS:
        for argument in ARGUMENTS.get(name, [None]):
            call = getattr(renderer, name)
            outputs[f"{name}({argument or ''})"] = call(argument) if argument else call()
    return outputs


def test_no_macro_makes_markup_that_runs_or_fetches(hostile: tuple[Attack, Project]) -> None:
    _, project = hostile
    found = {
        name: active_markup(_page_html(text)) for name, text in _macro_outputs(project).items()
    }
    assert {name: f for name, f in found.items() if f} == {}


def test_the_payload_is_shown_as_written_on_the_pages(hostile: tuple[Attack, Project]) -> None:
    attack, project = hostile
    assert attack.shown in _page_html(_macro_outputs(project)["stages()"])


def test_no_worksheet_form_page_or_pdf_makes_markup_that_runs_or_fetches(
    hostile: tuple[Attack, Project],
) -> None:
    _, project = hostile
    found = {}
    for sheet in project.worksheets:
        page = page_markdown(
            project.prepared(sheet.slug),
            project.content,
            pdf_file="x.pdf",
            pdf_url="x.pdf",
            script_url="x.js",
            pdf_lib_url="lib.js",
            references_url="../references/",
            form_script_url="form.js",
        )
        body = page.split("---", 2)[2]
        found[f"{sheet.slug} page"] = active_markup(_page_html(body))
        found[f"{sheet.slug} pdf"] = active_markup(
            pdf_document(project.prepared(sheet.slug), project.content, css="")
        )
    assert {name: f for name, f in found.items() if f} == {}


#: Raw markup in every society text, as a society.yml that skipped the check would give it.
RAW = "<img src=x onerror=alert(1)> \"'><svg onload=alert(2)>"


def test_society_texts_are_escaped_in_the_footer_the_worksheets_and_their_pdfs() -> None:
    society = Society.model_validate(
        {
            "name": f"Ohio {RAW}",
            "short_name": f"O {RAW}",
            "coordinator": {"name": f"Pat {RAW}", "email": "pat@example.org"},
            "footer": {
                "text": f"Hosted {RAW}",
                "links": [{"title": f"Home {RAW}", "url": "https://example.org/"}],
            },
        }
    )
    project = load_project(ROOT)
    edition = Edition(project.strings, society)
    outputs = {"footer": footer_html(society, project.strings)}
    for sheet in project.worksheets:
        prepared = prepare_worksheet(sheet, project.content, edition)
        outputs[f"{sheet.slug} pdf"] = pdf_document(prepared, project.content, css="")
    found = {name: active_markup(html) for name, html in outputs.items()}
    assert {name: f for name, f in found.items() if f} == {}
    assert "Hosted &lt;img src=x onerror=alert(1)&gt;" in outputs["footer"]
    assert "Pat &lt;img src=x onerror=alert(1)&gt;" in outputs["smart-goal pdf"]
