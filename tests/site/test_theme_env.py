"""The theme's environment is quick to set up again (compiled templates kept between builds,
hidden folders not listed) and builds exactly what it did."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from mentorguide.site.theme_env import FOLDER, speed_up_theme
from tests.conftest import ROOT, build_site

SHARED_CACHE = ROOT / ".cache" / "mentorguide"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    compiled: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None
    ) -> object:
        compiled.append(str(name))
        return compile_source(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def theme_with_own_templates(tmp_path: Path, template: str) -> Theme:
    overrides = tmp_path / "overrides"
    overrides.mkdir(exist_ok=True)
    (overrides / "page.html").write_text(template, encoding="utf-8")
    return Theme(name="material", custom_dir=str(overrides))


def test_a_later_environment_loads_materials_templates_already_compiled(
    tmp_path: Path, compiles: list[str]
) -> None:
    theme = Theme(name="material")
    speed_up_theme(theme, tmp_path)
    theme.get_env().get_template("main.html")
    assert compiles == ["main.html"]

    compiles.clear()
    theme.get_env().get_template("main.html")  # as the next build (or search plugin) does
    assert compiles == []
    assert any((tmp_path / FOLDER).iterdir())


def test_a_changed_template_is_compiled_from_its_new_source(tmp_path: Path) -> None:
    theme = theme_with_own_templates(tmp_path, "first {{ 1 + 1 }}")
    speed_up_theme(theme, tmp_path / "cache")
    assert theme.get_env().get_template("page.html").render() == "first 2"

    theme = theme_with_own_templates(tmp_path, "second {{ 2 + 2 }}")
    speed_up_theme(theme, tmp_path / "cache")
    assert theme.get_env().get_template("page.html").render() == "second 4"


def test_an_environment_with_other_syntax_does_not_use_the_same_entries(
    tmp_path: Path, compiles: list[str]
) -> None:
    theme = theme_with_own_templates(tmp_path, "{{ 'x' }} <% if true %>y<% endif %>")
    speed_up_theme(theme, tmp_path / "cache")
    assert theme.get_env().get_template("page.html").render() == "x <% if true %>y<% endif %>"

    env = theme.get_env()
    env.block_start_string, env.block_end_string = "<%", "%>"
    compiles.clear()
    assert env.get_template("page.html").render() == "x y"
    assert compiles == ["page.html"]


def test_an_environment_with_other_filters_does_not_use_the_same_entries(
    tmp_path: Path, compiles: list[str]
) -> None:
    # The compiler calls filters on constants, so a plugin's filter changes the code.
    theme = theme_with_own_templates(tmp_path, "{{ 'abc' | upper }}")
    speed_up_theme(theme, tmp_path / "cache")
    assert theme.get_env().get_template("page.html").render() == "ABC"

    env = theme.get_env()
    env.filters["upper"] = lambda value: f"<{value}>"
    compiles.clear()
    assert env.get_template("page.html").render() == "<abc>"
    assert compiles == ["page.html"]


def test_a_cache_that_cannot_be_written_leaves_templates_compiling_as_usual(
    tmp_path: Path,
) -> None:
    theme = theme_with_own_templates(tmp_path, "still {{ 'works' }}")
    speed_up_theme(theme, tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    assert theme.get_env().get_template("page.html").render() == "still works"


def test_a_cache_folder_that_cannot_be_made_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    theme = theme_with_own_templates(tmp_path, "plain {{ 'build' }}")
    speed_up_theme(theme, blocked)
    env = theme.get_env()
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render() == "plain build"


def test_the_theme_files_mkdocs_copies_are_the_same(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\ntheme: {name: material}\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    as_mkdocs_does, sped_up = Files([]), Files([])
    as_mkdocs_does.add_files_from_theme(config.theme.get_env(), config)
    speed_up_theme(config.theme, tmp_path / "cache")
    sped_up.add_files_from_theme(config.theme.get_env(), config)
    assert [f.src_uri for f in sped_up] == [f.src_uri for f in as_mkdocs_does]
    assert any(f.src_uri.endswith(".js") for f in sped_up)


def test_templates_still_include_icons_from_hidden_folders(tmp_path: Path) -> None:
    theme = theme_with_own_templates(tmp_path, '{% include ".icons/material/home.svg" %}')
    speed_up_theme(theme, tmp_path / "cache")
    env = theme.get_env()
    assert env.get_template("page.html").render().startswith("<svg")
    assert not any(name.startswith(".icons/") for name in env.list_templates())


@pytest.mark.build
def test_the_guide_is_built_the_same_from_compiled_templates(
    tmp_path: Path, built_site: Path
) -> None:
    # built_site has rendered the PDFs into the shared cache; copy it without templates.
    cache = tmp_path / "cache"
    shutil.copytree(SHARED_CACHE, cache, ignore=shutil.ignore_patterns(FOLDER))
    env = {"MENTORGUIDE_CACHE_DIR": str(cache)}
    sites = {}
    for build in ("from source", "from compiled templates"):
        site = tmp_path / build.replace(" ", "-")
        result = build_site(ROOT, site, env=env)
        assert result.returncode == 0, f"build {build} failed:\n{result.stderr}"
        sites[build] = site
    assert len(list((cache / FOLDER).iterdir())) > 30
    for page in sites["from source"].rglob("*.html"):
        relative = page.relative_to(sites["from source"])
        assert (sites["from compiled templates"] / relative).read_bytes() == page.read_bytes(), (
            f"{relative} differs when built from compiled templates"
        )
