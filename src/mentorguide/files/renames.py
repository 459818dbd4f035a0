"""The file-system moves that make outputs appear whole: swapping two folders in one step,
and the modes and owners a replacement keeps.

Linux can exchange two paths atomically (``renameat2`` with ``RENAME_EXCHANGE``, since
kernel 3.15 and glibc 2.28): a folder someone is reading (a site being served, a folder of
agreements open in a file manager) is always either the old one or the new one, never
missing. Elsewhere two renames do it, with a moment in between when the folder is absent.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import stat
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # not glibc, or an old one
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> None:
    """Swap what the two existing paths name, atomically where the system can.

    Falls back to three renames through a third name beside ``b`` when the file system
    cannot exchange (some network and FUSE file systems). Raises ``OSError`` as rename does.
    """
    if _RENAMEAT2 is not None:
        result = _RENAMEAT2(  # type: ignore[operator]
            _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
        )
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(a), None, str(b))
    aside = b.with_name(f".{b.name}.exchange")
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except OSError:
        os.rename(aside, b)
        raise
    os.rename(aside, a)


def current_umask() -> int:
    """The process's umask, read without changing it where Linux tells it (``os.umask``
    sets and restores it otherwise, which another thread could see for a moment)."""
    with contextlib.suppress(OSError):
        status = Path("/proc/self/status").read_text(encoding="ascii")
        found = re.search(r"^Umask:\s*([0-7]+)$", status, re.MULTILINE)
        if found:
            return int(found.group(1), 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open(..., "w")`` gives a new file: 0666 less the umask."""
    return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder: 0777 less the umask."""
    return 0o777 & ~current_umask()


def keep_mode_and_owner(staged: Path, original: os.stat_result | None, *, folder: bool) -> None:
    """Give ``staged`` (made private by ``mkstemp``/``mkdtemp``) the mode of the file it
    replaces and, where allowed, its owner and group; a new file gets the umask's mode."""
    if original is None:
        os.chmod(staged, new_folder_mode() if folder else new_file_mode())
        return
    # The owner first: chown clears the set-user-id and set-group-id bits. Only root may
    # give a file away; anyone may keep its group if they belong to it.
    try:
        os.chown(staged, original.st_uid, original.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(staged, -1, original.st_gid)
    os.chmod(staged, stat.S_IMODE(original.st_mode))
