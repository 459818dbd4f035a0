"""PDFs are rendered in worker processes while the build goes on, and the site gets exactly
what an in-process render gives: every PDF, sizes filled in, errors that name the file."""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import Future
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from pypdf import PdfReader

from mentorguide.pdf.engine import RenderCache, RenderJob
from mentorguide.pdf.renders import PdfRenders, new_build
from mentorguide.site.pdf_files import PdfFile
from mentorguide.site.worksheets import fill_pdf_sizes, size_mark

from ..conftest import build_site

PDFS = [
    "guide.pdf",
    *(
        f"worksheets/{slug}.pdf"
        for slug in (
            "career-development-plan",
            "check-in",
            "cycle-evaluation",
            "fit-check",
            "meeting-agenda",
            "mentee-survey",
            "mentor-survey",
            "mentorship-agreement",
            "milestone-tracker",
            "smart-goal",
        )
    ),
]
OLD_HOOK = """from mentorguide.site import on_config, on_files, on_page_markdown, on_post_page

__all__ = ["on_config", "on_files", "on_page_markdown", "on_post_page"]
"""


def cold_build(project: Path, site: Path, workers: str) -> str:
    """A strict build with an empty PDF cache and ``workers`` render processes; its log."""
    result = build_site(
        project,
        site,
        env={"MENTORGUIDE_CACHE_DIR": str(project / ".cache"), "MENTORGUIDE_PDF_WORKERS": workers},
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def built_pdfs(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))


def index_sizes(site: Path) -> dict[str, int]:
    """The size in KB the worksheets index shows for each PDF it links."""
    page = (site / "worksheets" / "index.html").read_text(encoding="utf-8")
    return {
        href: int(kb) for href, kb in re.findall(r'href="([a-z-]+\.pdf)">[^<]*\((\d+) KB\)', page)
    }


@pytest.mark.build
def test_a_cold_build_with_workers_writes_every_pdf_complete(
    project_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    log = cold_build(project_copy, site, workers="2")
    assert built_pdfs(site) == PDFS
    assert log.count("mentorguide: rendered ") == len(PDFS)
    for name in PDFS:
        assert len(PdfReader(site / name).pages) >= 1, name


@pytest.mark.build
def test_the_worksheets_index_shows_each_pdfs_real_size(project_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    cold_build(project_copy, site, workers="2")
    sizes = index_sizes(site)
    assert len(sizes) == len(PDFS) - 1
    for href, kb in sizes.items():
        assert kb == max(1, (site / "worksheets" / href).stat().st_size // 1024), href


@pytest.mark.build
def test_no_size_placeholder_reaches_a_page_or_the_search_index(
    project_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    cold_build(project_copy, site, workers="2")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "@@mg-pdf-size" not in json.dumps(index)
    assert not [p for p in site.rglob("*.html") if "@@mg-pdf-size" in p.read_text("utf-8")]


@pytest.mark.build
def test_without_workers_the_build_renders_the_same_pdfs_in_its_own_process(
    project_copy: Path, tmp_path: Path
) -> None:
    in_process, background = tmp_path / "in-process", tmp_path / "background"
    cold_build(project_copy, in_process, workers="0")
    cold_build(copy_of(project_copy, tmp_path / "again"), background, workers="2")
    assert built_pdfs(in_process) == built_pdfs(background) == PDFS
    assert index_sizes(in_process) == index_sizes(background)
    for name in PDFS:
        assert len(PdfReader(in_process / name).pages) == len(PdfReader(background / name).pages)


@pytest.mark.build
def test_a_hook_from_an_older_init_still_gets_every_pdf(project_copy: Path, tmp_path: Path) -> None:
    """Such a hook does not forward on_page_context and on_post_build: PDFs render inline."""
    (project_copy / "hooks" / "guide.py").write_text(OLD_HOOK, encoding="utf-8")
    site = tmp_path / "site"
    cold_build(project_copy, site, workers="2")
    assert built_pdfs(site) == PDFS
    assert len(index_sizes(site)) == len(PDFS) - 1


def copy_of(project: Path, destination: Path) -> Path:
    shutil.copytree(project, destination, ignore=shutil.ignore_patterns(".cache"))
    return destination


# --- the pieces --------------------------------------------------------------------------------


def failing_finisher(document: object, pdf: object) -> None:
    raise ValueError("the finisher broke")


def job(label: str, finisher: object = None) -> RenderJob:
    return RenderJob(
        label=label,
        html=f"<p>{label}</p>",
        options={},
        finisher=finisher,  # type: ignore[arg-type]
    )


def test_a_cached_pdf_is_answered_at_once_without_a_worker(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    path = cache.path(job("cached.pdf"))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 cached")
    renders = PdfRenders(cache, workers=2)
    future = renders.submit(job("cached.pdf"), "worksheets")
    assert future.done() and future.result() == path


def site_config(folder: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(folder), "site_dir": str(folder / "site")})
    config.validate()
    config.plugins._current_plugin = None  # as during a build's events (File.generated asks)
    return config


def test_a_render_that_fails_in_a_worker_names_the_file(tmp_path: Path) -> None:
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=2)
    pdf = PdfFile.create(site_config(tmp_path), "worksheets/broken.pdf", renders)
    pdf.future = renders.submit(job("broken.pdf", failing_finisher), "worksheets")
    assert isinstance(pdf.future.exception(timeout=60), ValueError)
    with pytest.raises(PluginError, match=r"worksheets/broken\.pdf could not be rendered"):
        pdf.copy_file()


def test_a_pdf_still_rendering_is_copied_when_the_build_finishes(tmp_path: Path) -> None:
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=2)
    config = site_config(tmp_path)
    pdf = PdfFile.create(config, "worksheets/late.pdf", renders)
    pdf.future = Future()
    pdf.copy_file()
    assert renders.waiting == [pdf] and not Path(pdf.abs_dest_path).exists()
    rendered = tmp_path / "late.pdf"
    rendered.write_bytes(b"%PDF-1.7 late")
    pdf.future.set_result(rendered)
    renders.finish()
    assert Path(pdf.abs_dest_path).read_bytes() == b"%PDF-1.7 late"


def test_size_marks_are_replaced_by_the_rendered_size(tmp_path: Path) -> None:
    rendered = tmp_path / "made.pdf"
    rendered.write_bytes(b"x" * 3000)
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=0)
    pdf = PdfFile.create(site_config(tmp_path), "worksheets/made.pdf", renders)
    pdf.future = Future()
    pdf.future.set_result(rendered)
    text = f"Made ({size_mark('worksheets/made.pdf')} KB), missing ({size_mark('x.pdf')} KB)"
    assert fill_pdf_sizes(text, Files([pdf])) == "Made (2 KB), missing (? KB)"


def test_in_the_background_a_pdf_is_copied_when_it_is_made(tmp_path: Path) -> None:
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=0, generation=new_build())
    pdf = PdfFile.create(site_config(tmp_path), "worksheets/late.pdf", renders)
    pdf.future = Future()
    pdf.copy_file()
    renders.finish_in_background()  # returns at once
    assert not Path(pdf.abs_dest_path).exists()
    rendered = tmp_path / "late.pdf"
    rendered.write_bytes(b"%PDF-1.7 late")
    pdf.future.set_result(rendered)
    assert Path(pdf.abs_dest_path).read_bytes() == b"%PDF-1.7 late"


def test_a_newer_build_stops_an_older_ones_late_copies(tmp_path: Path) -> None:
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=0, generation=new_build())
    pdf = PdfFile.create(site_config(tmp_path), "worksheets/stale.pdf", renders)
    pdf.future = Future()
    pdf.copy_file()
    renders.finish_in_background()
    new_build()  # the next build starts (and cleans the site directory)
    rendered = tmp_path / "stale.pdf"
    rendered.write_bytes(b"%PDF-1.7 stale")
    pdf.future.set_result(rendered)
    assert not Path(pdf.abs_dest_path).exists()


def test_without_waiting_a_size_still_rendering_shows_an_ellipsis(tmp_path: Path) -> None:
    renders = PdfRenders(RenderCache(tmp_path / "cache"), workers=0)
    pdf = PdfFile.create(site_config(tmp_path), "worksheets/slow.pdf", renders)
    pdf.future = Future()
    text = f"Slow ({size_mark('worksheets/slow.pdf')} KB)"
    assert fill_pdf_sizes(text, Files([pdf]), wait=False) == "Slow (… KB)"


def test_under_mkdocs_serve_workers_are_never_forked_from_the_build() -> None:
    """Its later builds run beside its threads; forking a threaded process can deadlock."""
    from mentorguide.pdf.renders import _context

    assert _context(True).get_start_method() in ("forkserver", "spawn")
