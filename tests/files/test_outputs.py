"""The one output writer: every output of a run appears together, wherever its path leads
(a device, a FIFO, standard output, a link), with the mode a person expects, or none does
and every earlier file is left byte for byte as it was."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorguide.files.outputs import MANIFEST, Outputs
from mentorguide.files.targets import OutputError
from tests.files.conftest import fill


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def visible(folder: Path) -> list[str]:
    """What a person sees in the folder (staged outputs are hidden files until commit)."""
    return [name for name in names(folder) if not name.startswith(".")]


def write_one(target: object, data: bytes = b"new", option: str = "-o") -> None:
    with Outputs() as outputs:
        outputs.write(target, data, option)
        outputs.commit()


def error_of(target: object, data: bytes = b"new", option: str = "-o") -> str:
    with pytest.raises(OutputError) as caught:
        write_one(target, data, option)
    return str(caught.value)


@pytest.fixture
def umask() -> Iterator[int]:
    """A known umask for the test (002, as on many shared machines), restored after."""
    before = os.umask(0o002)
    yield 0o002
    os.umask(before)


# --- all or nothing ---------------------------------------------------------------------


def test_outputs_appear_only_on_commit(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("old")
    with Outputs() as outputs:
        with outputs.open(tmp_path / "old.csv") as stream:
            stream.write("new")
        with outputs.folder(tmp_path / "agreements", "--agreements") as folder:
            (folder / "a.pdf").write_bytes(b"%PDF")
        assert (tmp_path / "old.csv").read_text() == "old"
        assert visible(tmp_path) == ["old.csv"]
        outputs.commit()
    assert (tmp_path / "old.csv").read_text() == "new"
    assert names(tmp_path / "agreements") == [MANIFEST, "a.pdf"]
    assert names(tmp_path) == ["agreements", "old.csv"]


def test_leaving_without_commit_removes_every_temporary(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), Outputs() as outputs:
        with outputs.open(tmp_path / "pairs.csv") as stream:
            stream.write("half")
        with outputs.folder(tmp_path / "agreements", "--agreements") as folder:
            (folder / "x.pdf").write_bytes(b"")
        raise RuntimeError("failed after writing")
    assert names(tmp_path) == []


def test_a_failed_commit_puts_back_every_file_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pairs.csv").write_bytes(b"last run's pairs\r\n")
    (tmp_path / "report.html").write_bytes(b"last run's report")
    real_replace = os.replace
    calls: list[str] = []

    def fails_second(source: str, target: str) -> None:
        calls.append(str(target))
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fails_second)
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.write(tmp_path / "pairs.csv", b"new pairs", "-o")
        outputs.write(tmp_path / "report.html", b"new report", "--report")
        outputs.commit()
    assert str(caught.value) == f"{tmp_path / 'report.html'}: cannot write (input/output error)"
    assert (tmp_path / "pairs.csv").read_bytes() == b"last run's pairs\r\n"
    assert (tmp_path / "report.html").read_bytes() == b"last run's report"
    assert names(tmp_path) == ["pairs.csv", "report.html"]


def test_a_new_file_is_removed_again_when_a_later_output_fails(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.write(tmp_path / "pairs.csv", b"pairs", "-o")
        outputs.write("/dev/full", b"report", "--report")
        outputs.commit()
    assert str(caught.value) == "/dev/full: cannot write (no space left on device)"
    assert names(tmp_path) == []


# --- what the path leads to ---------------------------------------------------------------


def test_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    write_one("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_one(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_is_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_one("-", b"to stdout\n")
    assert capsysbinary.readouterr().out == b"to stdout\n"


def test_dev_stdout_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    # In a child process whose standard output is a file: the link must not become a file.
    program = (
        "from mentorguide.files.outputs import Outputs\n"
        "with Outputs() as o:\n"
        "    o.write('/dev/stdout', b'through /dev/stdout\\n')\n"
        "    o.commit()\n"
    )
    with (tmp_path / "out.txt").open("wb") as out:
        subprocess.run([sys.executable, "-c", program], stdout=out, check=True)
    assert (tmp_path / "out.txt").read_bytes() == b"through /dev/stdout\n"
    assert os.path.islink("/dev/stdout")


def test_a_link_to_a_shared_file_updates_the_shared_file(tmp_path: Path) -> None:
    shared = tmp_path / "shared-drive" / "pairs.csv"
    shared.parent.mkdir()
    shared.write_bytes(b"old")
    link = tmp_path / "pairs.csv"
    link.symlink_to(shared)
    write_one(link, b"new")
    assert link.is_symlink()
    assert shared.read_bytes() == b"new"
    assert names(shared.parent) == ["pairs.csv"]


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "pairs.csv"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_one(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    target.chmod(0o640)
    write_one(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umasks_mode(tmp_path: Path, umask: int) -> None:
    write_one(tmp_path / "pairs.csv")
    assert stat.S_IMODE((tmp_path / "pairs.csv").stat().st_mode) == 0o664


def test_a_new_folder_gets_the_umasks_mode(tmp_path: Path, umask: int) -> None:
    with Outputs() as outputs:
        with outputs.folder(tmp_path / "agreements", "--agreements") as folder:
            (folder / "a.pdf").write_bytes(b"%PDF")
        outputs.commit()
    assert stat.S_IMODE((tmp_path / "agreements").stat().st_mode) == 0o775
    assert stat.S_IMODE((tmp_path / "agreements" / "a.pdf").stat().st_mode) == 0o664


# --- refused before anything is written --------------------------------------------------


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    survey = tmp_path / "mentees.csv"
    survey.write_bytes(b"the survey")
    with pytest.raises(OutputError) as caught, Outputs([("the --mentees file", survey)]) as o:
        o.plan(tmp_path / "." / "mentees.csv")
    assert str(caught.value) == (
        f"{tmp_path / '.' / 'mentees.csv'}: -o would overwrite the --mentees file; "
        "choose another file"
    )
    assert survey.read_bytes() == b"the survey"


def test_an_input_reached_through_a_link_is_refused_too(tmp_path: Path) -> None:
    survey = tmp_path / "mentees.csv"
    survey.write_bytes(b"the survey")
    (tmp_path / "alias.csv").symlink_to(survey)
    with pytest.raises(OutputError, match="would overwrite"), Outputs([("x", survey)]) as o:
        o.plan(tmp_path / "alias.csv")


def test_two_outputs_naming_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.plan(tmp_path / "pairs.csv", "-o")
        outputs.plan(tmp_path / "pairs.csv", "--report")
    assert str(caught.value) == (
        f"{tmp_path / 'pairs.csv'}: --report names the same file as -o; choose another file"
    )
    assert names(tmp_path) == []


def test_two_outputs_to_standard_output_are_refused() -> None:
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.plan("-", "-o")
        outputs.plan("/dev/stdout", "--report")
    assert (
        str(caught.value) == "/dev/stdout: --report names the same file as -o; choose another file"
    )


def test_an_output_inside_the_agreements_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.plan_folder(tmp_path / "agreements", "--agreements")
        outputs.plan(tmp_path / "agreements" / "pairs.csv", "-o")
    assert str(caught.value) == (
        f"{tmp_path / 'agreements' / 'pairs.csv'}: -o is inside the --agreements folder; "
        "choose a place outside it"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "-o: no file name given"),
        ("{tmp}", "{tmp}: is a folder, not a file (give a file name)"),
        (
            "{tmp}/nowhere/pairs.csv",
            "{tmp}/nowhere/pairs.csv: the folder {tmp}/nowhere does not exist",
        ),
        (
            "{tmp}/file.txt/pairs.csv",
            "{tmp}/file.txt/pairs.csv: {tmp}/file.txt is a file, not a folder",
        ),
        ("{tmp}/loop", "{tmp}/loop: cannot write (too many levels of symbolic links)"),
    ],
)
def test_a_path_that_cannot_be_a_file_is_one_line(tmp_path: Path, given: str, message: str) -> None:
    (tmp_path / "file.txt").write_bytes(b"")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert error_of(given.format(tmp=tmp_path)) == message.format(tmp=tmp_path)
    assert names(tmp_path) == ["file.txt", "loop"]


def test_a_read_only_folder_is_one_line(read_only_folder: Path) -> None:
    message = error_of(read_only_folder / "pairs.csv")
    assert message in (
        f"{read_only_folder / 'pairs.csv'}: cannot write (permission denied)",
        f"{read_only_folder / 'pairs.csv'}: cannot write (operation not permitted)",
        f"{read_only_folder / 'pairs.csv'}: cannot write (read-only file system)",
    )
    assert names(read_only_folder) == []


def test_a_full_disk_is_one_line_and_keeps_the_earlier_file(tiny_disk: Path) -> None:
    earlier = tiny_disk / "pairs.csv"
    earlier.write_bytes(b"earlier")
    fill(tiny_disk)
    assert error_of(earlier, b"x" * 8192) == f"{earlier}: cannot write (no space left on device)"
    assert earlier.read_bytes() == b"earlier"
    assert names(tiny_disk) == ["filler", "pairs.csv"]


def test_a_full_disk_reported_only_when_flushed_is_one_line_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pairs.csv").write_bytes(b"earlier")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    assert error_of(tmp_path / "pairs.csv") == (
        f"{tmp_path / 'pairs.csv'}: cannot write (no space left on device)"
    )
    assert (tmp_path / "pairs.csv").read_bytes() == b"earlier"
    assert names(tmp_path) == ["pairs.csv"]


# --- a folder of outputs is the command's alone ------------------------------------------


def agreements(folder: Path, *files: str) -> None:
    with Outputs() as outputs:
        with outputs.folder(folder, "--agreements") as staged:
            for name in files:
                (staged / name).write_bytes(name.encode())
        outputs.commit()


def test_an_earlier_runs_agreements_are_replaced_as_a_set(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    agreements(folder, *(f"agreement-M{k}-E{k}.pdf" for k in range(10)))
    agreements(folder, "agreement-M1-E2.pdf", "agreement-M3-E4.pdf")
    assert names(folder) == [MANIFEST, "agreement-M1-E2.pdf", "agreement-M3-E4.pdf"]
    assert (folder / MANIFEST).read_text(encoding="utf-8").splitlines()[1:] == [
        "agreement-M1-E2.pdf",
        "agreement-M3-E4.pdf",
    ]
    assert names(tmp_path) == ["agreements"]


def test_an_empty_folder_is_taken_and_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    folder.chmod(0o750)
    agreements(folder, "a.pdf")
    assert names(folder) == [MANIFEST, "a.pdf"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750


def test_a_folder_holding_other_files_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    agreements(folder, "a.pdf")
    (folder / "notes.txt").write_bytes(b"mine")
    with pytest.raises(OutputError) as caught:
        agreements(folder, "b.pdf")
    assert str(caught.value) == (
        f"{folder}: the folder holds files that --agreements did not write (notes.txt); "
        "give a new or empty folder"
    )
    assert names(folder) == [MANIFEST, "a.pdf", "notes.txt"]
    assert names(tmp_path) == ["agreements"]


def test_a_folder_without_a_manifest_is_not_ours(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        (folder / name).write_bytes(b"someone's")
    with pytest.raises(OutputError) as caught:
        agreements(folder, "x.pdf")
    assert str(caught.value) == (
        f"{folder}: the folder holds files that --agreements did not write "
        "(a.pdf, b.pdf, c.pdf and 1 more); give a new or empty folder"
    )


def test_a_desktops_own_files_do_not_make_a_folder_someone_elses(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    agreements(folder, "a.pdf")
    (folder / ".DS_Store").write_bytes(b"Finder")
    agreements(folder, "b.pdf")
    assert names(folder) == [MANIFEST, "b.pdf"]


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "agreements").write_bytes(b"a file")
    with pytest.raises(OutputError) as caught:
        agreements(tmp_path / "agreements", "a.pdf")
    assert str(caught.value) == (
        f"{tmp_path / 'agreements'}: is a file, not a folder (give a new or empty folder)"
    )
    assert (tmp_path / "agreements").read_bytes() == b"a file"


def test_a_failed_commit_puts_the_earlier_agreements_back(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    agreements(folder, "old.pdf")
    with pytest.raises(OutputError), Outputs() as outputs:
        with outputs.folder(folder, "--agreements") as staged:
            (staged / "new.pdf").write_bytes(b"new")
        outputs.write("/dev/full", b"pairs", "-o")
        outputs.commit()
    assert names(folder) == [MANIFEST, "old.pdf"]
    assert (folder / "old.pdf").read_bytes() == b"old.pdf"
    assert names(tmp_path) == ["agreements"]
