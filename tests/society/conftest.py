"""The fixture society (tests/fixtures/society), built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site

FIXTURE = ROOT / "tests" / "fixtures" / "society"


def build_fixture(tmp: Path, **env: str) -> Path:
    # Build a copy: a build writes a cache next to the project, which must not land in git.
    project = tmp / "society"
    shutil.copytree(FIXTURE, project)
    site = tmp / "site"
    result = build_site(project, site, env=env)
    assert result.returncode == 0, f"society build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def society_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("society"))


@pytest.fixture(scope="session")
def offline_society_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("offline"), OFFLINE="true")
