"""``init`` writes names through a YAML emitter; society.yml's logo and favicon stay plain
images inside docs/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from mentorguide.content.errors import ContentError
from mentorguide.edition.society import load_society
from mentorguide.project.scaffold import ScaffoldError, create_project
from tests.security.catalog import INIT_NAMES, LOGOS, Attack


@pytest.mark.parametrize("attack", INIT_NAMES, ids=lambda a: a.name)
def test_any_name_given_to_init_reads_back_exactly(attack: Attack, tmp_path: Path) -> None:
    short = attack.payload.split()[0] if "\n" not in attack.payload else "A: B"
    create_project(tmp_path / "p", attack.payload, short)
    society = load_society(tmp_path / "p")
    assert society is not None
    assert (society.name, society.short_name) == (attack.payload, short)
    with (tmp_path / "p" / "mkdocs.yml").open(encoding="utf-8") as stream:
        config = yaml_load(stream)  # as MkDocs reads it (its !ENV tag included)
    assert config["site_name"] == f"{short} Technician Mentorship Guide"
    assert set(config) == {"site_name", "strict", "theme", "plugins", "watch"}
    data = yaml.safe_load((tmp_path / "p" / "society.yml").read_text(encoding="utf-8"))
    assert sorted(data["society"]) == ["footer", "name", "short_name"]


def test_init_refuses_a_name_the_check_would_refuse(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError) as error:
        create_project(tmp_path / "p", "Ohio <img src=x onerror=alert(1)> Society")
    assert str(error.value) == (
        "--name: raw HTML '<img' is not allowed in content text (it is Markdown: put markup "
        "in backticks to show it as written)"
    )
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("attack", LOGOS, ids=lambda a: a.name)
def test_a_logo_or_favicon_must_be_a_plain_image_inside_docs(
    attack: Attack, tmp_path: Path
) -> None:
    create_project(tmp_path / "p", "Ohio Society")
    project = tmp_path / "p"
    key = attack.where.split()[-1]
    (tmp_path / "outside.svg").write_text("<svg/>", encoding="utf-8")
    (project / "docs" / "link.svg").symlink_to(tmp_path / "outside.svg")
    if attack.payload.startswith("<svg"):
        (project / "docs" / "images").mkdir()
        (project / "docs" / "images" / "logo.svg").write_text(attack.payload, encoding="utf-8")
        value = "images/logo.svg"
    else:
        value = attack.payload
    society = project / "society.yml"
    text = society.read_text(encoding="utf-8")
    society.write_text(text.replace("  footer:", f"  {key}: '{value}'\n  footer:"), "utf-8")
    with pytest.raises(ContentError) as error:
        load_society(project)
    (problem,) = error.value.problems
    assert (problem.file, problem.path) == ("society.yml", f"society.{key}")
    assert attack.must in problem.message


def test_a_plain_svg_logo_inside_docs_is_accepted(tmp_path: Path) -> None:
    create_project(tmp_path / "p", "Ohio Society")
    project = tmp_path / "p"
    (project / "docs" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><defs><linearGradient '
        'id="g"/></defs><rect width="2" height="2" fill="url(#g)"/><use href="#g"/></svg>',
        encoding="utf-8",
    )
    society = project / "society.yml"
    text = society.read_text(encoding="utf-8")
    society.write_text(text.replace("  footer:", "  logo: logo.svg\n  footer:"), "utf-8")
    loaded = load_society(project)
    assert loaded is not None and loaded.logo == "logo.svg"
