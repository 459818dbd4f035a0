"""Where ``match``, ``survey`` and ``weights`` write, as coordinators really point them: an
output that is an input or another output, a file where a folder should be, a missing or
read-only folder, a full disk, standard output. Every failure is one line with exit code 1,
and every earlier file is left byte for byte as it was."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from mentorguide.files.outputs import MANIFEST, Outputs
from tests.files.conftest import fill
from tests.matching.conftest import Run, mentee, mentor, project_args, write_csv

Cli = Callable[..., Run]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_csv(tmp_path / "mentors.csv", [mentor("M1", capacity="2"), mentor("M2")])
    write_csv(tmp_path / "mentees.csv", [mentee("E1"), mentee("E2")])
    return tmp_path


def match_args(folder: Path, *extra: str | Path) -> list[str | Path]:
    return [
        "match",
        "--mentors",
        folder / "mentors.csv",
        "--mentees",
        folder / "mentees.csv",
        *extra,
        *project_args(),
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, hidden ones included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def failed(run: Run, message: str) -> None:
    assert (run.code, run.err, run.out) == (1, f"Error: {message}\n", "")


# --- match ------------------------------------------------------------------------------


def test_pairs_over_the_mentees_file_are_refused(folder: Path, cli: Cli) -> None:
    before = snapshot(folder)
    run = cli(*match_args(folder, "-o", folder / "mentees.csv"))
    failed(
        run, f"{folder / 'mentees.csv'}: -o would overwrite the --mentees file; choose another file"
    )
    assert snapshot(folder) == before


def test_a_report_over_the_pairs_is_refused(folder: Path, cli: Cli) -> None:
    (folder / "pairs.csv").write_bytes(b"last run's pairs\n")
    before = snapshot(folder)
    run = cli(*match_args(folder, "-o", folder / "pairs.csv", "--report", folder / "pairs.csv"))
    failed(run, f"{folder / 'pairs.csv'}: --report names the same file as -o; choose another file")
    assert snapshot(folder) == before


def test_agreements_into_a_file_are_refused_before_anything_is_written(
    folder: Path, cli: Cli
) -> None:
    (folder / "pairs.csv").write_bytes(b"last run's pairs\n")
    (folder / "pairs.html").write_bytes(b"last run's report\n")
    (folder / "agreements.pdf").write_bytes(b"%PDF- not a folder")
    before = snapshot(folder)
    run = cli(
        *match_args(
            folder,
            "-o",
            folder / "pairs.csv",
            "--report",
            folder / "pairs.html",
            "--agreements",
            folder / "agreements.pdf",
        )
    )
    failed(
        run,
        f"{folder / 'agreements.pdf'}: is a file, not a folder (give a new or empty folder)",
    )
    assert snapshot(folder) == before


def test_agreements_into_a_folder_of_other_files_are_refused(folder: Path, cli: Cli) -> None:
    (folder / "agreements").mkdir()
    (folder / "agreements" / "notes.txt").write_bytes(b"the coordinator's notes")
    (folder / "pairs.csv").write_bytes(b"last run's pairs\n")
    before = snapshot(folder)
    run = cli(
        *match_args(folder, "-o", folder / "pairs.csv", "--agreements", folder / "agreements")
    )
    failed(
        run,
        f"{folder / 'agreements'}: the folder holds files that --agreements did not write "
        "(notes.txt); give a new or empty folder",
    )
    assert snapshot(folder) == before


def test_an_earlier_runs_agreements_do_not_linger(folder: Path, cli: Cli) -> None:
    with Outputs() as outputs:
        with outputs.folder(folder / "agreements", "--agreements") as earlier:
            for k in range(10):
                (earlier / f"agreement-M{k}-E{k}.pdf").write_bytes(b"%PDF- stale")
        outputs.commit()
    run = cli(
        *match_args(folder, "-o", folder / "pairs.csv", "--agreements", folder / "agreements")
    )
    assert run.code == 0, run.err
    assert sorted(p.name for p in (folder / "agreements").iterdir()) == [
        MANIFEST,
        "agreement-M1-E1.pdf",
        "agreement-M1-E2.pdf",
    ]


def test_pairs_to_standard_output_keep_messages_on_stderr(folder: Path, cli: Cli) -> None:
    run = cli(*match_args(folder, "-o", "-"))
    assert run.code == 0, run.err
    assert run.out.startswith("mentor_id,mentee_id,score,reasons\r\n")  # RFC 4180 rows
    assert run.err.startswith("Matched 2 of 2 mentees with 1 of 2 mentors")


def test_an_empty_output_name_is_refused(folder: Path, cli: Cli) -> None:
    failed(cli(*match_args(folder, "-o", "")), "-o: no file name given")


def test_an_output_that_is_a_folder_is_refused(folder: Path, cli: Cli) -> None:
    failed(
        cli(*match_args(folder, "-o", folder)),
        f"{folder}: is a folder, not a file (give a file name)",
    )


# --- survey and weights -------------------------------------------------------------------


def test_collecting_one_file_twice_is_refused(folder: Path, cli: Cli) -> None:
    run = cli(
        "survey",
        "collect",
        folder / "mentees.csv",
        folder / "mentees.csv",
        "-o",
        folder / "all.csv",
    )
    failed(
        run,
        f"{folder / 'mentees.csv'}: is given twice (its responses would count twice); give it once",
    )
    assert not (folder / "all.csv").exists()


def test_collecting_one_file_under_two_names_is_refused(folder: Path, cli: Cli) -> None:
    (folder / "copy.csv").symlink_to(folder / "mentees.csv")
    run = cli(
        "survey", "collect", folder / "mentees.csv", folder / "copy.csv", "-o", folder / "all.csv"
    )
    failed(
        run,
        f"{folder / 'copy.csv'}: is the same file as {folder / 'mentees.csv'} "
        "(its responses would count twice); give it once",
    )


def test_collecting_over_an_input_is_refused(folder: Path, cli: Cli) -> None:
    before = snapshot(folder)
    run = cli("survey", "collect", folder / "mentees.csv", "-o", folder / "mentees.csv")
    failed(run, f"{folder / 'mentees.csv'}: -o would overwrite an input file; choose another file")
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    "command",
    [
        ["survey", "template", "mentee", *project_args()],
        ["survey", "pdf", "mentee", *project_args()],
        ["weights"],
    ],
)
def test_a_missing_folder_is_one_line(tmp_path: Path, cli: Cli, command: list[str]) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    run = cli(*command, "-o", target)
    failed(run, f"{target}: the folder {tmp_path / 'nowhere'} does not exist")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_is_one_line(read_only_folder: Path, cli: Cli) -> None:
    target = read_only_folder / "weights.yml"
    run = cli("weights", "-o", target)
    assert run.code == 1
    assert run.err in (
        f"Error: {target}: cannot write (permission denied)\n",
        f"Error: {target}: cannot write (operation not permitted)\n",
        f"Error: {target}: cannot write (read-only file system)\n",
    )


def test_a_full_disk_is_one_line_and_keeps_the_earlier_file(tiny_disk: Path, cli: Cli) -> None:
    target = tiny_disk / "mentees.csv"
    target.write_bytes(b"an earlier template\n")
    fill(tiny_disk)
    run = cli("survey", "pdf", "mentee", "-o", target, *project_args())
    failed(run, f"{target}: cannot write (no space left on device)")
    assert target.read_bytes() == b"an earlier template\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "mentees.csv"]


def test_a_template_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "mentees.csv"
    target.write_bytes(b"")
    target.chmod(0o664)
    assert cli("survey", "template", "mentee", "-o", target, *project_args()).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_the_device_dev_null_stays_a_device(cli: Cli) -> None:
    assert cli("weights", "-o", "/dev/null").code == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
