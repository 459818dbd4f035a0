"""The proof that a society gets everything from the package: the wheel built from this tree,
installed as the society README says into a fresh virtualenv in an empty folder, far from the
checkout and with no node_modules anywhere, makes a project with ``mentorguide init`` that
``make site`` (and ``OFFLINE=true make site``) builds whole: every page, all eight PDFs, and a
worksheet a reader fills in Chromium comes back as a filled PDF.

The wheel is built from the current tree on every run (sdist first, then the wheel from the
unpacked sdist, as the release workflow does). The dependencies' wheels are kept in
``.cache/release/`` (keyed by constraints.txt and the wheel's requirements), and every install
here uses only them (``PIP_NO_INDEX``): the PyPI a society would use, minus the network.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdf
import pytest
from playwright.sync_api import Browser, expect

from mentorguide import __version__
from mentorguide.pdf.fill import read_values
from tests.conftest import ROOT, guarded, serve_directory

pytestmark = [pytest.mark.release, pytest.mark.browser]

NAME = "Ohio Society of Health-System Pharmacists"
WHEEL = f"mentorguide-{__version__}-py3-none-any.whl"
WORKSHEETS = (
    "career-development-plan",
    "check-in",
    "cycle-evaluation",
    "fit-check",
    "meeting-agenda",
    "mentorship-agreement",
    "milestone-tracker",
    "smart-goal",
    "mentee-survey",
    "mentor-survey",
)


def run(argv: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def dependency_wheels(wheel: Path) -> Path:
    """Wheels of everything ``wheel`` requires, at constraints.txt's versions (cached)."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"mentorguide-{__version__}.dist-info/METADATA").decode()
    requirements = sorted(line for line in metadata.splitlines() if line.startswith("Requires"))
    key = hashlib.sha256(
        (ROOT / "constraints.txt").read_bytes() + "\n".join(requirements).encode()
    ).hexdigest()[:16]
    house = ROOT / ".cache" / "release" / f"wheels-{key}"
    if not house.is_dir():
        making = house.with_name(house.name + ".making")
        shutil.rmtree(making, ignore_errors=True)
        constraints = ROOT / "constraints.txt"
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "-c",
                constraints,
                "-w",
                making,
                wheel,
            ],
            cwd=ROOT,
            env=dict(os.environ),
        )
        for ours in making.glob("mentorguide-*.whl"):
            ours.unlink()  # ours is built afresh on every run, never taken from here
        making.rename(house)
    return house


def clean_env(home: Path, wheelhouse: Path) -> dict[str, str]:
    """A society's shell: no checkout, virtualenv or PYTHONPATH of ours, no pip config; pip
    finds packages only in ``wheelhouse`` (and the project's wheels/ folder)."""
    keep = {k: os.environ[k] for k in ("LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    path = [p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(str(ROOT)) and p]
    return {
        **keep,
        "PATH": os.pathsep.join(path),
        "HOME": str(home),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@dataclass
class Society:
    folder: Path
    """The society's project, made by ``mentorguide init .`` in its own folder."""
    wheel: Path
    env: dict[str, str]
    online: Path
    """A copy of the site ``make site`` built (``site/`` then holds the offline build)."""
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.folder / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def society(tmp_path_factory: pytest.TempPathFactory) -> Society:
    tmp = tmp_path_factory.mktemp("release")
    started = time.monotonic()
    dist = tmp / "dist"
    run(
        [sys.executable, "-m", "build", "--no-isolation", "-o", dist, "."],
        cwd=ROOT,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    wheel = dist / WHEEL
    built = time.monotonic()
    wheelhouse = dependency_wheels(wheel)
    folder = tmp / "work" / "oshp-guide"
    folder.mkdir(parents=True)
    env = clean_env(tmp / "home", wheelhouse)
    (tmp / "home").mkdir()
    society = Society(folder, wheel, env, tmp / "online")
    # The README's steps: the wheel in wheels/, a virtualenv, install, init, make site.
    installing = time.monotonic()
    (folder / "wheels").mkdir()
    shutil.copy2(wheel, folder / "wheels" / WHEEL)
    base_python = getattr(sys, "_base_executable", sys.executable)
    run([base_python, "-m", "venv", ".venv"], folder, env)
    run([".venv/bin/pip", "install", "--quiet", f"wheels/{WHEEL}"], folder, env)
    installed = time.monotonic()
    society.outputs["init"] = run(
        [".venv/bin/mentorguide", "init", ".", "--name", NAME], folder, env
    )
    society.outputs["site"] = run(["make", "site", f"PYTHON={base_python}"], folder, env)
    done = time.monotonic()
    shutil.copytree(folder / "site", society.online)
    society.outputs["offline"] = run(
        ["make", "site", f"PYTHON={base_python}"], folder, {**env, "OFFLINE": "true"}
    )
    society.seconds = {
        "build the sdist and wheel": built - started,
        "install into a fresh virtualenv": installed - installing,
        "init and make site": done - installed,
        "install to site": done - installing,
        "OFFLINE=true make site": time.monotonic() - done,
    }
    print(
        f"\nwheel {wheel.stat().st_size / 1e6:.2f} MB; "
        + "; ".join(f"{what} {seconds:.1f} s" for what, seconds in society.seconds.items())
    )
    return society


def test_the_wheel_carries_the_guide_its_fonts_libraries_and_licenses(society: Society) -> None:
    names = set(zipfile.ZipFile(society.wheel).namelist())
    for expected in (
        "mentorguide/guide/content/guide.yml",
        "mentorguide/guide/docs/index.md",
        "mentorguide/guide/worksheets/smart-goal.yml",
        "mentorguide/guide/hooks/guide.py",
        "mentorguide/vendor/bundle.json",
        "mentorguide/vendor/pdf-lib/dist/pdf-lib.min.js",
        "mentorguide/vendor/pdf-lib/LICENSE.md",
        "mentorguide/vendor/iframe-worker/shim/index.js",
        "mentorguide/vendor/dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
        "mentorguide/vendor/dejavu-fonts-ttf/LICENSE",
        f"mentorguide-{__version__}.dist-info/licenses/LICENSE",
        f"mentorguide-{__version__}.dist-info/licenses/NOTICE",
    ):
        assert expected in names, expected
    assert not [n for n in names if "/.cache/" in n or "node_modules" in n or ".pyc" in n]


def test_the_package_runs_from_the_virtualenv_not_the_checkout(society: Society) -> None:
    where = run(
        [society.python, "-c", "import mentorguide, sys; print(mentorguide.__file__, *sys.path)"],
        society.folder.parent,
        society.env,
    ).split()
    assert where[0].startswith(str(society.folder / ".venv" / "lib"))
    assert [p for p in where if p.startswith(str(ROOT))] == []
    for folder in (society.folder.parent, society.folder):
        assert not list(folder.rglob("node_modules"))


def test_init_pins_the_installed_version_and_says_what_next(society: Society) -> None:
    assert f"mentorguide=={__version__}" in (society.folder / "requirements.txt").read_text()
    assert "  make site     # build into site/" in society.outputs["init"]


def test_every_page_is_built(society: Society) -> None:
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    for page in pages:
        assert (society.online / page / "index.html").is_file(), page
    for slug in WORKSHEETS:
        assert (society.online / "worksheets" / slug / "index.html").is_file(), slug
    home = (society.online / "index.html").read_text("utf-8")
    assert f"Hosted by {NAME}." in home
    assert 'content="mkdocs-ProperDocs 1.6.7' in home
    assert (society.online / "search" / "search_index.json").is_file()


@pytest.mark.parametrize("build", ["online", "offline"])
def test_all_eight_pdfs_are_valid(society: Society, build: str) -> None:
    site = society.online if build == "online" else society.folder / "site"
    pdfs = sorted(site.rglob("*.pdf"))
    assert sorted(p.relative_to(site).as_posix() for p in pdfs) == sorted(
        ["guide.pdf", *(f"worksheets/{slug}.pdf" for slug in WORKSHEETS)]
    )
    for path in pdfs:
        data = path.read_bytes()
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 1 and reader.pages[0].extract_text().strip(), path.name
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert "/StructTreeRoot" in pdf.Root, path.name
            if path.name != "guide.pdf":
                assert len(pdf.Root.AcroForm.Fields) > 0, path.name
                # A Latin-only worksheet stays small: the fonts are subsets.
                assert len(data) <= 100_000, (path.name, len(data))


def test_the_offline_build_works_from_files(society: Society) -> None:
    site = society.folder / "site"
    home = (site / "index.html").read_text("utf-8")
    assert '<script src="assets/vendor/iframe-worker-shim.js"' in home
    assert (
        (site / "assets/vendor/iframe-worker-shim.js")
        .read_text("utf-8")
        .startswith("/*! iframe-worker, bundled by mentorguide.")
    )
    assert (site / "search" / "search_index.js").is_file()


def test_outside_the_project_the_installed_cli_uses_the_packaged_guide(
    society: Society, tmp_path: Path
) -> None:
    mentorguide = society.folder / ".venv" / "bin" / "mentorguide"
    output = run(
        [mentorguide, "worksheet", "pdf", "smart-goal", "-o", "x.pdf"], tmp_path, society.env
    )
    assert output == (
        "wrote x.pdf (49 KB)\nNote: no guide project in this folder; using the guide packaged "
        f"with mentorguide {__version__} (--project DIR for another).\n"
    )
    assert "goal" in read_values((tmp_path / "x.pdf").read_bytes())
    checked = run([mentorguide, "check"], tmp_path, society.env)
    assert "Content OK: 16 content files and 10 worksheets are valid" in checked


def test_a_reader_fills_a_worksheet_and_downloads_its_pdf(
    society: Society, browser: Browser, tmp_path: Path
) -> None:
    goal = "Earn the CSPT by June — with my mentor’s help"
    for server in serve_directory(society.online):
        for guarded_page in guarded(browser, server):
            page = guarded_page.page
            page.goto(f"{server.url}worksheets/smart-goal/")
            expect(page.locator("form.mg-worksheet.mg-ws-ready")).to_have_count(1)
            page.fill("[name=mentee_name]", "Zoë Łukasz")
            page.fill("[name=goal]", goal)
            with page.expect_download() as made:
                page.click('form.mg-worksheet [data-action="download-pdf"]')
            made.value.save_as(tmp_path / "goal.pdf")
            assert guarded_page.foreign_requests == []
    values = read_values((tmp_path / "goal.pdf").read_bytes())
    assert (values["mentee_name"], values["goal"]) == ("Zoë Łukasz", goal)
