"""Files that appear whole or not at all.

Outputs are written to temporary files next to their targets and moved into place together
at the end (``os.replace``), so an error or a crash never leaves a half-written file, nor a
``pairs.csv`` from this run beside a ``pairs.html`` from the last one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .inputs import InputError, InputProblem


def write_atomic(target: Path, data: bytes, *, make_folder: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it into place, so a
    reader (a concurrent build, a user opening the file) never sees it half-written and a
    failed write leaves any earlier ``target`` as it was."""
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a cache may be shared, so make it readable.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class Outputs:
    """Files being written for one command; :meth:`commit` moves them all into place.

    Use as a context manager: leaving it by an exception removes every temporary file and
    touches no target.
    """

    _pending: list[tuple[Path, Path]] = field(default_factory=list)

    def path(self, target: Path) -> Path:
        """A temporary path in ``target``'s folder (so the final rename is atomic)."""
        target = Path(target)
        folder = target.parent
        if not folder.is_dir():
            raise InputError(
                [InputProblem(str(target), 0, "", f"the folder {folder} does not exist")]
            )
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        temp = Path(name)
        self._pending.append((temp, target))
        return temp

    def directory(self, target: Path) -> Path:
        """A temporary folder next to ``target``: on commit it becomes ``target``, or, if
        ``target`` exists, its files are moved into it (other files there are kept)."""
        target = Path(target)
        parent = target.parent
        if not parent.is_dir():
            raise InputError(
                [InputProblem(str(target), 0, "", f"the folder {parent} does not exist")]
            )
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
        self._pending.append((temp, target))
        return temp

    @contextmanager
    def open(self, target: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
        """A text file (UTF-8) to write ``target``'s content into."""
        with self.path(target).open("w", encoding="utf-8", newline=newline) as stream:
            yield stream

    def commit(self) -> None:
        for temp, target in self._pending:
            if temp.is_dir() and target.is_dir():
                # Never delete a folder the person already has (it may hold other files):
                # move each new file into it, replacing only same-named ones.
                for item in sorted(temp.iterdir()):
                    os.replace(item, target / item.name)
                temp.rmdir()
            else:
                os.replace(temp, target)
        self._pending.clear()

    def discard(self) -> None:
        for temp, _ in self._pending:
            if temp.is_dir():
                shutil.rmtree(temp, ignore_errors=True)
            else:
                temp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        # Only an explicit commit publishes anything; leaving otherwise cleans up.
        self.discard()
