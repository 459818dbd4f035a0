"""A rebuild with unchanged inputs takes the validated project from the cache; any change to
any input validates again, so a problem is reported on every build that has it."""

from __future__ import annotations

from pathlib import Path

import pytest

import mentorguide.project.cache as project_cache
from mentorguide.content.docstrings import attribute_docstrings
from mentorguide.content.errors import ContentError
from mentorguide.project.cache import load_project_cached
from mentorguide.project.load import Project, load_project
from tests.conftest import build_site
from tests.content.conftest import edit


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every project the cache had to validate (the real loader still runs)."""
    seen: list[Path] = []
    real = load_project

    def counting(root: Path, docs_dir: Path | None = None) -> Project:
        seen.append(root)
        return real(root, docs_dir=docs_dir)

    monkeypatch.setattr(project_cache, "load_project", counting)
    return seen


def load(project: Path, cache: Path) -> Project:
    return load_project_cached(project, project / "docs", cache)


def test_unchanged_inputs_are_validated_once(
    project: Path, tmp_path: Path, validations: list[Path]
) -> None:
    first = load(project, tmp_path / "cache")
    second = load(project, tmp_path / "cache")
    assert len(validations) == 1
    assert second.content.guide.title == first.content.guide.title
    assert [s.slug for s in second.worksheets] == [s.slug for s in first.worksheets]


@pytest.mark.parametrize(
    ("changed", "old", "new"),
    [
        ("content/stages.yml", "Initiation", "Beginning"),
        ("worksheets/smart-goal.yml", "label: My goal", "label: Our goal"),
        ("docs/about.md", "# About this guide", "# About the guide"),
    ],
)
def test_a_change_to_any_input_validates_again(
    project: Path, tmp_path: Path, validations: list[Path], changed: str, old: str, new: str
) -> None:
    load(project, tmp_path / "cache")
    text = (project / changed).read_text(encoding="utf-8")
    (project / changed).write_text(text.replace(old, new, 1), encoding="utf-8")
    load(project, tmp_path / "cache")
    assert len(validations) == 2


def test_a_problem_after_a_cached_build_is_still_reported(project: Path, tmp_path: Path) -> None:
    load(project, tmp_path / "cache")
    edit(project / "content" / "references.yml", "id: summerlin-2024", "id: Summerlin 2024")
    with pytest.raises(ContentError):
        load(project, tmp_path / "cache")
    with pytest.raises(ContentError):  # and again: a failed validation is never stored
        load(project, tmp_path / "cache")


def test_a_damaged_cache_entry_is_ignored(
    project: Path, tmp_path: Path, validations: list[Path]
) -> None:
    load(project, tmp_path / "cache")
    for entry in (tmp_path / "cache" / "project").glob("*.json"):
        entry.write_bytes(b"not JSON")
    assert load(project, tmp_path / "cache").content.guide.title
    assert len(validations) == 2


def test_the_cache_keeps_one_entry_per_project(project: Path, tmp_path: Path) -> None:
    load(project, tmp_path / "cache")
    edit(project / "content" / "stages.yml", "Initiation", "Beginning")
    load(project, tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "project").glob("*.json"))) == 1


@pytest.mark.build
def test_a_strict_build_fails_on_a_bad_edit_made_after_a_good_build(
    project: Path, tmp_path: Path
) -> None:
    env = {"MENTORGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    assert build_site(project, tmp_path / "one", env=env).returncode == 0
    edit(project / "content" / "stages.yml", "id: initiation", "id: Initiation Stage")
    result = build_site(project, tmp_path / "two", env=env)
    assert result.returncode != 0
    assert "content/stages.yml:" in result.stderr


class Documented:
    plain: int = 1
    """What plain means."""
    undocumented: int = 2
    spaced: str = ""
    """
        Indented, on
        two lines.
    """

    class Inner:
        value: int = 0
        """The inner value."""


def test_attribute_docstrings_are_read_like_pydantic_reads_them() -> None:
    assert attribute_docstrings(Documented) == {
        "plain": "What plain means.",
        "spaced": "Indented, on\ntwo lines.",
    }
    assert attribute_docstrings(Documented.Inner) == {"value": "The inner value."}
