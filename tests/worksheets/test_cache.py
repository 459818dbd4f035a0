"""The build renders a PDF only when its inputs changed: PDFs are cached by content hash
under the project's ``.cache/``, and each render says so in the build log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build  # builds a site or runs mkdocs serve

RENDERED = "mentorguide: rendered "


def build(project: Path, site: Path) -> list[str]:
    """Build ``project`` (log level INFO) and return what it rendered, sorted: renders run in
    parallel, so the order they finish in (and are logged in) varies with the machine's load.

    Not --strict: this test is about rendering, and must not fail on a warning about some
    other page (a strict build is what built_site and the gates check)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--no-strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MENTORGUIDE_CACHE_DIR": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return sorted(
        line.split(RENDERED, 1)[1].split(" in ")[0]
        for line in (result.stdout + result.stderr).splitlines()
        if RENDERED in line
    )


def cached_files(project: Path) -> dict[str, tuple[int, int]]:
    folder = project / ".cache" / "mentorguide" / "pdf"
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.pdf")}


def test_a_rebuild_with_no_change_renders_no_pdf_and_one_change_renders_only_its_pdfs(
    project_copy: Path, tmp_path: Path
) -> None:
    first = build(project_copy, tmp_path / "one")
    assert sorted(first) == sorted(
        [
            f"worksheets/{slug}.pdf"
            for slug in (
                "smart-goal",
                "career-development-plan",
                "mentorship-agreement",
                "meeting-agenda",
                "milestone-tracker",
                "fit-check",
                "check-in",
                "cycle-evaluation",
                "mentee-survey",
                "mentor-survey",
            )
        ]
        + ["guide.pdf"]
    )
    cache = cached_files(project_copy)
    assert len(cache) == 11

    assert build(project_copy, tmp_path / "two") == []
    assert cached_files(project_copy) == cache  # not one file rewritten (same inode and mtime)
    assert (tmp_path / "two" / "worksheets" / "smart-goal.pdf").read_bytes() == (
        tmp_path / "one" / "worksheets" / "smart-goal.pdf"
    ).read_bytes()

    sheet = project_copy / "worksheets" / "smart-goal.yml"
    sheet.write_text(sheet.read_text("utf-8").replace("label: My goal", "label: Our goal"))
    # The worksheet's own PDF, and the guide's, whose appendix shows it; nothing else.
    assert build(project_copy, tmp_path / "three") == ["guide.pdf", "worksheets/smart-goal.pdf"]
