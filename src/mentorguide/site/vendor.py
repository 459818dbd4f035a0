"""The npm files the site serves (pdf-lib, the offline search shim), from the installed
package (``files.vendored``), with their licences on top; never from ``node_modules``."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..files.vendored import MissingVendorFile, vendored_file, with_licence_banner

#: Where the site serves each bundled script: site path → (npm package, file in it).
PDF_LIB = "assets/vendor/pdf-lib.min.js"
IFRAME_WORKER = "assets/vendor/iframe-worker-shim.js"
SCRIPTS = {
    PDF_LIB: ("pdf-lib", "dist/pdf-lib.min.js"),
    IFRAME_WORKER: ("iframe-worker", "shim/index.js"),
}


def vendored_script(site_path: str) -> bytes:
    """The script served at ``site_path``, licences included; a package that lacks it fails
    the build with what to do."""
    package, relative = SCRIPTS[site_path]
    try:
        return with_licence_banner(package, vendored_file(package, relative).read_bytes())
    except MissingVendorFile as error:
        raise PluginError(f"mentorguide: {error}") from None
