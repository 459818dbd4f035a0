"""Places where writing fails for real: a read-only folder and a full disk.

CI runs as root, whom file modes do not stop, so a read-only folder is made with the
immutable attribute (``chattr +i``) or a read-only tmpfs, and a full disk is a tiny tmpfs;
where the machine allows neither (no privileges to mount), the test is skipped and says why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _can_write(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


def _run(*command: str) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def _mounted(folder: Path, options: str) -> Iterator[bool]:
    mounted = _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            _run("umount", str(folder))


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody, root included, can create files in."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if _run("chattr", "+i", str(folder)) and not _can_write(folder):
        try:
            yield folder
        finally:
            _run("chattr", "-i", str(folder))
        return
    with _mounted(folder, "ro,size=64k") as mounted:
        if not mounted or _can_write(folder):
            pytest.skip("as root, a read-only folder needs chattr +i or mount (neither works here)")
        yield folder


def fill(folder: Path) -> None:
    """Fill the file system holding ``folder`` to the last byte."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 KiB file system of its own (a tmpfs), to fill with :func:`fill`."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    with _mounted(folder, "size=64k,mode=0777") as mounted:
        if not mounted:
            pytest.skip("a full disk needs a tiny tmpfs, and mounting one is not allowed here")
        yield folder
