"""The guide's own CSS and JavaScript in the site, and how pages load them.

Every site built from the package gets ``mentorguide.css`` (the guide's and the worksheets'
styles, served as one stylesheet without its comments), ``mentorguide.js`` and the worksheet
scripts. Scripts load with ``defer``, Material's bundle included, so none holds back the
first paint; they still run in document order once the page is parsed.
"""

from __future__ import annotations

import re
from importlib import resources

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ASSET_DIR = "assets/mentorguide"
ASSETS = ("mentorguide.css", "mentorguide.js")
#: Served inside mentorguide.css: the worksheets' style is on every page (so instant
#: navigation never shows an unstyled form), and one stylesheet is one render-blocking
#: request fewer on a slow phone network (Lighthouse's mobile FCP).
STYLESHEET_PARTS = ("mentorguide.css", "worksheet.css")
#: The form's script (loaded by worksheet pages only) and the script that makes and reads
#: PDFs (loaded only when a reader makes or opens one).
WORKSHEET_ASSETS = ("worksheet.js", "worksheet-pdf.js")
#: Served as worksheet.js, in this order: reading given answers (pure, so Node's tests load
#: it) and keeping answers in the browser (storage, merging tabs, setting aside stale
#: answers) are modules of their own, one request with the form's.
FORM_SCRIPT_PARTS = ("worksheet-answers.js", "worksheet-storage.js", "worksheet.js")


def add_to_config(config: MkDocsConfig) -> None:
    """Put the stylesheet and script on every page; defer every extra script."""
    stylesheet, script = (f"{ASSET_DIR}/{name}" for name in ASSETS)
    if stylesheet not in config.extra_css:
        config.extra_css.append(stylesheet)
    if script not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(script)
    # Material's bundle is deferred (see defer_scripts); scripts after it, which may use what
    # it defines (document$), are deferred too, so they still run after it and in order.
    config.extra_javascript = [_deferred(s) for s in config.extra_javascript]


def add_files(files: Files, config: MkDocsConfig) -> None:
    """Serve the package's CSS and JS (a project's own file at the same path wins)."""
    package = resources.files("mentorguide") / "assets"
    for name in (*ASSETS, *WORKSHEET_ASSETS):
        uri = f"{ASSET_DIR}/{name}"
        if files.get_file_from_path(uri) is None:
            if name == ASSETS[0]:
                css = "\n".join((package / part).read_text("utf-8") for part in STYLESHEET_PARTS)
                content = compact_css(css).encode("utf-8")
            elif name == FORM_SCRIPT_PARTS[-1]:
                content = b"\n".join((package / part).read_bytes() for part in FORM_SCRIPT_PARTS)
            else:
                content = (package / name).read_bytes()
            files.append(File.generated(config, uri, content=content))


def _deferred(script: str | ExtraScriptValue) -> ExtraScriptValue:
    value = script if isinstance(script, ExtraScriptValue) else ExtraScriptValue(script)
    if not value.async_:
        value.defer = True
    return value


_CSS_TOKENS = re.compile(r'("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')|(?:\s|/\*.*?\*/)+', re.S)


def compact_css(css: str) -> str:
    """``css`` without its comments and with each run of white space made one space
    (strings kept as written): the explanations stay in the source, not in every reader's
    first load (1.2 KB of the stylesheet's 3.3 KB compressed)."""

    def keep(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        # A comment alone between two tokens joins them, as CSS reads it; space separates.
        return " " if re.sub(r"/\*.*?\*/", "", match.group(0), flags=re.S) else ""

    return _CSS_TOKENS.sub(keep, css).strip()


#: Material's script, which it loads at the end of <body> without ``defer``.
_THEME_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">')


def defer_scripts(output: str) -> str:
    """Load Material's bundle with ``defer``: it still runs before DOMContentLoaded, on the
    whole document, but the browser no longer waits for it before the first paint, and the
    search index it fetches is no longer on a slow phone's way to that paint (Lighthouse
    mobile FCP 1.5 s → 1.1 s). ``extra_javascript`` is deferred too (``on_config``)."""
    return _THEME_BUNDLE.sub(r'<script defer src="\1">', output, count=1)
