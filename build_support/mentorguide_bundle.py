"""Bundle the npm files mentorguide ships (browser libraries, fonts) into its package.

The files are declared once, in ``pyproject.toml`` under ``[[tool.mentorguide.bundle]]``;
their versions are pinned in ``package-lock.json``; ``npm ci`` puts them in ``node_modules``.
This script copies each declared file, and the licence texts of its package (and of the
packages its code carries), into ``src/mentorguide/vendor/<package>/`` and records what it
copied in ``vendor/bundle.json``. The installed package reads them from there, never from
``node_modules``.

It runs at build time (``mentorguide_backend``: every wheel, sdist and editable install) and
from ``make`` (``python3 build_support/mentorguide_bundle.py``). A tree without
``node_modules`` is fine when its bundle already matches the lock file (an sdist carries its
bundle); otherwise the build fails, saying what is missing and that ``npm ci`` fixes it.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where the bundle goes, inside the package's source folder (ignored by git).
VENDOR = Path("src") / "mentorguide" / "vendor"
RECORD = "bundle.json"
#: A package's licence file: the first of these names it has.
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "COPYING")
#: Bump when the bundle's layout or record changes, so older bundles are remade.
FORMAT = 1


class BundleError(Exception):
    """The package cannot carry its browser libraries and fonts: the build must stop."""


@dataclass(frozen=True)
class Declared:
    """One ``[[tool.mentorguide.bundle]]`` entry."""

    package: str
    files: tuple[str, ...]
    licenses_of: tuple[str, ...] = ()
    """Packages whose code ``files`` carry (a minified build), so their licences travel too."""
    license_file: str = ""
    """For a package that ships no licence file but states its licence in another file (its
    README): that file, which then travels as its licence."""


def declared(root: Path = ROOT) -> list[Declared]:
    """The files pyproject.toml says the package carries."""
    with (root / "pyproject.toml").open("rb") as file:
        entries = tomllib.load(file).get("tool", {}).get("mentorguide", {}).get("bundle", [])
    found = []
    for entry in entries:
        if set(entry) - {"npm", "files", "licenses-of", "license-file"} or "npm" not in entry:
            raise BundleError(
                f"pyproject.toml: a [[tool.mentorguide.bundle]] entry takes npm = "
                f"'<package>', files = [...], licenses-of = [...] and license-file = "
                f"'<file>'; got {sorted(entry)}"
            )
        found.append(
            Declared(
                entry["npm"],
                tuple(entry.get("files", ())),
                tuple(entry.get("licenses-of", ())),
                entry.get("license-file", ""),
            )
        )
    return found


def locked_versions(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """``package-lock.json``'s entry (version, licence) for every installed package."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return {
        name.removeprefix("node_modules/"): entry
        for name, entry in lock.get("packages", {}).items()
        if name.startswith("node_modules/")
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _license_file(folder: Path) -> Path | None:
    return next((folder / n for n in LICENSE_NAMES if (folder / n).is_file()), None)


def plan(root: Path = ROOT) -> tuple[dict[str, Any], dict[str, bytes], list[str]]:
    """What the bundle would hold, made from ``node_modules``: its record, its files (path
    under vendor/ → bytes) and the problems that keep it from being made."""
    lock = locked_versions(root)
    modules = root / "node_modules"
    record: dict[str, Any] = {"format": FORMAT, "packages": {}}
    files: dict[str, bytes] = {}
    problems: list[str] = []
    for entry in declared(root):
        for package in (entry.package, *entry.licenses_of):
            if package in record["packages"]:
                continue
            locked = lock.get(package)
            if locked is None:
                problems.append(
                    f"pyproject.toml bundles the npm package '{package}', which "
                    "package-lock.json does not pin (add it to package.json, then run npm install)"
                )
                continue
            folder = modules / package
            try:
                installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                problems.append(f"node_modules/{package} is not installed")
                continue
            if installed.get("version") != locked["version"]:
                problems.append(
                    f"node_modules/{package} is version {installed.get('version')}, "
                    f"package-lock.json pins {locked['version']}"
                )
                continue
            license = _license_file(folder)
            if package == entry.package and entry.license_file:
                license = folder / entry.license_file
                if not license.is_file():
                    license = None
            if license is None:
                problems.append(f"node_modules/{package} has no license file ({LICENSE_NAMES[0]})")
                continue
            wanted = entry.files if package == entry.package else ()
            included = {}
            for relative in (*wanted, license.name):
                source = folder / relative
                if not source.is_file():
                    problems.append(f"node_modules/{package} has no file {relative}")
                    continue
                data = source.read_bytes()
                files[f"{package}/{relative}"] = data
                included[relative] = _sha256(data)
            record["packages"][package] = {
                "version": locked["version"],
                "license": locked.get("license", ""),
                "license_file": license.name,
                "files": included,
                "licenses_of": list(entry.licenses_of) if package == entry.package else [],
            }
    return record, files, problems


def expected_versions(root: Path = ROOT) -> dict[str, str]:
    """Every package the bundle must hold, at the version package-lock.json pins."""
    lock = locked_versions(root)
    return {
        package: lock.get(package, {}).get("version", "?")
        for entry in declared(root)
        for package in (entry.package, *entry.licenses_of)
    }


def bundle_problems(vendor: Path, root: Path = ROOT) -> list[str]:
    """Why an existing bundle does not match the declared files and the lock (none: it does)."""
    try:
        record = json.loads((vendor / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{vendor.relative_to(root)}/{RECORD} does not exist"]
    if record.get("format") != FORMAT:
        return ["the bundle was made by an older build"]
    problems = []
    packages = record.get("packages", {})
    for package, version in expected_versions(root).items():
        have = packages.get(package, {})
        if have.get("version") != version:
            problems.append(f"the bundle has {package} {have.get('version')}, the lock {version}")
            continue
        for relative, digest in have.get("files", {}).items():
            path = vendor / package / relative
            if not path.is_file() or _sha256(path.read_bytes()) != digest:
                problems.append(f"the bundle's {package}/{relative} is missing or changed")
    for entry in declared(root):
        have_files = packages.get(entry.package, {}).get("files", {})
        problems += [
            f"the bundle lacks {entry.package}/{relative}"
            for relative in entry.files
            if relative not in have_files
        ]
    return problems


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return  # same bytes, same modification time: nothing downstream rebuilds
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def ensure(root: Path = ROOT) -> Path:
    """Make ``src/mentorguide/vendor`` hold exactly the declared files; return it.

    From ``node_modules`` when it has them; a tree without it (an sdist) must already carry a
    bundle matching the lock. Raises ``BundleError`` with every problem otherwise.
    """
    vendor = root / VENDOR
    record, files, problems = plan(root)
    if not problems:
        files[RECORD] = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode()
        for relative, data in files.items():
            _write_if_changed(vendor / relative, data)
        for path in sorted(vendor.rglob("*"), reverse=True):  # leave nothing stale behind
            relative = path.relative_to(vendor).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return vendor
    if not (root / "node_modules").is_dir() and not bundle_problems(vendor, root):
        return vendor
    stale = bundle_problems(vendor, root) if (vendor / RECORD).is_file() else []
    raise BundleError(
        "mentorguide cannot bundle its browser libraries and fonts into the package:\n"
        + "".join(f"  - {problem}\n" for problem in [*problems, *stale])
        + f"Run `npm ci` in {root} (it installs them from package-lock.json), then build again."
    )


def main() -> int:
    try:
        vendor = ensure()
    except BundleError as error:
        print(error, file=sys.stderr)
        return 1
    record = json.loads((vendor / RECORD).read_text(encoding="utf-8"))
    listed = ", ".join(f"{name} {p['version']}" for name, p in sorted(record["packages"].items()))
    print(f"bundled into {vendor.relative_to(ROOT)}: {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
