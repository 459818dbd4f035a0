"""Files of npm packages that the installed package carries: browser libraries and fonts.

The build copies them into ``mentorguide/vendor/<package>/`` with their licence texts and a
record, ``vendor/bundle.json`` (``build_support/mentorguide_bundle.py``; the list is
declared in ``pyproject.toml``). At run time they are read from there only: a society's
project needs no ``node_modules``, and a build never reads this repository's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

RECORD = "bundle.json"


class MissingVendorFile(Exception):
    """The package lacks a file its build should have bundled."""


@dataclass(frozen=True)
class License:
    package: str
    version: str
    spdx: str
    text: str


def vendor_dir() -> Path:
    return Path(str(resources.files("mentorguide") / "vendor"))


def _record() -> dict[str, Any]:
    try:
        record: dict[str, Any] = json.loads((vendor_dir() / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record


def _missing(what: str) -> MissingVendorFile:
    return MissingVendorFile(
        f"the mentorguide package has no bundled {what} (looked in {vendor_dir()}); an "
        "installed release always carries it, so reinstall mentorguide; in a checkout of "
        "its repository, run `make` (npm ci, then bundle)"
    )


def vendored_file(package: str, relative: str) -> Path:
    """A bundled file of an npm package, e.g. ``pdf-lib``'s ``dist/pdf-lib.min.js``."""
    listed = _record().get("packages", {}).get(package, {}).get("files", {})
    path = vendor_dir() / package / relative
    if relative not in listed or not path.is_file():
        raise _missing(f"{package}/{relative}")
    return path


def licenses(package: str) -> list[License]:
    """The licences a copy of ``package``'s bundled files must carry: its own, then those of
    the packages its code includes."""
    packages = _record().get("packages", {})
    if package not in packages:
        raise _missing(f"package {package}")
    found = []
    for name in (package, *packages[package].get("licenses_of", [])):
        entry = packages.get(name)
        if entry is None:
            raise _missing(f"licence of {name}")
        path = vendor_dir() / name / entry["license_file"]
        if not path.is_file():
            raise _missing(f"{name}/{entry['license_file']}")
        text = path.read_text(encoding="utf-8").strip()
        found.append(License(name, entry["version"], entry.get("license", ""), text))
    return found


def with_license_banner(package: str, code: bytes) -> bytes:
    """A bundled script with the licences it must carry (MIT asks for the notice in every
    copy) in a ``/*! … */`` comment on top; its pointer to a source map, which is not
    shipped, is dropped (it would only cause a 404)."""
    parts = [
        f"{license.package} {license.version} ({license.spdx}):\n\n"
        + license.text.replace("*/", "* /")
        for license in licenses(package)
    ]
    banner = f"/*! {package}, bundled by mentorguide. Licences:\n\n"
    banner += "\n\n----\n\n".join(parts) + "\n*/\n"
    body = b"\n".join(
        line for line in code.split(b"\n") if not line.startswith(b"//# sourceMappingURL=")
    )
    return banner.encode("utf-8") + body
