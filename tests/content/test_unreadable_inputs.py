"""A FIFO, a device or a loop of links where a content file should be is a located problem,
never a hang or a traceback (``mentorguide check`` and the build read the same way)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.society.test_overlay import society


def check(project: Path) -> subprocess.CompletedProcess[str]:
    # In a child process with a deadline: a regression here hangs rather than fails.
    return subprocess.run(
        [sys.executable, "-m", "mentorguide", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "MENTORGUIDE_CACHE_DIR": str(project / ".cache")},
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is a FIFO (a named pipe), not a file"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device, not a file"),
        (lambda p: p.symlink_to(p), "is a loop of symbolic links, not a file"),
        (
            lambda p: p.symlink_to(p.parent / "gone.yml"),
            "is a symbolic link to a file that does not exist",
        ),
    ],
    ids=["fifo", "dev-zero", "link-loop", "dangling-link"],
)
def test_a_content_file_that_is_not_a_file(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    project = society(tmp_path, {})
    make(project / "content" / "roles.yml")
    result = check(project)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"content/roles.yml:1:1: {message}\n1 problem found in the content.\n"


def test_a_worksheet_that_is_a_fifo(tmp_path: Path) -> None:
    project = society(tmp_path, {})
    (project / "worksheets").mkdir()
    os.mkfifo(project / "worksheets" / "smart-goal.yml")
    result = check(project)
    assert result.returncode == 1
    assert "worksheets/smart-goal.yml:1:1: is a FIFO (a named pipe), not a file\n" in result.stderr


def test_a_folder_that_links_to_itself_is_walked_once(tmp_path: Path) -> None:
    project = society(tmp_path, {})
    (project / "content" / "again").symlink_to(project / "content")
    result = check(project)
    assert result.returncode == 0, result.stderr
