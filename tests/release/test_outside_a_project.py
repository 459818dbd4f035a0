"""Outside a guide project the commands use the guide the package carries, and say so in one
line; a folder that looks like a broken project is one clear error naming what it lacks."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from mentorguide import __version__
from mentorguide.cli.main import main
from mentorguide.pdf.fill import read_values
from mentorguide.project.defaults import default_root

NOTE = (
    f"Note: no guide project in this folder; using the guide packaged with mentorguide "
    f"{__version__} (--project DIR for another).\n"
)
DEFAULT_SHEETS = [
    "career-development-plan",
    "check-in",
    "cycle-evaluation",
    "fit-check",
    "meeting-agenda",
    "mentorship-agreement",
    "milestone-tracker",
    "smart-goal",
    "mentee-survey",
    "mentor-survey",
]


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder; the packaged guide's cache goes to a private user cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return tmp_path


def test_version_is_the_packages_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"mentorguide {metadata.version('mentorguide')}\n"
    assert metadata.version("mentorguide") == __version__


def test_a_worksheet_pdf_is_made_in_any_folder(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["worksheet", "pdf", "smart-goal", "-o", "x.pdf"]) == 0
    assert capsys.readouterr().err == NOTE
    assert "goal" in read_values((empty_folder / "x.pdf").read_bytes())


def test_worksheet_list_lists_the_packaged_worksheets_once(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["worksheet", "list"]) == 0
    out, err = capsys.readouterr()
    assert [line.split("\t")[0] for line in out.splitlines()] == DEFAULT_SHEETS
    assert err == NOTE


def test_survey_and_check_use_the_packaged_guide_too(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey", "schema", "mentee"]) == 0
    assert capsys.readouterr().err == NOTE
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        "Content OK: 16 content files and 10 worksheets are valid, and every page renders.\n",
        NOTE,
    )


BROKEN = (
    "Error: this folder looks like a guide project (it has mkdocs.yml, content/) but has no "
    "worksheets/: a society's project needs society.yml, a whole guide content/ and "
    "worksheets/. Run mentorguide in the project's folder, or name it with --project DIR.\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["worksheet", "list"],
        ["worksheet", "pdf", "smart-goal", "-o", "x.pdf"],
        ["survey", "schema", "mentee"],
        ["match", "--mentors", "m.csv", "--mentees", "e.csv", "-o", "pairs.csv"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_broken_project_is_one_error_naming_what_it_lacks(
    argv: list[str], empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_folder / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    (empty_folder / "content").mkdir()
    assert main(argv) == 1
    assert capsys.readouterr() == ("", BROKEN)
    assert not (empty_folder / "x.pdf").exists() and not (empty_folder / "pairs.csv").exists()


def test_a_folder_with_only_mkdocs_yml_lacks_both_folders(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_folder / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    assert main(["worksheet", "list"]) == 1
    assert capsys.readouterr().err.startswith(
        "Error: this folder looks like a guide project (it has mkdocs.yml) but has no "
        "content/ and worksheets/: "
    )


def test_project_naming_a_folder_that_is_no_project_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["worksheet", "list", "--project", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"Error: {tmp_path} is not a guide project: a society's project has society.yml, a "
        "whole guide content/ and worksheets/ (--project names the project's folder)\n"
    )


def test_project_naming_a_missing_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--project", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"Error: --project {tmp_path / 'nowhere'}: no such folder\n"


def test_a_societys_project_is_found_in_its_folder(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "oshp", "--name", "Ohio Society of Health-System Pharmacists"]) == 0
    capsys.readouterr()
    assert main(["check", "--project", "oshp"]) == 0
    assert capsys.readouterr().err == ""


def test_the_packaged_guides_cache_is_the_users_not_the_packages(
    empty_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MENTORGUIDE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(empty_folder / "user-cache"))
    assert main(["worksheet", "pdf", "milestone-tracker", "-o", "x.pdf"]) == 0
    assert list((empty_folder / "user-cache" / "mentorguide" / "pdf").glob("*.pdf"))
    assert not (default_root() / ".cache").exists()
