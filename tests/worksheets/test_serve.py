"""Under ``mkdocs serve`` a change is served without waiting for the PDFs, and the PDFs it
changes follow as soon as they are made."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from testdata.web import eventually, fetch, free_port

from tests.processes import descendants, kill_all, wait_until_gone

pytestmark = pytest.mark.build  # builds a site or runs mkdocs serve


def field_tooltips(data: bytes) -> set[str]:
    try:
        fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    except Exception:  # a partly written response while the file is replaced
        return set()
    return {str(f.get("/TU", "")) for f in fields.values()}


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_server(project: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``mkdocs serve`` of ``project``, and its base URL once its home page and guide.pdf
    are served."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MENTORGUIDE_CACHE_DIR": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Ctrl-C as a terminal gives it: a child inherits an ignored SIGINT, and Python then
        # installs no KeyboardInterrupt handler; late in a full run the test process may have it
        # ignored, so the server starts with SIGINT at its default, as a shell starts it.
        preexec_fn=_default_sigint,
    )
    base = f"http://127.0.0.1:{port}/"
    assert eventually(lambda: b"</html>" in fetch(base)), "mkdocs serve never came up"
    assert eventually(lambda: fetch(base + "guide.pdf").startswith(b"%PDF"))
    return server, base


def stop(server: subprocess.Popen[bytes], how: signal.Signals) -> set[int]:
    """Stop the server with ``how``; the processes it had started that are still running
    15 s later (ended, by id, before returning)."""
    children = descendants(server.pid)
    assert children, "the server started no PDF worker"
    server.send_signal(how)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise AssertionError(f"mkdocs serve did not stop on {how.name}") from None
    finally:
        left = wait_until_gone(children)
        kill_all(left)
    return left


@pytest.fixture
def served(project_copy: Path) -> Iterator[str]:
    """``mkdocs serve`` of a private copy of the guide; its base URL once the home is up.
    Stopped as an IDE stops it (SIGTERM): no PDF worker may outlive it."""
    server, base = start_server(project_copy)
    try:
        time.sleep(1)  # let the watcher settle after the first build
        yield base
    finally:
        left = stop(server, signal.SIGTERM)
    assert left == set(), f"PDF workers outlived the server: {sorted(left)}"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_no_pdf_worker_outlives_the_server(project_copy: Path, how: signal.Signals) -> None:
    server, _ = start_server(project_copy)
    # As the served fixture: the stop comes once the watcher has settled after the first
    # build (a Ctrl-C in that first second was seen lost in full runs; see the #15 note).
    time.sleep(1)
    assert stop(server, how) == set()


def test_a_worksheet_change_is_served_and_its_pdf_follows(project_copy: Path, served: str) -> None:
    sheet = project_copy / "worksheets" / "smart-goal.yml"
    text = sheet.read_text(encoding="utf-8")
    assert text.count("label: My goal") == 1
    sheet.write_text(text.replace("label: My goal", "label: Our shared goal"), "utf-8")

    page = served + "worksheets/smart-goal/"
    assert eventually(lambda: b"Our shared goal" in fetch(page)), "the page never changed"
    pdf = served + "worksheets/smart-goal.pdf"
    assert eventually(lambda: any("Our shared goal" in t for t in field_tooltips(fetch(pdf)))), (
        "the PDF never followed the change"
    )
    index = served + "worksheets/"
    assert eventually(lambda: b"@@mg-pdf-size" not in fetch(index))
