"""No PDF worker outlives the build or server that started it.

Workers of a ``ProcessPoolExecutor`` wait on a queue whose writing end they hold themselves,
so when their parent is killed (SIGTERM from an IDE or a process manager, SIGKILL, a crash)
nothing tells them to stop: ``mkdocs serve`` stopped that way left its fork server and
workers running, about 270 MB, an hour later. On Linux each worker, and the fork server,
asks the kernel (``prctl(PR_SET_PDEATHSIG)``) for SIGTERM when its parent ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have this process receive SIGTERM when its parent ends (Linux; elsewhere nothing)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return
    # The parent may have ended before the request was made: then no signal will come.
    if os.getppid() != parent:
        os._exit(0)
