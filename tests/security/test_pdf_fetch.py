"""Builds fetch nothing: WeasyPrint reads only data: URLs, the package's files and the job's
fonts. Each ``PDF_FETCHES`` row stops the render with the PDF's name and the URL, and the
local server it points at records no request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mentorguide.pdf.engine import FetchRefused, RenderJob, render
from mentorguide.pdf.worksheet import pdf_document
from mentorguide.project.load import load_project
from mentorguide.worksheets.prepared import prepare_worksheet
from tests.conftest import ROOT
from tests.security.catalog import PDF_FETCHES, Attack


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("attack", PDF_FETCHES, ids=lambda a: a.name)
def test_a_pdf_fetches_nothing_outside_the_package(attack: Attack, server: str) -> None:
    _Recorder.requests.clear()
    html = f"<!DOCTYPE html><html><body>{attack.payload.format(server=server)}</body></html>"
    with pytest.raises(FetchRefused) as error:
        render(RenderJob("worksheets/x.pdf", html, {}, None))
    assert str(error.value).startswith(f"worksheets/x.pdf: {attack.must.format(server=server)}")
    assert _Recorder.requests == []


def test_a_worksheet_image_that_skipped_the_check_loses_its_source_and_is_never_fetched(
    server: str,
) -> None:
    project = load_project(ROOT)
    sheet = project.worksheets[0]
    hostile = sheet.model_copy(update={"purpose": f"See ![x]({server}pixel.png)"})
    _Recorder.requests.clear()
    prepared = prepare_worksheet(hostile, project.content, project.edition)
    html = pdf_document(prepared, project.content, css="")
    assert "See <span>x</span>" in html and f'="{server}' not in html  # the sink's guard
    assert render(RenderJob(f"worksheets/{sheet.slug}.pdf", html, {}, None)).startswith(b"%PDF")
    assert _Recorder.requests == []


def test_the_guide_s_own_worksheet_pdf_still_renders(tmp_path: Path) -> None:
    project = load_project(ROOT)
    from mentorguide.pdf.worksheet import render_worksheet

    path = render_worksheet(
        project.prepared(project.worksheets[0].slug), project.content, cache_dir=tmp_path
    )
    assert path.read_bytes().startswith(b"%PDF")
