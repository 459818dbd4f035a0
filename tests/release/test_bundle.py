"""The package carries its npm files (browser libraries, fonts) with their licences: bundled at
build time from node_modules as package-lock.json pins them, read at run time from the
package only, and a build that cannot bundle them stops, saying what to run."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from mentorguide.files import vendored
from mentorguide.site.vendor import IFRAME_WORKER, PDF_LIB, vendored_script
from tests.conftest import ROOT


def load_bundler() -> ModuleType:
    """build_support/mentorguide_bundle.py, as the build backend imports it."""
    path = ROOT / "build_support" / "mentorguide_bundle.py"
    spec = importlib.util.spec_from_file_location("mentorguide_bundle", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


bundler = load_bundler()
LOCK = {
    name.removeprefix("node_modules/"): entry["version"]
    for name, entry in json.loads((ROOT / "package-lock.json").read_text("utf-8"))[
        "packages"
    ].items()
    if name
}


def tree_without_node_modules(tmp_path: Path) -> Path:
    """What the bundler reads of a source tree: pyproject.toml and package-lock.json."""
    for name in ("pyproject.toml", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_package_carries_every_declared_file_at_the_locked_version() -> None:
    vendor = vendored.vendor_dir()
    assert bundler.bundle_problems(vendor, ROOT) == []
    record = json.loads((vendor / "bundle.json").read_text("utf-8"))
    assert {name: p["version"] for name, p in record["packages"].items()} == {
        name: LOCK[name] for name in record["packages"]
    }
    declared = {entry.package: entry.files for entry in bundler.declared(ROOT)}
    assert set(declared) == {
        "pdf-lib",
        "@pdf-lib/fontkit",
        "iframe-worker",
        "dejavu-fonts-ttf",
    }
    for package, files in declared.items():
        for relative in files:
            assert vendored.vendored_file(package, relative).is_file()


def test_every_bundled_package_brings_its_license_text() -> None:
    record = json.loads((vendored.vendor_dir() / "bundle.json").read_text("utf-8"))
    for package, entry in record["packages"].items():
        license = vendored.vendor_dir() / package / entry["license_file"]
        assert license.stat().st_size > 400, package
    notice = (ROOT / "NOTICE").read_text("utf-8")
    assert [name for name in record["packages"] if name not in notice] == []


def test_a_tree_without_node_modules_or_a_bundle_cannot_be_built(tmp_path: Path) -> None:
    root = tree_without_node_modules(tmp_path)
    with pytest.raises(bundler.BundleError) as error:
        bundler.ensure(root)
    lines = str(error.value).splitlines()
    assert lines[0] == (
        "mentorguide cannot bundle its browser libraries and fonts into the package:"
    )
    assert "  - node_modules/pdf-lib is not installed" in lines
    assert "  - node_modules/dejavu-fonts-ttf is not installed" in lines
    assert lines[-1] == (
        f"Run `npm ci` in {root} (it installs them from package-lock.json), then build again."
    )


def test_an_installed_package_at_another_version_than_the_lock_stops_the_build(
    tmp_path: Path,
) -> None:
    root = tree_without_node_modules(tmp_path)
    shutil.copytree(ROOT / "node_modules", root / "node_modules", symlinks=True)
    (root / "node_modules" / "pdf-lib" / "package.json").write_text(
        '{"name": "pdf-lib", "version": "1.16.0"}', encoding="utf-8"
    )
    with pytest.raises(bundler.BundleError) as error:
        bundler.ensure(root)
    assert (
        f"  - node_modules/pdf-lib is version 1.16.0, package-lock.json pins {LOCK['pdf-lib']}"
        in str(error.value).splitlines()
    )


def test_an_sdist_carries_its_bundle_and_needs_no_node_modules(tmp_path: Path) -> None:
    root = tree_without_node_modules(tmp_path)
    vendor = root / "src" / "mentorguide" / "vendor"
    shutil.copytree(vendored.vendor_dir(), vendor)
    assert bundler.ensure(root) == vendor
    (vendor / "pdf-lib" / "dist" / "pdf-lib.min.js").write_text("changed", encoding="utf-8")
    with pytest.raises(bundler.BundleError) as error:
        bundler.ensure(root)
    assert (
        "  - the bundle's pdf-lib/dist/pdf-lib.min.js is missing or changed"
        in str(error.value).splitlines()
    )


def test_bundling_again_rewrites_nothing(tmp_path: Path) -> None:
    root = tree_without_node_modules(tmp_path)
    os.symlink(ROOT / "node_modules", root / "node_modules")
    vendor = bundler.ensure(root)
    stamps = {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()}
    (vendor / "stale.js").write_text("left from an older bundle", encoding="utf-8")
    bundler.ensure(root)
    assert {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()} == stamps


@pytest.mark.release
def test_a_wheel_built_without_the_npm_files_fails_loudly(tmp_path: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    tree = tmp_path / "tree"
    for name in tracked:
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
        elif source.is_symlink():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), tree / name)
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(tmp_path), "."],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "node_modules/pdf-lib is not installed" in result.stderr
    assert f"Run `npm ci` in {tree} (it installs them from package-lock.json)" in result.stderr
    assert list(tmp_path.glob("*.whl")) == []


def test_the_site_serves_pdf_lib_with_every_license_it_carries(built_site: Path) -> None:
    script = (built_site / PDF_LIB).read_text("utf-8")
    banner = script[: script.index("*/")]
    assert banner.startswith("/*! pdf-lib, bundled by mentorguide. Licences:")
    for package in ("pdf-lib", "pako", "@pdf-lib/standard-fonts", "@pdf-lib/upng", "tslib"):
        assert f"\n{package} {LOCK[package]} (" in banner, package
    assert "Copyright (c) 2019 Andrew Dillon" in banner
    assert "sourceMappingURL" not in script


def test_the_offline_site_serves_the_shim_with_its_license(offline_society_site: Path) -> None:
    shim = (offline_society_site / IFRAME_WORKER).read_text("utf-8")
    assert shim.startswith(
        f"/*! iframe-worker, bundled by mentorguide. Licences:\n\niframe-worker "
        f"{LOCK['iframe-worker']} (MIT):\n\nCopyright (c) 2020-2022 Martin Donath"
    )


def test_a_package_without_its_bundle_fails_the_build_saying_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vendored, "vendor_dir", lambda: tmp_path)
    with pytest.raises(PluginError) as error:
        vendored_script(PDF_LIB)
    assert str(error.value) == (
        "mentorguide: the mentorguide package has no bundled pdf-lib/dist/pdf-lib.min.js "
        f"(looked in {tmp_path}); an installed release always carries it, so reinstall "
        "mentorguide; in a checkout of its repository, run `make` (npm ci, then bundle)"
    )
