"""What ``mentorguide init`` gives a society to install and upgrade: the pin of the version
that made it, a Makefile that installs it (from PyPI or a wheel file in wheels/) and builds
with ProperDocs by default, and a README that says how."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mentorguide import __version__
from mentorguide.cli.main import main

#: What a make running these tests passes down, and what the project's Makefile reads.
MAKE_VARIABLES = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "PYTHON", "ENGINE"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "oshp"), "--name", "Ohio Society"]) == 0
    return tmp_path / "oshp"


def dry_run(project: Path, *args: str) -> list[str]:
    """The commands ``make site`` would run, in order (as from a shell of its own, not
    from inside another make)."""
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    result = subprocess.run(
        ["make", "-n", "site", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_init_pins_the_version_that_made_it(project: Path) -> None:
    lines = (project / "requirements.txt").read_text("utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [f"mentorguide=={__version__}"]


def test_make_site_installs_the_pin_and_builds_with_properdocs(project: Path) -> None:
    assert dry_run(project) == [
        "python3 -m venv .venv",
        ".venv/bin/pip install --quiet -r requirements.txt",
        "touch .venv/.installed",
        ".venv/bin/properdocs build --strict -f mkdocs.yml",
    ]


def test_engine_mkdocs_builds_with_mkdocs(project: Path) -> None:
    assert dry_run(project, "ENGINE=mkdocs")[-1] == ".venv/bin/mkdocs build --strict -f mkdocs.yml"


def test_a_wheel_file_in_wheels_is_installed_from_there(project: Path) -> None:
    (project / "wheels").mkdir()
    (project / "wheels" / f"mentorguide-{__version__}-py3-none-any.whl").write_bytes(b"")
    assert ".venv/bin/pip install --quiet --find-links wheels -r requirements.txt" in dry_run(
        project
    )


def test_init_may_run_in_a_clone_holding_its_virtualenv_and_wheel(tmp_path: Path) -> None:
    for part in (".git", ".venv", "wheels"):
        (tmp_path / part).mkdir()
    assert main(["init", str(tmp_path), "--name", "Ohio Society"]) == 0
    assert (tmp_path / "society.yml").is_file()


def test_the_readme_says_how_to_install_upgrade_and_what_to_keep(project: Path) -> None:
    readme = (project / "README.md").read_text("utf-8")
    for section in ("## Install", "## Upgrade", "## The site engine", "## What you must keep"):
        assert section in readme
    assert f"mentorguide-{__version__}-py3-none-any.whl" in readme
    assert "2027-05-05" in readme and "ENGINE=mkdocs make site" in readme
    assert "Kay Yamamoto, PharmD, DPLA" in readme and "disclaimer" in readme
