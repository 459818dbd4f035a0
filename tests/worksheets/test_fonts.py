"""The PDFs' fonts: small subsets cut from the font the package carries, cached, with a
graceful fallback when it is absent."""

from __future__ import annotations

import logging
import shutil
from importlib import resources
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from mentorguide.pdf import fonts
from mentorguide.pdf.worksheet import render_worksheet
from mentorguide.project.load import Project
from tests.worksheets.conftest import fields_of, open_pdf

TYPED = (
    "Zoë Łukasz Ångström — “quoted” €20 • naïve café Dvořák Nguyễn Thị Hồng Ελληνικά "
    "Кириллица ≥ ≤ → μ ° ± ™ …"
)
REGULAR = ("normal", 400)


def regular_only() -> dict[tuple[str, int], Path]:
    """Just the regular face: subsetting all four would only make these tests slower."""
    return {REGULAR: fonts.packaged_sources()[REGULAR]}


def test_the_default_faces_are_the_font_package_the_package_carries() -> None:
    sources = fonts.find_sources()
    assert set(sources) == set(fonts.FACES)
    vendor = Path(str(resources.files("mentorguide") / "vendor" / "dejavu-fonts-ttf"))
    assert {face: path.parent.parent for face, path in sources.items()} == dict.fromkeys(
        fonts.FACES, vendor
    )
    assert {TTFont(path)["name"].getDebugName(1) for path in sources.values()} == {"DejaVu Sans"}


#: What #14's form fields must draw: Vietnamese, Greek, Cyrillic and the symbols people type.
COVERAGE = (
    "Tiếng Việt: Nguyễn Thị Hương, đường ƠƯ ỹ — Ελληνικά Ωω — Русский Жж — "
    "≥ ≤ → μ ° ± ™ • – — “ ” …"
)


@pytest.mark.parametrize("face", fonts.FACES, ids=lambda face: f"{face}")
def test_every_face_covers_the_scripts_and_symbols_people_type(face: tuple[str, int]) -> None:
    cmap = TTFont(fonts.packaged_sources()[face]).getBestCmap()
    assert [c for c in COVERAGE if not c.isspace() and ord(c) not in cmap] == []


def test_without_the_packaged_font_fontconfig_serves_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    machine = {REGULAR: Path("/usr/share/fonts/machine-sans.ttf")}
    monkeypatch.setattr(fonts, "packaged_sources", dict)
    monkeypatch.setattr(fonts, "fontconfig_sources", lambda: machine)
    fonts._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING):
        assert fonts.find_sources() == machine
    assert caplog.messages == [
        "mentorguide: the package carries no dejavu-fonts-ttf font (reinstall it, or run "
        "`make` in a checkout); the PDFs use this machine's sans-serif font instead"
    ]


def test_a_subset_keeps_what_a_reader_may_type(tmp_path: Path) -> None:
    regular = next(
        f for f in fonts.font_set(tmp_path).faces if (f.style, f.weight) == ("normal", 400)
    )
    cmap = TTFont(regular.path).getBestCmap()
    assert [c for c in TYPED if ord(c) not in cmap] == []
    # Embedded whole in every blank worksheet PDF (compressed there to about half).
    assert regular.path.stat().st_size < 64_000


def test_subsets_are_made_once_and_reused(tmp_path: Path) -> None:
    first = fonts.font_set(tmp_path, sources=regular_only())
    stamps = {f.path: f.path.stat().st_mtime_ns for f in first.faces}
    second = fonts.font_set(tmp_path, sources=regular_only())
    assert {f.path: f.path.stat().st_mtime_ns for f in second.faces} == stamps


def test_a_character_beyond_the_base_set_gets_its_own_subset(tmp_path: Path) -> None:
    base = fonts.font_set(tmp_path, sources=regular_only()).faces[0].path
    wider = fonts.font_set(tmp_path, "∮", sources=regular_only()).faces[0].path
    assert wider != base
    assert ord("∮") in TTFont(wider).getBestCmap()


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_fontconfig_faces_are_the_fallback(tmp_path: Path) -> None:
    sources = fonts.fontconfig_sources()
    assert REGULAR in sources
    faces = fonts.font_set(tmp_path, sources={REGULAR: sources[REGULAR]}).faces
    assert faces and all(f.path.stat().st_size < 200_000 for f in faces)


def test_without_any_font_the_pdf_still_renders(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    guide: Project,
) -> None:
    monkeypatch.setattr(fonts, "find_sources", lambda: {})
    with caplog.at_level(logging.WARNING):
        path = render_worksheet(guide.prepared("smart-goal"), guide.content, cache_dir=tmp_path)
    assert "no font found" in caplog.text
    with open_pdf(path.read_bytes()) as pdf:
        assert "goal" in fields_of(pdf)


def test_a_relative_cache_folder_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MENTORGUIDE_CACHE_DIR may be relative; the PDF's CSS still gets file:// URIs."""
    monkeypatch.chdir(tmp_path)
    faces = fonts.font_set(Path("cache"), sources=regular_only()).faces
    assert all(f.path.is_absolute() and f.path.is_file() for f in faces)
    assert "file://" in fonts.font_set(Path("cache"), sources=regular_only()).css()


def test_the_guides_code_gets_the_packaged_monospace_face(tmp_path: Path) -> None:
    fonts_ = fonts.font_set(tmp_path, "mentorguide match --pin M04:E17", mono=True)
    mono = [face for face in fonts_.faces if face.family == fonts.MONO_FAMILY]
    assert [(face.style, face.weight) for face in mono] == [REGULAR]
    assert TTFont(mono[0].path)["name"].getDebugName(1) == "DejaVu Sans Mono"
    assert fonts_.mono_stack == "'Guide Mono', monospace"
    assert "font-family: 'Guide Mono'" in fonts_.css()
    assert fonts.font_set(tmp_path).mono_stack == "monospace"
