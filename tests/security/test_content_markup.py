"""Content text is a safe subset of Markdown: anything else is refused where it was written.

Each row of ``REFUSED_MARKUP`` is appended to every text field of every content kind (then of
every worksheet, and of society.yml and a strings file) in a private copy of the guide; loading
the project, as ``mentorguide check`` and the build do, must name each field with the row's
message, and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mentorguide.cli.main import main
from mentorguide.content.errors import ContentError
from mentorguide.edition.society import load_society
from mentorguide.edition.strings import load_strings
from mentorguide.project.load import load_project
from mentorguide.project.scaffold import create_project
from tests.conftest import copy_project
from tests.security.catalog import REFUSED_MARKUP, Attack
from tests.security.support import inject
from tests.security.test_caches import PACKAGE


def _problems(project: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ContentError) as error:
        load_project(project)
    return sorted((p.file, p.path, p.message) for p in error.value.problems)


def _expected(injected: dict[str, list[str]], message: str) -> list[tuple[str, str, str]]:
    return sorted((file, path, message) for file, paths in injected.items() for path in paths)


@pytest.mark.parametrize("attack", REFUSED_MARKUP, ids=lambda a: a.name)
def test_markup_is_refused_in_every_text_field_of_every_content_kind(
    attack: Attack, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "guide")
    injected = {
        f"content/{file.name}": inject(file, attack.payload)
        for file in sorted((project / "content").glob("*.yml"))
    }
    assert sum(map(len, injected.values())) > 250  # every kind's text fields, not a sample
    assert _problems(project) == _expected(injected, attack.must)


@pytest.mark.parametrize("attack", REFUSED_MARKUP, ids=lambda a: a.name)
def test_markup_is_refused_in_every_text_field_of_every_worksheet(
    attack: Attack, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "guide")
    injected = {
        f"worksheets/{file.name}": inject(file, attack.payload)
        for file in sorted((project / "worksheets").glob("*.yml"))
    }
    assert all(injected.values())
    assert _problems(project) == _expected(injected, attack.must)


def test_check_names_the_file_line_column_and_field_of_refused_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "guide")
    stages = project / "content/stages.yml"
    text = stages.read_text(encoding="utf-8")
    stages.write_text(text.replace("name: Initiation", "name: Initiation [x](javascript:alert(1))"))
    line = text[: text.index("name: Initiation")].count("\n") + 1
    # The column of the link itself, where the writer typed it.
    column = text.splitlines()[line - 1].index("Initiation") + len("Initiation ") + 1
    assert main(["check", "--project", str(project)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"content/stages.yml:{line}:{column}: stages[0].name: link target 'javascript:alert(1' "
        "is not allowed (expected https://…, http://…, mailto:…, tel:…, a relative path or a "
        "#anchor)"
    )


@pytest.mark.parametrize("attack", REFUSED_MARKUP, ids=lambda a: a.name)
def test_markup_is_refused_in_every_text_field_of_society_yml(
    attack: Attack, tmp_path: Path
) -> None:
    create_project(tmp_path / "p", "Ohio Society")
    society = tmp_path / "p" / "society.yml"
    data = yaml.safe_load(society.read_text(encoding="utf-8"))
    data["society"]["footer"] = {
        "text": "Hosted by the society.",
        "links": [{"title": "Home page", "url": "https://example.org/"}],
    }
    data["society"]["coordinator"] = {"name": "Pat Example", "email": "pat@example.org"}
    society.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    injected = {"society.yml": inject(society, attack.payload)}
    assert len(injected["society.yml"]) == 5  # name, short name, footer, link title, person
    with pytest.raises(ContentError) as error:
        load_society(tmp_path / "p")
    found = sorted((p.file, p.path, p.message) for p in error.value.problems)
    assert found == _expected(injected, attack.must)


@pytest.mark.parametrize("attack", REFUSED_MARKUP, ids=lambda a: a.name)
def test_markup_is_refused_in_every_interface_string_of_a_translation(
    attack: Attack, tmp_path: Path
) -> None:
    strings = tmp_path / "strings" / "es.yml"
    strings.parent.mkdir()
    strings.write_bytes((PACKAGE / "strings" / "es.yml").read_bytes())
    injected = {"strings/es.yml": inject(strings, attack.payload)}
    assert len(injected["strings/es.yml"]) > 100
    with pytest.raises(ContentError) as error:
        load_strings("es", tmp_path)
    found = sorted((p.file, p.path, p.message) for p in error.value.problems)
    assert found == _expected(injected, attack.must)
