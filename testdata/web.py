"""Talking to a local server the way a browser's first request would, for tests and
benchmarks of ``mkdocs serve``."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> bytes:
    """The body at ``url``, or nothing while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return b""


def eventually(check: Callable[[], bool], seconds: float = 90) -> bool:
    """Whether ``check()`` becomes true within ``seconds``, asking every 0.1 s."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False
