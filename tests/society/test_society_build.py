"""A society's project builds the whole guide with its additions, brand and language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from mentorguide.cli.main import main
from mentorguide.project import scaffold
from mentorguide.site.society import index_search_in
from tests.conftest import ROOT, build_site


def read(site: Path, page: str) -> str:
    return (site / page / "index.html" if page else site / "index.html").read_text("utf-8")


def test_every_default_page_is_built_alongside_the_societys_own(society_site: Path) -> None:
    defaults = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    built = {p.parent.name for p in society_site.glob("*/index.html")}
    assert defaults <= built
    assert "local-program" in built


def test_the_societys_page_overrides_the_default_prose(society_site: Path) -> None:
    home = read(society_site, "")
    assert "Welcome to the Ohio Society of Health-System Pharmacists' edition" in home
    assert "59%" in home  # its own words still render the guide's data


def test_added_pages_are_listed_after_the_guides_pages(society_site: Path) -> None:
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link', read(society_site, ""))
    assert nav.index("local-program/") > nav.index("about/")


def test_the_overlay_adds_hides_and_replaces(society_site: Path) -> None:
    roles = read(society_site, "career-pathways")
    assert 'id="oncology-pharmacy-technician"' in roles
    assert 'id="specialty-pharmacy-technician"' not in roles
    credentials = read(society_site, "credentials")
    assert 'id="ohio-sterile-badge"' in credentials
    assert 'href="../career-pathways/#oncology-pharmacy-technician"' in credentials
    bank = read(society_site, "question-bank")
    assert "Do you feel supported by your manager and your team?" in bank
    assert "Do you feel supported in your current role?" not in bank


def test_the_interface_is_in_the_societys_language(society_site: Path) -> None:
    bank = read(society_site, "question-bank")
    assert '<html lang="es"' in bank
    assert "Mostrar todas las preguntas" in bank
    assert "Para mentores" in bank
    assert 'placeholder="Búsqueda"' in bank  # the theme's own strings follow the language


def test_the_sample_program_report_is_in_the_societys_language(society_site: Path) -> None:
    report = (society_site / "sample-program-report.html").read_text("utf-8")
    assert report.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert '<h2 id="stages">Avance por etapas</h2>' in report


def test_the_guides_text_keeps_its_own_language(society_site: Path) -> None:
    # WCAG 3.1.2: the article is English even when the interface is Spanish.
    assert '<article class="md-content__inner md-typeset" lang="en">' in read(society_site, "")


def test_the_brand_shows_in_header_footer_and_colors(society_site: Path) -> None:
    home = read(society_site, "")
    assert '<img src="images/oshp-logo.svg"' in home
    assert 'rel="icon" href="images/oshp-logo.svg"' in home
    assert "Publicado por Ohio Society of Health-System Pharmacists." in home
    assert '<a href="https://oshp.example/">OSHP</a>' in home
    css = (society_site / "assets/mentorguide/brand.css").read_text("utf-8")
    assert "--md-primary-fg-color: #1b5e20;" in css


def test_the_society_site_keeps_the_dark_mode_toggle(society_site: Path) -> None:
    # Its mkdocs.yml names no palette: the default guide's light and dark ones apply, with
    # their toggle in the society's language, and its brand colours on both.
    home = read(society_site, "")
    assert 'title="Cambiar al modo oscuro"' in home or 'aria-label="Cambiar al modo oscuro"' in home
    assert 'data-md-color-scheme="slate"' in home or "data-md-color-media" in home
    assert home.count('name="__palette"') == 2


@pytest.mark.build
def test_init_creates_a_project_that_builds_out_of_the_box(tmp_path: Path) -> None:
    project = tmp_path / "oshp"
    assert main(["init", str(project), "--name", "Ohio Society of Health-System Pharmacists"]) == 0
    for expected in (
        "mkdocs.yml",
        "society.yml",
        "README.md",
        ".github/workflows/publish.yml",
        "content",
        "docs",
        "worksheets",
    ):
        assert (project / expected).exists(), expected
    # Written by a YAML emitter: quoted, so any name reads back as given (tests/security/).
    assert '  short_name: "OSHP"\n' in (project / "society.yml").read_text("utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Hosted by Ohio Society of Health-System Pharmacists." in (
        tmp_path / "site/index.html"
    ).read_text("utf-8")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--name", "X Society"]) == 1
    assert capsys.readouterr().err == f"Error: {tmp_path} is not empty; choose a new folder\n"


def test_init_writes_nothing_when_a_file_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A template the package lacks (the last one): no half-made project is left behind.
    monkeypatch.setattr(scaffold, "FILES", {**scaffold.FILES, "missing.txt": "MISSING"})
    project = tmp_path / "p"
    with pytest.raises(FileNotFoundError):
        scaffold.create_project(project, "X Society")
    assert not project.exists() or not any(project.iterdir())


def test_the_publish_workflow_builds_and_deploys_to_pages(tmp_path: Path) -> None:
    import yaml

    main(["init", str(tmp_path / "p"), "--name", "X Society"])
    workflow = yaml.safe_load((tmp_path / "p/.github/workflows/publish.yml").read_text("utf-8"))
    steps = [step.get("uses", step.get("run")) for step in workflow["jobs"]["build"]["steps"]]
    assert "make site" in steps
    assert "actions/upload-pages-artifact@v3" in steps
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"] == "actions/deploy-pages@v4"


def test_headings_keep_their_permalinks(society_site: Path) -> None:
    assert 'class="headerlink" href="#nuclear-pharmacy-technician"' in read(
        society_site, "career-pathways"
    )


def test_the_worksheets_section_of_the_nav_is_in_the_interface_language(
    society_site: Path,
) -> None:
    labels = re.findall(
        r'<label class="md-nav__link" for="__nav_\d+"[^>]*>\s*<span class="md-ellipsis">\s*'
        r"([^<]+?)\s*</span>",
        read(society_site, ""),
    )
    assert "Hojas de trabajo" in labels and "Worksheets" not in labels


def test_search_stems_words_in_the_interfaces_and_the_guides_language(
    society_site: Path,
) -> None:
    index = json.loads((society_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["es", "en"]


def search_config(tmp_path: Path, search: str) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: A society\ntheme: {{name: material}}\nplugins:\n  - search{search}\n",
        encoding="utf-8",
    )
    return load_config(str(tmp_path / "mkdocs.yml"))


def test_search_languages_set_in_mkdocs_yml_are_kept(tmp_path: Path) -> None:
    config = search_config(tmp_path, ":\n      lang: [fr]")
    index_search_in(config, ["es", "en"])
    assert config.plugins["material/search"].config["lang"] == ["fr"]


def test_a_language_search_cannot_stem_is_searched_as_english(tmp_path: Path) -> None:
    config = search_config(tmp_path, "")
    index_search_in(config, ["tlh", "en"])
    assert config.plugins["material/search"].config["lang"] == ["en"]
