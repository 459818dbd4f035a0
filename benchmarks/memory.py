"""Peak memory of one block of work, measured by the kernel (Linux).

Each benchmark runs its subject in a fresh spawned process that first loads its data. Just
before the work we reset the kernel's peak-RSS counter (write "5" to /proc/self/clear_refs)
and read VmHWM (peak RSS) after it; the work's peak is that minus the RSS before. This counts
C/C++ allocations (scipy's solvers) that tracemalloc cannot see and does not slow pure-Python
code the way tracemalloc does, and unlike "ru_maxrss after minus before" it is not hidden by
a higher peak from loading the data. Where the counter cannot be reset, we fall back to that
ru_maxrss difference and say so (``exact`` is False).
"""

from __future__ import annotations

import multiprocessing
import re
import resource
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any


def _status_kib(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _ru_maxrss_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


class Measured:
    """``with Measured() as m: work()`` → ``m.seconds`` and ``m.peak_mib`` of the work."""

    seconds: float = 0.0
    peak_mib: float = 0.0
    exact: bool = False

    def __enter__(self) -> Measured:
        self._rss_before = _status_kib("VmRSS")
        self.exact = _reset_peak()
        self._maxrss_before = _ru_maxrss_kib()
        self._started = time.perf_counter()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.seconds = time.perf_counter() - self._started
        if self.exact:
            peak_kib = _status_kib("VmHWM") - self._rss_before
        else:
            peak_kib = _ru_maxrss_kib() - self._maxrss_before
        self.peak_mib = peak_kib / 1024


def in_fresh_process(target: Any, args: tuple[Any, ...], timeout: float) -> dict[str, Any]:
    """Run ``target(*args, conn)`` in a freshly spawned process, which sends one dict back.

    A fresh process keeps one subject's imports and memory from another's measurements.
    Returns that dict, or ``{"status": ...}`` saying it timed out or crashed.
    """
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send))
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            process.kill()  # our own child, by handle
            process.join()
            return {"status": f"timed out after {timeout:g} s"}
        result: dict[str, Any] = receive.recv()
    except EOFError:
        process.join()
        return {"status": f"crashed (exit code {process.exitcode})"}
    process.join()
    return result
