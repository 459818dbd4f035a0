"""Outputs appear together, only on commit; anything else leaves the folder as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.files.inputs import InputError, column_letter
from mentorguide.files.outputs import Outputs


def test_column_letters() -> None:
    assert [column_letter(k) for k in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_outputs_appear_only_on_commit(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("old")
    with Outputs() as outputs:
        with outputs.open(tmp_path / "old.csv") as stream:
            stream.write("new")
        folder = outputs.directory(tmp_path / "agreements")
        (folder / "a.pdf").write_bytes(b"%PDF")
        assert (tmp_path / "old.csv").read_text() == "old"
        assert not (tmp_path / "agreements").exists()
        outputs.commit()
    assert (tmp_path / "old.csv").read_text() == "new"
    assert [p.name for p in (tmp_path / "agreements").iterdir()] == ["a.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreements", "old.csv"]


def test_an_existing_folder_keeps_its_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "a.pdf").write_bytes(b"old")
    with Outputs() as outputs:
        (outputs.directory(folder) / "a.pdf").write_bytes(b"new")
        outputs.commit()
    assert sorted(p.name for p in folder.iterdir()) == ["a.pdf", "notes.txt"]
    assert (folder / "a.pdf").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreements"]


def test_leaving_without_commit_removes_every_temporary(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    with pytest.raises(RuntimeError), Outputs() as outputs:
        with outputs.open(tmp_path / "pairs.csv") as stream:
            stream.write("half")
        (outputs.directory(tmp_path / "agreements") / "x.pdf").write_bytes(b"")
        raise RuntimeError("failed after writing")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreements"]
    assert not any((tmp_path / "agreements").iterdir())


def test_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught, Outputs() as outputs:
        outputs.path(tmp_path / "nope" / "pairs.csv")
    assert str(caught.value) == (
        f"{tmp_path / 'nope' / 'pairs.csv'}: the folder {tmp_path / 'nope'} does not exist"
    )
