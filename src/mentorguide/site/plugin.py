"""The guide's MkDocs integration as plain functions; ``hooks/guide.py`` only forwards.

Keeping the logic here (not in the hook) means a move to another site engine touches one
small file, and the CLI and tests call the same functions the build does.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..content.errors import ContentError
from ..content.load import Content
from ..files.cache import cache_dir
from ..pdf.engine import RenderCache
from ..pdf.renders import PdfRenders, new_build, stop_workers_with_server
from ..project.cache import load_project_cached
from ..project.load import Project
from . import assets as site_assets
from . import staging
from . import worksheets as worksheet_site
from .citations import CitationIndex, cited_in_html, link_citations
from .society import add_default_pages, apply_society, index_search_in
from .theme_env import speed_up_theme
from .vendor import IFRAME_WORKER, vendored_script

#: The MkDocs events this module handles: what a project's hook forwards.
__all__ = [
    "on_build_error",
    "on_config",
    "on_files",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_pre_build",
    "on_startup",
]

log = logging.getLogger("mkdocs.plugins.mentorguide")

REFERENCES_PAGE = "references.md"


@dataclass
class BuildState:
    """What one build knows: the validated content, where citations were found, the site's
    files and the PDFs being rendered for it."""

    project: Project
    citations: CitationIndex = field(default_factory=CitationIndex)
    files: Files | None = None
    renders: PdfRenders | None = None

    @property
    def content(self) -> Content:
        return self.project.content


_current: BuildState | None = None
#: Set by ``on_startup``: the process runs ``mkdocs serve`` (builds again on every change).
_serving = False
#: Set by ``on_startup``: ``--dirty``, which reuses what the site folder holds.
_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    """Under ``mkdocs serve``, builds do not wait for their PDFs (see ``renders.py``), and
    the PDF workers end with the server (``stop_workers_with``)."""
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty
    if _serving:
        stop_workers_with_server()


@event_priority(-100)  # last: just before MkDocs empties the site folder
def on_pre_build(config: MkDocsConfig) -> None:
    """Build into a staging folder, so a failed build leaves the site as it was
    (``staging.py``); ``mkdocs serve`` builds into a temporary folder already."""
    if not _serving and not _dirty:
        staging.start(config)


def on_build_error(error: Exception) -> None:
    """The build failed: drop its staging folder; the site stays as it was."""
    staging.fail()


def current() -> BuildState:
    """The state of the build in progress (macros call this when a page renders)."""
    if _current is None:
        raise PluginError("mentorguide: the content was not loaded; is the hook configured?")
    return _current


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


@event_priority(50)  # early: other plugins set themselves up from the theme and its language
def _load_content(config: MkDocsConfig) -> MkDocsConfig:
    """Validate all content before anything is written; fail with every problem at once.
    Then brand the site for its society and make its theme quicker to set up."""
    global _current
    root = project_dir(config)
    try:
        project = load_project_cached(root, Path(config.docs_dir), cache_dir(root))
    except ContentError as error:
        _current = None
        raise PluginError(f"the guide's content has problems:\n{error.report()}") from None
    new_build()  # before the site directory is cleaned: earlier builds' late PDFs stop here
    _current = BuildState(project=project)
    if project.society is not None:
        apply_society(config, project.society, project.strings, Path(config.docs_dir))
        index_search_in(config, [project.society.language, project.content.guide.language])
    escape_site_texts(config)
    if SAFE_LINKS not in config.markdown_extensions:
        config.markdown_extensions.append(SAFE_LINKS)
    speed_up_theme(config.theme, cache_dir(root))
    return config


#: The last guard on every page: no link to ``javascript:``, no event handler attribute.
SAFE_LINKS = "mentorguide.content.markup:SafeLinksExtension"
#: Settings the theme puts into pages as they are, in text and in attributes (``<title>``,
#: ``<meta content="…">``): text, so escaped (only when it holds a character HTML reads,
#: since the theme escapes some of them again in its tooltips).
_SITE_TEXTS = ("site_name", "site_description", "site_author")


def escape_site_texts(config: MkDocsConfig) -> None:
    for key in _SITE_TEXTS:
        value = config.get(key)
        if isinstance(value, str) and any(c in value for c in "<>&\"'"):
            config[key] = html.escape(value, quote=True)


def _add_assets(config: MkDocsConfig) -> MkDocsConfig:
    """After the other plugins' set-up: swap CDN scripts they add for local copies, and add
    the guide's CSS and JS."""
    # Material's offline plugin (for sites opened from files) adds a script from a CDN; use the
    # same shim, bundled in the package and served with the site: no page requests another host.
    polyfills = config.extra.get("polyfills", [])
    if any("iframe-worker" in str(url) for url in polyfills):
        config.extra["polyfills"] = [
            IFRAME_WORKER if "iframe-worker" in str(url) else url for url in polyfills
        ]
    site_assets.add_to_config(config)
    return config


on_config = CombinedEvent(_load_content, _add_assets)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated files: a society's default pages, the package's CSS and JS, and
    the worksheets' pages and PDFs (rendering in the background from here on)."""
    society = current().project.society
    if society is not None:
        files = add_default_pages(files, config, society)
    if IFRAME_WORKER in config.extra.get("polyfills", []):
        files.append(File.generated(config, IFRAME_WORKER, content=vendored_script(IFRAME_WORKER)))
    site_assets.add_files(files, config)
    # The worksheets' pages and PDFs, pdf-lib and the whole guide's PDF.
    state = current()
    state.files = files
    # A hook made by an older ``mentorguide init`` may not forward the events that finish
    # background renders; its PDFs are then rendered in this process, one after another.
    background = all(_receives(config, event) for event in (on_page_context, on_post_build))
    state.renders = PdfRenders(
        RenderCache(cache_dir(state.project.root)),
        workers=None if background else 0,
        serving=_serving,
    )
    return worksheet_site.add_files(files, config, state.project, state.renders)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Turn ``[@id]`` citations (from prose and rendered content) into reference links."""
    state = current()
    refs_url = get_relative_url(_url_of(REFERENCES_PAGE, files) or "references/", page.url)
    refs_url = "" if page.file.src_uri == REFERENCES_PAGE else refs_url
    linked, problems = link_citations(
        markdown,
        state.content,
        file=f"{Path(config.docs_dir).name}/{page.file.src_uri}",
        references_url=refs_url,
        page_url=page.url,
        page_title=page.title or page.file.name,
        index=state.citations,
        strings=state.project.strings,
    )
    if problems:
        raise PluginError("\n".join(str(p) for p in problems))
    return linked


@event_priority(100)  # before the search plugin indexes the page's text
def on_page_context(
    context: dict[str, object], page: Page, config: MkDocsConfig, nav: object
) -> dict[str, object]:
    """Fill in the sizes of PDFs that were still rendering when the page was converted."""
    state = current()
    if page.content is not None and state.files is not None:
        # A preview (mkdocs serve) shows "…" for a PDF still rendering rather than wait.
        waits = state.renders is None or not state.renders.serving
        page.content = worksheet_site.fill_pdf_sizes(page.content, state.files, wait=waits)
    return context


def _finish_pdfs(config: MkDocsConfig) -> None:
    """Wait for the PDFs still rendering and put them in the site."""
    renders = current().renders
    if renders is not None and renders.serving:
        renders.finish_in_background()
    elif renders is not None:
        renders.finish()


@event_priority(-100)  # after every other plugin has written its files (the search index)
def _publish_site(config: MkDocsConfig) -> None:
    """Swap the finished site in for the old one."""
    staging.finish(config)


on_post_build = CombinedEvent(_finish_pdfs, _publish_site)


def _receives(config: MkDocsConfig, handler: Callable[..., object]) -> bool:
    """Whether the project's hook forwards ``handler`` (one of this module's events)."""
    members = handler.methods if isinstance(handler, CombinedEvent) else (handler,)
    event = next(name for name in __all__ if globals()[name] is handler).removeprefix("on_")
    registered = config.plugins.events.get(event, [])
    return any(h is member for h in registered for member in members)


def _url_of(src_uri: str, files: Files) -> str | None:
    file = files.get_file_from_path(src_uri)
    return file.url if file else None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Mark the content's language; fill the references page's 'Cited in' lines."""
    state = current()
    content_language = state.content.guide.language
    if state.project.strings.language != content_language:
        # WCAG 3.1.2 Language of Parts: the interface may be translated while the guide's
        # text stays in its own language, so the article says which language it is in.
        output = output.replace(
            '<article class="md-content__inner md-typeset">',
            f'<article class="md-content__inner md-typeset" lang="{content_language}">',
            1,
        )
    output = site_assets.defer_scripts(output)
    output = worksheet_site.add_embed_script(output, page.file.src_uri)
    if page.file.src_uri != REFERENCES_PAGE:
        return output
    index = current().citations
    relative = {
        place.page_url: _directory_link(place.page_url, page.url)
        for places in index.cited_in.values()
        for place in places
    }
    for ref in current().content.reference_number:
        output = output.replace(
            f"<!-- mg-cited-in:{ref} -->",
            cited_in_html(ref, index, relative, current().project.strings),
        )
    return output


def _directory_link(target: str, from_page: str) -> str:
    """A relative link to a page URL that keeps its trailing slash (``..`` → ``../``)."""
    link = get_relative_url(target, from_page)
    return link + "/" if (not target or target.endswith("/")) and not link.endswith("/") else link
