"""``init``, ``schema`` and ``worksheet pdf`` write through the same output writer: one line
for every place they cannot write, nothing half-made."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from tests.conftest import ROOT


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_into_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "oshp").write_bytes(b"a file")
    assert run(capsys, "init", tmp_path / "oshp", "--name", "X Society") == (
        1,
        "",
        f"Error: {tmp_path / 'oshp'} is a file; choose a new folder\n",
    )
    assert (tmp_path / "oshp").read_bytes() == b"a file"


def test_init_makes_missing_folders_and_leaves_no_staging_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", tmp_path / "a" / "b", "--name", "X Society")
    assert (code, err) == (0, "")
    assert (tmp_path / "a" / "b" / "mkdocs.yml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["a"]
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b"]


def test_init_into_a_read_only_folder_is_one_line(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", read_only_folder / "p", "--name", "X Society")
    assert code == 1
    assert err in (
        f"Error: {read_only_folder / 'p'}: cannot write (permission denied)\n",
        f"Error: {read_only_folder / 'p'}: cannot write (operation not permitted)\n",
        f"Error: {read_only_folder / 'p'}: cannot write (read-only file system)\n",
    )


def test_schemas_into_a_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "schemas").write_bytes(b"not a folder")
    assert run(capsys, "schema", "--out", tmp_path / "schemas") == (
        1,
        "",
        f"Error: {tmp_path / 'schemas'}: is a file, not a folder (give a new or empty folder)\n",
    )


def test_schemas_into_a_new_folder_appear_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "schema", "--out", tmp_path / "new" / "schemas")
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "new" / "schemas").iterdir())
    assert "roles.schema.json" in written and len(out.splitlines()) == len(written)
    assert [p.name for p in tmp_path.iterdir()] == ["new"]


def test_a_worksheet_pdf_to_standard_output(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "-o", "-"]) == 0
    captured = capfdbinary.readouterr()
    assert captured.out.startswith(b"%PDF-")
    assert captured.err.startswith(b"wrote - (")


def test_a_worksheet_pdf_to_dev_null_leaves_the_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
