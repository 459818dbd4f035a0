"""``mentorguide check`` on a project MkDocs itself cannot read: one located line, no
traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentorguide.cli.main import main


def test_a_project_without_its_docs_folder_is_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    assert main(["init", str(project), "--name", "X Society"]) == 0
    shutil.rmtree(project / "docs")
    capsys.readouterr()
    assert main(["check", "--project", str(project)]) == 1
    assert capsys.readouterr().err == (
        f"mkdocs.yml:1:1: MkDocs cannot use it: Config value 'docs_dir': The path "
        f"'{project / 'docs'}' isn't an existing directory.\n1 problem found in the content.\n"
    )


def test_a_new_society_project_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    assert main(["init", str(project), "--name", "X Society"]) == 0
    assert main(["check", "--project", str(project)]) == 0
    assert capsys.readouterr().out.endswith("are valid, and every page renders.\n")
