"""Browser libraries from the npm registry, bundled into the built site (never committed).

``make`` installs them with ``npm ci`` from the project's lock file. A society's project has
its own ``node_modules``; in a checkout of this repository the default guide's is used.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..project.defaults import default_root


def node_modules_dirs(project_root: Path) -> list[Path]:
    """Where to look for npm packages: the project's own, then the default guide's."""
    repository = (default_root() / "mkdocs.yml").resolve().parent
    return [project_root / "node_modules", repository / "node_modules"]


def npm_file(project_root: Path, package: str, relative: str) -> Path:
    """A file of an installed npm package, e.g. ``pdf-lib``'s ``dist/pdf-lib.min.js``.

    Fails the build with the command that fixes it when the package is not installed.
    """
    for folder in node_modules_dirs(project_root):
        candidate = folder / package / relative
        if candidate.is_file():
            return candidate
    raise PluginError(
        f"the npm package '{package}' is not installed (looked for {package}/{relative} in "
        f"{', '.join(str(d) for d in node_modules_dirs(project_root))}); run `npm ci` "
        "(or `make site`, which does)"
    )
