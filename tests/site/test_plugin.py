"""The guide is a registered MkDocs plugin with typed options; an older project's hook runs
the same plugin."""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from mkdocs.config import load_config

from mentorguide.site import hook
from mentorguide.site.plugin import GuidePlugin
from tests.conftest import ROOT, build_site, copy_project


def configured(options: dict[str, object]) -> tuple[GuidePlugin, list[str]]:
    plugin = GuidePlugin()
    errors, _warnings = plugin.load_config(options)
    return plugin, [f"{name}: {error}" for name, error in errors]


def test_the_plugin_is_registered_under_the_name_mkdocs_yml_lists() -> None:
    (found,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "mentorguide"]
    assert found.load() is GuidePlugin


def test_the_cache_folder_option_is_relative_to_the_project(tmp_path: Path) -> None:
    plugin, errors = configured({"cache_dir": "shared-cache"})
    assert errors == []
    assert plugin.cache_folder(tmp_path) == tmp_path / "shared-cache"


def test_without_the_option_the_cache_folder_is_the_projects_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MENTORGUIDE_CACHE_DIR", raising=False)
    plugin, _ = configured({})
    assert plugin.cache_folder(tmp_path) == tmp_path / ".cache" / "mentorguide"


def test_a_pdf_worker_count_that_is_not_a_number_is_a_configuration_error() -> None:
    _, errors = configured({"pdf_workers": "many"})
    assert errors == ["pdf_workers: Expected type: <class 'int'> but received: <class 'str'>"]


def test_the_pdf_worker_option_overrides_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTORGUIDE_PDF_WORKERS", "3")
    assert configured({"pdf_workers": 0})[0].pdf_workers() == 0
    assert configured({})[0].pdf_workers() == 3


def test_an_unknown_option_is_a_configuration_error() -> None:
    plugin = GuidePlugin()
    _errors, warnings = plugin.load_config({"cache_folder": "x"})
    assert [name for name, _ in warnings] == ["cache_folder"]


def test_the_guides_mkdocs_yml_builds_with_the_plugin_it_lists() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    listed = hook.active_plugin(config)
    assert listed is config.plugins["mentorguide"]
    assert listed is not hook.HOOK_PLUGIN


def test_a_project_without_the_plugin_uses_the_hooks_instance() -> None:
    assert hook.active_plugin(None) is hook.HOOK_PLUGIN


@pytest.mark.build
def test_the_options_in_mkdocs_yml_choose_the_cache_and_render_in_the_build(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - mentorguide\n" in text
    config.write_text(
        text.replace(
            "  - mentorguide\n",
            "  - mentorguide:\n      cache_dir: build-cache\n      pdf_workers: 0\n",
        ),
        encoding="utf-8",
    )
    result = build_site(project, tmp_path / "site", env={"MENTORGUIDE_CACHE_DIR": ""})
    assert result.returncode == 0, result.stderr
    assert len(list((project / "build-cache").rglob("*.pdf"))) == len(
        list((tmp_path / "site").rglob("*.pdf"))
    )
    assert not (project / ".cache").exists()
