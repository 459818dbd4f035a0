"""The npm files the site serves (pdf-lib and its font engine, the PDF fill font, the offline
search shim), from the installed package (``files.vendored``), scripts with their licences
on top; never from ``node_modules``."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..files.vendored import MissingVendorFile, vendored_file, with_license_banner

#: Where the site serves each bundled script: site path → (npm package, file in it).
PDF_LIB = "assets/vendor/pdf-lib.min.js"
FONTKIT = "assets/vendor/fontkit.umd.min.js"
IFRAME_WORKER = "assets/vendor/iframe-worker-shim.js"
SCRIPTS = {
    PDF_LIB: ("pdf-lib", "dist/pdf-lib.min.js"),
    FONTKIT: ("@pdf-lib/fontkit", "dist/fontkit.umd.min.js"),
    IFRAME_WORKER: ("iframe-worker", "shim/index.js"),
}
#: The face the browser cuts a subset from when an answer has a character the blank PDF's
#: field font lacks; fetched on export only, and only then (740 KB).
FILL_FONT = "assets/vendor/DejaVuSans.ttf"
FONTS = {FILL_FONT: ("dejavu-fonts-ttf", "ttf/DejaVuSans.ttf")}


def vendored_script(site_path: str) -> bytes:
    """The script served at ``site_path``, licences included; a package that lacks it fails
    the build with what to do."""
    package, relative = SCRIPTS[site_path]
    try:
        return with_license_banner(package, vendored_file(package, relative).read_bytes())
    except MissingVendorFile as error:
        raise PluginError(f"mentorguide: {error}") from None


def vendored_font(site_path: str) -> bytes:
    """The font file served at ``site_path`` (its licence travels in the package)."""
    package, relative = FONTS[site_path]
    try:
        return vendored_file(package, relative).read_bytes()
    except MissingVendorFile as error:
        raise PluginError(f"mentorguide: {error}") from None
