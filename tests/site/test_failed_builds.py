"""A failed build never damages the site: ``mentorguide check`` renders every page's macros,
and a build that fails for any reason (a macro typo, a strict-mode warning, a kill) leaves
the previous ``site/`` byte for byte as it was, with no PDF worker left running."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from tests.conftest import build_site, copy_project
from tests.processes import descendants, kill_all, wait_until_gone

pytestmark = pytest.mark.build  # builds sites


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the guide with its site built once."""
    project = copy_project(tmp_path_factory.mktemp("failed-builds") / "guide")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def break_page(project: Path, old: str, new: str) -> str:
    page = project / "docs" / "career-pathways.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_check_renders_every_pages_macros(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = break_page(built, "{{ roles() }}", "{{ rolez() }}")
    try:
        assert main(["check", "--project", str(built)]) == 1
    finally:
        (built / "docs" / "career-pathways.md").write_text(before, encoding="utf-8")
    assert capsys.readouterr().err == (
        "docs/career-pathways.md:3:4: 'rolez' is undefined (did you mean 'roles'?)\n"
        "1 problem found in the content.\n"
    )


def test_check_names_a_macro_syntax_error(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = break_page(built, "{{ roles() }}", "{{ roles( }}")
    try:
        assert main(["check", "--project", str(built)]) == 1
    finally:
        (built / "docs" / "career-pathways.md").write_text(before, encoding="utf-8")
    assert capsys.readouterr().err.startswith("docs/career-pathways.md:3:1: macro syntax error: ")


@pytest.mark.parametrize(
    ("old", "new"),
    [("{{ roles() }}", "{{ rolez() }}"), ("# ", "[a link to nowhere](nowhere.md)\n\n# ")],
    ids=["macro-typo", "strict-warning"],
)
def test_a_failed_build_leaves_the_previous_site_whole(built: Path, old: str, new: str) -> None:
    site = snapshot(built / "site")
    before = break_page(built, old, new)
    try:
        result = build_site(built, built / "site")
    finally:
        (built / "docs" / "career-pathways.md").write_text(before, encoding="utf-8")
    assert result.returncode != 0
    assert snapshot(built / "site") == site
    assert leftovers(built) == []


def test_a_killed_build_leaves_the_site_and_no_worker(built: Path, tmp_path: Path) -> None:
    site = snapshot(built / "site")
    # A cache of its own: every PDF is rendered, in workers, while it is killed.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MENTORGUIDE_CACHE_DIR": str(tmp_path)}
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(built / "site")],
        cwd=built,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers |= descendants(build.pid)
            time.sleep(0.05)
        assert workers, "the build started no PDF worker"
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=10)
        assert wait_until_gone(workers) == set()
    finally:
        kill_all(workers)
    assert snapshot(built / "site") == site
    assert len(leftovers(built)) == 1  # the killed build's staging folder ...
    result = build_site(built, built / "site")
    assert result.returncode == 0, result.stderr
    assert leftovers(built) == []  # ... which the next build removes


def test_a_build_keeps_the_sites_hidden_files(built: Path) -> None:
    # MkDocs' own cleaning keeps them: a gh-pages checkout's .git, a host's .nojekyll.
    (built / "site" / ".git").mkdir()
    (built / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (built / "site" / ".nojekyll").write_text("")
    result = build_site(built, built / "site")
    assert result.returncode == 0, result.stderr
    assert (built / "site" / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (built / "site" / ".nojekyll").exists()
    assert (built / "site" / "index.html").exists()
    assert leftovers(built) == []
