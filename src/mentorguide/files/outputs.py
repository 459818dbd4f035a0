"""Every file a command writes, written one way: all or nothing, wherever the path leads.

A command stages each of its outputs in an :class:`Outputs` and commits them together:

* a regular file is written to a temporary file beside it and renamed into place; it keeps
  the mode, owner and group of the file it replaces, and a new file gets the umask's mode
  (as the shell's ``>`` would give it);
* a symbolic link is followed: the file it points to is replaced (on a shared drive, the
  shared file), the link stays;
* ``-`` (standard output), ``/dev/stdout``, a device (``/dev/null``) or a FIFO is written
  through, after every file is in place;
* a folder of outputs (``--agreements``) is the command's alone: it is replaced as a set, so
  files from an earlier run never linger among this run's, and a folder holding files the
  command did not write is refused (a manifest in the folder names what it wrote);
* an output that is also an input, or the same file as another output, is refused before
  anything is written.

Nothing appears until :meth:`Outputs.commit`; if any step fails, every target already
replaced gets its earlier content back, and the error is one line naming the output
(:class:`~mentorguide.files.targets.OutputError`). Caches use :func:`write_atomic`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .renames import exchange, keep_mode_and_owner
from .targets import (
    STDOUT,
    OutputError,
    Target,
    file_target,
    folder_target,
    nearest_folder,
    reason,
)

__all__ = ["MANIFEST", "STDOUT", "OutputError", "Outputs", "write_atomic"]

#: The file in an output folder that lists what the command wrote there.
MANIFEST = ".mentorguide-outputs"
#: Files a desktop leaves in any folder it shows; never a reason to refuse the folder.
_DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".directory"})
_CHUNK = 1 << 20


def write_atomic(target: Path, data: bytes, *, make_folder: bool = True) -> None:
    """Write a cache entry: to a temporary file beside ``target``, renamed into place, so a
    concurrent build never reads it half-written. (Commands' outputs use :class:`Outputs`.)"""
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
class _Staged:
    target: Target
    staged: Path
    #: Folders made at commit for this output (removed again if the commit fails).
    made: list[Path] = field(default_factory=list)
    #: The replaced file's content, kept under another name until the commit succeeds.
    backup: Path | None = None
    placed: bool = False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _listed(folder: Path) -> set[str]:
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in text.splitlines()[1:] if line}


def _stream_to(target: Target, source: Path) -> None:
    """Copy ``source`` into a stream output (standard output, a device, a FIFO)."""
    with source.open("rb") as data:
        if target.given == STDOUT:
            sys.stdout.flush()
            out = getattr(sys.stdout, "buffer", None)
            for chunk in iter(lambda: data.read(_CHUNK), b""):
                if out is None:
                    sys.stdout.write(chunk.decode("utf-8"))
                else:
                    out.write(chunk)
            (out or sys.stdout).flush()
            return
        fd = target.descriptor
        opened = fd is None
        if fd is None:
            assert target.path is not None
            fd = os.open(target.path, os.O_WRONLY | os.O_NOCTTY)
        try:
            for chunk in iter(lambda: data.read(_CHUNK), b""):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            if opened:
                os.close(fd)


class Outputs:
    """The outputs of one command run; use as a context manager and call :meth:`commit`
    at the end. Leaving without committing (an error) removes every staged file and
    touches no target.

    ``inputs`` are ``(label, path)`` of the files the command reads (``("the --mentees
    file", path)``): an output naming one of them is refused.
    """

    def __init__(self, inputs: Iterable[tuple[str, str | os.PathLike[str]]] = ()) -> None:
        self._inputs = [(label, Path(path)) for label, path in inputs]
        self._outputs: list[_Staged] = []

    # --- planning: each target checked before any work is done -------------------------------

    def _find(self, given: object, option: str) -> _Staged | None:
        text = os.fspath(given) if isinstance(given, os.PathLike) else str(given)
        return next(
            (s for s in self._outputs if s.target.given == text and s.target.option == option),
            None,
        )

    def _check(self, target: Target) -> None:
        if target.path is not None and not target.is_null:
            for label, path in self._inputs:
                if target.path == path.resolve() or _same(target.path, path):
                    raise OutputError(
                        f"{target.given}: {target.option} would overwrite {label}; "
                        "choose another file"
                    )
                if target.contains(Target(str(path), "", "file", path=path.resolve())):
                    raise OutputError(
                        f"{target.given}: the {target.option} folder holds {label}; "
                        "choose another folder"
                    )
        for other in self._outputs:
            theirs = other.target
            if target.same_place(theirs):
                raise OutputError(
                    f"{target.given}: {target.option} names the same file as {theirs.option}; "
                    "choose another file"
                )
            for outer, inner in ((theirs, target), (target, theirs)):
                if outer.contains(inner):
                    raise OutputError(
                        f"{inner.given}: {inner.option} is inside the {outer.option} folder; "
                        "choose a place outside it"
                    )

    def plan(self, given: object, option: str = "-o") -> Target:
        """Check a file output and reserve it (writing it comes later, with :meth:`file`)."""
        return self._plan_file(given, option).target

    def _plan_file(self, given: object, option: str) -> _Staged:
        found = self._find(given, option)
        if found is not None:
            return found
        text = os.fspath(given) if isinstance(given, os.PathLike) else str(given)
        if text not in ("", STDOUT):
            # Inside a folder output that is not made yet: say so, not "no such folder".
            self._check(Target(text, option, "file", path=Path(os.path.realpath(text))))
        target = file_target(given, option)
        self._check(target)
        folder = target.path.parent if target.kind == "file" and target.path else None
        name = Path(target.path or "output").name
        try:
            handle, staged = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            os.close(handle)
        except OSError as error:
            raise OutputError(f"{target.given}: cannot write ({reason(error)})") from None
        entry = _Staged(target, Path(staged))
        self._outputs.append(entry)
        return entry

    def plan_folder(
        self,
        given: object,
        option: str,
        *,
        owned: bool = True,
        make_parents: bool = False,
    ) -> Target:
        """Check a folder output and reserve it.

        ``owned``: the folder is this command's alone (its earlier outputs are replaced as a
        set; other files there are refused). Otherwise it must be new or empty.
        ``make_parents``: missing folders above it are made at commit.
        """
        return self._plan_folder(given, option, owned, make_parents).target

    def _plan_folder(self, given: object, option: str, owned: bool, make_parents: bool) -> _Staged:
        found = self._find(given, option)
        if found is not None:
            return found
        target = folder_target(given, option, make_parents=make_parents)
        assert target.path is not None
        if target.existing is not None:
            _check_folder(target, owned)
        self._check(target)
        try:
            staged = tempfile.mkdtemp(
                prefix=f".{target.path.name}.", suffix=".tmp", dir=nearest_folder(target.path)
            )
        except OSError as error:
            raise OutputError(f"{target.given}: cannot write ({reason(error)})") from None
        entry = _Staged(target, Path(staged))
        self._outputs.append(entry)
        if owned:
            (entry.staged / MANIFEST).touch()  # marks the staged folder as one we list
        return entry

    @property
    def to_stdout(self) -> bool:
        """Whether an output goes to standard output (messages then go to stderr)."""
        return any(s.target.descriptor == 1 for s in self._outputs)

    # --- staging: write the content ----------------------------------------------------------

    @contextmanager
    def file(self, given: object, option: str = "-o") -> Iterator[Path]:
        """A temporary path to write the output's bytes into; an ``OSError`` while writing
        becomes an :class:`OutputError` naming the output."""
        entry = self._plan_file(given, option)
        with _naming(entry.target):
            yield entry.staged

    @contextmanager
    def open(
        self, given: object, option: str = "-o", *, newline: str | None = None
    ) -> Iterator[IO[str]]:
        """A text file (UTF-8) to write the output's content into."""
        with (
            self.file(given, option) as path,
            path.open("w", encoding="utf-8", newline=newline) as stream,
        ):
            yield stream

    def write(self, given: object, data: bytes | str, option: str = "-o") -> None:
        """Stage the whole content of a file output."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with self.file(given, option) as path, open(path, "wb") as out:
            out.write(raw)

    @contextmanager
    def folder(
        self,
        given: object,
        option: str,
        *,
        owned: bool = True,
        make_parents: bool = False,
    ) -> Iterator[Path]:
        """A temporary folder to fill; at commit it becomes ``given`` (see :meth:`plan_folder`)."""
        entry = self._plan_folder(given, option, owned, make_parents)
        with _naming(entry.target):
            yield entry.staged

    # --- committing: everything in place, or nothing ---------------------------------------

    def commit(self) -> None:
        """Put every output in place; on any failure put back what was there and raise
        :class:`OutputError`."""
        entries = [s for s in self._outputs if s.target.kind != "stream"]
        streams = [s for s in self._outputs if s.target.kind == "stream"]
        current: _Staged | None = None
        try:
            for current in entries:
                self._prepare(current)
            for current in entries:
                self._place(current)
            for current in streams:
                _stream_to(current.target, current.staged)
        except OSError as error:
            self._roll_back()
            assert current is not None
            raise OutputError(f"{current.target.given}: cannot write ({reason(error)})") from None
        except BaseException:
            self._roll_back()
            raise
        for entry in self._outputs:
            if entry.backup is not None:
                _remove(entry.backup)
            if entry.target.kind == "stream":
                entry.staged.unlink(missing_ok=True)
        self._outputs.clear()

    def _prepare(self, entry: _Staged) -> None:
        """Make the staged output ready to rename: synced to disk, with the right mode."""
        target = entry.target
        assert target.path is not None
        if target.kind == "folder":
            if (entry.staged / MANIFEST).exists():
                names = sorted(p.name for p in entry.staged.iterdir() if p.name != MANIFEST)
                (entry.staged / MANIFEST).write_text(
                    "Written by mentorguide; replaced as a whole by its next run.\n"
                    + "".join(f"{name}\n" for name in names),
                    encoding="utf-8",
                )
            keep_mode_and_owner(entry.staged, target.existing, folder=True)
            return
        with open(entry.staged, "rb+") as staged:
            os.fsync(staged.fileno())  # a full disk on a network drive shows only here
        keep_mode_and_owner(entry.staged, target.existing, folder=False)

    def _place(self, entry: _Staged) -> None:
        target = entry.target
        assert target.path is not None
        for folder in reversed([target.path.parent, *target.path.parent.parents]):
            if not folder.exists():
                folder.mkdir()
                entry.made.append(folder)
        if target.kind == "folder" and target.path.exists():
            exchange(entry.staged, target.path)  # the old folder is now at entry.staged
            entry.backup, entry.placed = entry.staged, True
            return
        if target.kind == "file" and target.path.exists():
            backup = entry.staged.with_suffix(".old")
            try:
                os.link(target.path, backup)  # the old content, under another name
            except OSError:
                shutil.copy2(target.path, backup)
            entry.backup = backup
        os.replace(entry.staged, target.path)
        entry.placed = True

    def _roll_back(self) -> None:
        for entry in reversed(self._outputs):
            target = entry.target
            with contextlib.suppress(OSError):
                if entry.placed and target.path is not None:
                    if target.kind == "folder" and entry.backup is not None:
                        exchange(entry.staged, target.path)
                        entry.backup = None
                    elif entry.backup is not None:
                        os.replace(entry.backup, target.path)
                        entry.backup = None
                    else:
                        _remove(target.path)
                entry.placed = False
                for folder in reversed(entry.made):
                    folder.rmdir()
                entry.made.clear()
        self.discard()

    def discard(self) -> None:
        """Remove every staged file and backup; no target is touched."""
        for entry in self._outputs:
            if not entry.placed:
                _remove(entry.staged)
            if entry.backup is not None:
                _remove(entry.backup)
        self._outputs.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        # Only an explicit commit publishes anything; leaving otherwise cleans up.
        self.discard()


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_folder(target: Target, owned: bool) -> None:
    """Refuse a folder holding files that are not this command's earlier outputs."""
    assert target.path is not None
    try:
        names = set(os.listdir(target.path)) - _DESKTOP_FILES
    except OSError as error:
        raise OutputError(f"{target.given}: cannot write ({reason(error)})") from None
    if owned:
        names -= {MANIFEST} | _listed(target.path)
    if not names:
        return
    shown = sorted(names)
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    what = ", ".join(shown[:3]) + more
    if owned:
        raise OutputError(
            f"{target.given}: the folder holds files that {target.option} did not write "
            f"({what}); give a new or empty folder"
        )
    raise OutputError(f"{target.given}: the folder is not empty ({what}); give a new folder")


@contextmanager
def _naming(target: Target) -> Iterator[None]:
    """An ``OSError`` while an output is staged becomes one line naming that output."""
    try:
        yield
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{target.given}: cannot write ({reason(error)})") from None
