"""What an output path names, found out before anything is written: a regular file (new or
existing, perhaps behind a symbolic link), a folder, or something written through (standard
output, a device, a FIFO); and every reason it cannot be written, as one line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: The name that means standard output.
STDOUT = "-"
#: An output as a command got it: a path, ``-``, or ``""`` (refused, with a clear message).
Place = str | os.PathLike[str]

#: Paths that are one of this process's open files: write to that descriptor, never
#: replace the link (``/dev/stdout`` is a link to ``/proc/self/fd/1``).
_OWN_DESCRIPTOR = re.compile(
    rf"^/(?:dev/(?:fd/(\d+)|(stdout)|(stderr))|proc/(?:self|{os.getpid()})/fd/(\d+))$"
)
_NAMED = {"stdout": 1, "stderr": 2}
_MAX_LINKS = 40  # as Linux follows at most 40 links in one path


class OutputError(Exception):
    """An output that cannot be written; ``str()`` is one line for the person."""


def reason(error: OSError) -> str:
    """``No space left on device`` → ``no space left on device``."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


Kind = Literal["file", "stream", "folder"]


@dataclass(frozen=True)
class Target:
    """Where one output goes. ``given`` is the path as the person wrote it (for messages),
    ``option`` the command-line option that named it."""

    given: str
    option: str
    kind: Kind
    #: For a file or folder: the real path (links followed); for a device or FIFO, its path.
    path: Path | None = None
    #: For a stream to one of our own descriptors (``-``, ``/dev/stdout``).
    descriptor: int | None = None
    #: The file or folder being replaced, if there is one.
    existing: os.stat_result | None = None

    @property
    def is_null(self) -> bool:
        return self.path is not None and self.path == Path(os.devnull)

    def same_place(self, other: Target) -> bool:
        if self.is_null and other.is_null:
            return False  # writing several outputs to /dev/null is harmless
        if self.descriptor is not None or other.descriptor is not None:
            return self.descriptor == other.descriptor
        assert self.path is not None and other.path is not None
        return same_file(self.path, other.path)

    def contains(self, other: Target) -> bool:
        """Whether ``other`` lies inside this folder."""
        return (
            self.kind == "folder"
            and other.path is not None
            and self.path is not None
            and self.path in other.path.parents
        )


#: What may stay of a name in a file name that opens anywhere (letters, digits, . _ -).
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_part(text: str, default: str = "person") -> str:
    """``text`` as part of a portable file name: each run of other characters becomes one
    ``-`` (``Ana Díaz`` → ``Ana-D-az``); ``default`` if nothing is left."""
    return _UNSAFE_IN_NAME.sub("-", text).strip("-.") or default


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def _own_descriptor(path: str) -> int | None:
    """The descriptor a path names when it is one of this process's own (``/dev/stdout``,
    ``/dev/fd/3``, ``/proc/self/fd/1``), following links the way the system would."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        found = _OWN_DESCRIPTOR.match(current)
        if found:
            fd, out, err, proc = found.groups()
            return int(fd or proc) if (fd or proc) else _NAMED[out or err]
        if not os.path.islink(current):
            # A link further up the path (``/dev/fd`` → ``/proc/self/fd``) counts too.
            parent, name = os.path.split(current)
            real_parent = os.path.realpath(parent)
            if real_parent == parent:
                return None
            current = os.path.join(real_parent, name)
            continue
        link = os.readlink(current)
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def _status(path: Path, given: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked next
        return None
    except OSError as error:  # a loop of links, a name too long, no permission to look
        raise OutputError(f"{given}: cannot write ({reason(error)})") from None


def _named(given: object, option: str, what: str = "file") -> str:
    text = os.fspath(given) if isinstance(given, os.PathLike) else str(given)
    if text == "":
        raise OutputError(f"{option}: no {what} name given")
    return text


def file_target(given: object, option: str) -> Target:
    """Where the file output ``given`` goes; raises :class:`OutputError` when it cannot be
    written there (a folder, a missing folder, a loop of links)."""
    text = _named(given, option)
    if text == STDOUT:
        return Target(text, option, "stream", descriptor=1)
    descriptor = _own_descriptor(text)
    if descriptor is not None:
        return Target(text, option, "stream", descriptor=descriptor)
    real = Path(os.path.realpath(text))
    found = _status(real, text)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{text}: is a folder, not a file (give a file name)")
    if found is not None and not stat.S_ISREG(found.st_mode):
        # A device (/dev/null), a FIFO or a socket: written through, in place.
        return Target(text, option, "stream", path=real)
    _check_parent(text, real)
    return Target(text, option, "file", path=real, existing=found)


def _check_parent(text: str, real: Path) -> None:
    shown = Path(text).parent if not os.path.islink(text) else real.parent
    if real.parent.exists() and not real.parent.is_dir():
        raise OutputError(f"{text}: {shown} is a file, not a folder")
    if not real.parent.exists():
        raise OutputError(f"{text}: the folder {shown} does not exist")


def folder_target(given: object, option: str, *, make_parents: bool = False) -> Target:
    """Where the folder output ``given`` goes (its contents are checked by the caller)."""
    text = _named(given, option, "folder")
    if text == STDOUT:
        raise OutputError(f"{option}: a folder is needed here, not '-' (standard output)")
    real = Path(os.path.realpath(text))
    found = _status(real, text)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{text}: is a file, not a folder (give a new or empty folder)")
    if found is None and not make_parents:
        _check_parent(text, real)
    return Target(text, option, "folder", path=real, existing=found)


def nearest_folder(path: Path) -> Path:
    """``path``'s closest existing ancestor folder (where a missing folder will be made)."""
    for folder in path.parents:
        if folder.is_dir():
            return folder
    return Path("/")  # pragma: no cover - the root always exists
