"""The fixture society's worksheets: pages, PDFs and messages in its language (Spanish), under
its name, with its coordinator; the guide's lists that stay English are marked so."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser, Page, expect

from mentorguide.cli.main import main
from mentorguide.edition.strings import load_strings
from mentorguide.project.load import Project, load_project
from mentorguide.worksheets.form import form_fields
from tests.conftest import serve_directory
from tests.society.conftest import FIXTURE
from tests.worksheets.conftest import SLUGS, fields_of, headings_left_alone, pdf_page_texts

SOCIETY = "Ohio Society of Health-System Pharmacists"
FOOTER = f"{SOCIETY} · Technician Mentorship Resource Guide"


@pytest.fixture(scope="module")
def fixture_project() -> Project:
    """The fixture society's validated project (its worksheets in Spanish)."""
    return load_project(FIXTURE)


def page(site: Path, slug: str) -> str:
    return (site / "worksheets" / slug / "index.html").read_text("utf-8")


def pdf_bytes(site: Path, slug: str) -> bytes:
    return (site / "worksheets" / f"{slug}.pdf").read_bytes()


def test_a_worksheet_page_is_in_spanish(society_site: Path) -> None:
    html = page(society_site, "smart-goal")
    assert '<html lang="es"' in html
    assert ">Meta SMART<" in html
    assert '<label for="ws-goal">Mi meta' in html
    for button in ("Revisar respuestas", "Descargar PDF", "Abrir un PDF guardado", "Borrar"):
        assert f">{button}</" in html
    assert "Las preguntas marcadas con" in html
    assert "Check answers" not in html and "Download PDF" not in html


def test_each_part_of_a_worksheet_page_says_its_language(society_site: Path) -> None:
    # WCAG 3.1.2: the guide's article is English; the worksheet inside it is Spanish, and the
    # choices taken from the guide's lists (credentials here) stay English, marked so.
    html = page(society_site, "career-development-plan")
    assert '<article class="md-content__inner md-typeset" lang="en">' in html
    assert re.search(
        r'<h1 id="[^"]+" lang="es">Plan de desarrollo profesional<a class="headerlink"', html
    )
    assert re.search(r'<form class="mg-worksheet"[^>]* lang="es"', html)
    assert (
        '<label for="ws-credentials-ohio-sterile-badge" lang="en">'
        "Ohio Sterile Compounding Badge</label>" in html
    )
    assert '<label for="ws-credentials-other">Otro</label>' in html  # interface, Spanish too


def test_the_societys_own_overlay_goes_on_top_of_the_translation(society_site: Path) -> None:
    html = page(society_site, "mentorship-agreement")
    assert "Con qué frecuencia nos reunimos para dar seguimiento" in html  # the language pack
    assert "OSHP recomienda reunirse al menos una vez al mes" in html  # the society's file


def test_the_worksheets_index_is_in_spanish_with_an_embed_snippet(society_site: Path) -> None:
    html = (society_site / "worksheets" / "index.html").read_text("utf-8")
    assert re.search(r'<h1 id="[^"]+" lang="es">Hojas de trabajo<a class="headerlink"', html)
    assert "Meta SMART, PDF rellenable (" in html
    assert (
        '&lt;iframe src="https://guide.example.org/worksheets/smart-goal/?embed"\n'
        '        title="Meta SMART" width="100%" height="900"\n'
        '        loading="lazy"&gt;&lt;/iframe&gt;' in html
    )


def test_the_coordinator_is_named_on_every_worksheet(society_site: Path) -> None:
    for slug in SLUGS:
        assert (
            "Coordinador/a del programa: Pat Example, "
            '<a href="mailto:pat@oshp.example">pat@oshp.example</a>' in page(society_site, slug)
        ), slug
        text = pdf_page_texts(pdf_bytes(society_site, slug))[0]
        assert "Coordinador/a del programa: Pat Example, pat@oshp.example" in text, slug


@pytest.mark.parametrize("slug", SLUGS)
def test_a_spanish_pdf_is_spanish_to_assistive_technology(
    slug: str, society_site: Path, fixture_project: Project
) -> None:
    project = fixture_project
    sheet = next(s for s in project.worksheets if s.slug == slug)
    specs = form_fields(sheet, project.content, project.strings)
    with pikepdf.open(io.BytesIO(pdf_bytes(society_site, slug))) as pdf:
        assert str(pdf.Root.Lang) == "es"
        assert str(pdf.docinfo.Title).startswith(f"{sheet.title} — ")
        tooltips = {name: str(field.TU) for name, field in fields_of(pdf).items()}
    # A date field's tooltip says how to write a date, the Spanish way first.
    hint = " (una fecha: DD/MM/YYYY o AAAA-MM-DD)"
    assert tooltips == {
        spec.name: spec.label + (hint if spec.value == "date" else "") for spec in specs
    }


def test_pdf_tooltips_are_spanish_down_to_table_cells_and_other_boxes(
    society_site: Path,
) -> None:
    with pikepdf.open(io.BytesIO(pdf_bytes(society_site, "career-development-plan"))) as pdf:
        fields = fields_of(pdf)
        assert str(fields["actions.2.owner"].TU) == "Acciones, fila 3: Responsable"
        assert str(fields["credentials.other_text"].TU) == (
            "Credenciales que me interesan: otro (especifique)"
        )
        assert str(fields["credentials.other"].TU) == "Credenciales que me interesan: Otro"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_page_names_the_society_in_its_footer(slug: str, society_site: Path) -> None:
    texts = pdf_page_texts(pdf_bytes(society_site, slug))
    for number, text in enumerate(texts, start=1):
        assert FOOTER in text, (slug, number)
        assert f"Página {number} de {len(texts)}" in text, (slug, number)
    # The kicker above the title (set in capitals by the style sheet).
    assert f"{FOOTER} · Hoja de trabajo".upper() in texts[0]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_spanish_section_heading_is_left_alone_at_a_pages_foot(
    slug: str, society_site: Path, fixture_project: Project
) -> None:
    sheet = next(s for s in fixture_project.worksheets if s.slug == slug)
    assert headings_left_alone(pdf_bytes(society_site, slug), sheet) == []


def test_a_missing_key_in_a_new_languages_strings_file_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The package ships no French: a society's fr.yml is the whole translation.
    project = tmp_path / "society"
    shutil.copytree(FIXTURE, project)
    society = project / "society.yml"
    society.write_text(society.read_text("utf-8").replace("language: es", "language: fr"))
    (project / "strings").mkdir()
    (project / "strings" / "fr.yml").write_text(
        "# Our own French strings.\nstrings:\n  question_bank.filters: Filtrer les questions\n",
        encoding="utf-8",
    )
    assert main(["check", "--project", str(project)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert (
        "strings/fr.yml:3:3: strings: missing key 'worksheet.check' (English: 'Check answers')"
        in errors
    )


def test_a_societys_strings_file_for_a_shipped_language_changes_just_the_keys_it_gives(
    tmp_path: Path,
) -> None:
    project = tmp_path / "society"
    shutil.copytree(FIXTURE, project)
    (project / "strings").mkdir()
    (project / "strings" / "es.yml").write_text(
        "# Our own Spanish strings.\nstrings:\n  question_bank.filters: Filtrar las preguntas\n",
        encoding="utf-8",
    )
    strings = load_project(project).strings
    assert strings("question_bank.filters") == "Filtrar las preguntas"
    assert strings("worksheet.check") == load_strings("es")("worksheet.check")


def test_an_unknown_key_in_a_societys_partial_strings_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "society"
    shutil.copytree(FIXTURE, project)
    (project / "strings").mkdir()
    (project / "strings" / "es.yml").write_text(
        "strings:\n  question_bank.filtres: Filtrar las preguntas\n", encoding="utf-8"
    )
    assert main(["check", "--project", str(project)]) == 1
    assert (
        "strings/es.yml:2:3: strings.question_bank.filtres: unknown key "
        "'question_bank.filtres' (did you mean 'question_bank.filters'?)"
    ) in capsys.readouterr().err.splitlines()


def test_the_edition_knows_each_worksheets_language(fixture_project: Project) -> None:
    edition = fixture_project.edition
    assert edition.language == "es"
    assert dict(edition.languages) == {slug: "es" for slug in SLUGS}
    assert edition.society is not None and edition.society.name == SOCIETY


@pytest.mark.browser
def test_the_worksheet_scripts_messages_are_in_spanish(
    browser: Browser, society_site: Path
) -> None:
    serving = serve_directory(society_site)
    server = next(serving)
    context = browser.new_context()
    try:
        tab: Page = context.new_page()
        tab.goto(f"{server.url}worksheets/smart-goal/")
        expect(tab.locator("form.mg-worksheet.mg-ws-ready")).to_have_count(1)
        tab.click('[data-action="check"]')
        expect(tab.locator("#ws-goal--error")).to_have_text(
            "Responda esta pregunta: es obligatoria."
        )
        expect(tab.locator("[role=status]")).to_have_text(
            "Falta 1 respuesta obligatoria: “Mi meta”."
        )
        tab.fill("[name=goal]", "Obtener la certificación CSPT")
        tab.click('[data-action="check"]')
        expect(tab.locator("[role=status]")).to_have_text(
            "Todas las preguntas obligatorias tienen respuesta."
        )
        tab.reload()
        expect(tab.locator("[role=status]")).to_have_text(
            "Se recuperaron las respuestas guardadas en este navegador."
        )
    finally:
        context.close()
        serving.close()
