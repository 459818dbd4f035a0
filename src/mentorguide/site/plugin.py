"""The guide's MkDocs plugin (``plugins: [mentorguide]`` in ``mkdocs.yml``).

The build's state lives on the plugin object, as Material's plugins keep theirs; the work is
done by library functions (``project``, ``pdf``, this stage's other modules), so the CLI and
the tests call what the build calls. Projects made by an older ``mentorguide init`` name
``hooks/guide.py`` instead, which forwards to one instance (``hook.py``).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from ..content.errors import ContentError
from ..content.load import Content
from ..files.cache import cache_dir
from ..pdf.engine import RenderCache
from ..pdf.renders import (
    PdfRenders,
    new_build,
    stop_workers,
    stop_workers_with_server,
    worker_count,
)
from ..program.sample import sample_report
from ..project.cache import load_project_cached
from ..project.load import Project
from . import assets as site_assets
from . import staging
from . import worksheets as worksheet_site
from .citations import CitationIndex, cited_in_html, link_citations
from .society import add_default_pages, apply_society, index_search_in
from .theme_env import speed_up_theme
from .vendor import IFRAME_WORKER, vendored_script

log = logging.getLogger("mkdocs.plugins.mentorguide")

REFERENCES_PAGE = "references.md"
SAMPLE_REPORT = "sample-program-report.html"


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


class GuidePluginConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``; each falls back to its environment variable
    (``MENTORGUIDE_CACHE_DIR``, ``MENTORGUIDE_PDF_WORKERS``), then to the default."""

    #: Where rendered PDFs, subset fonts, templates and the validated project are kept,
    #: relative to ``mkdocs.yml`` (default ``.cache/mentorguide``). Entries are keyed by
    #: content hash, so several projects and concurrent builds may share one.
    cache_dir = options.Optional(options.Type(str))
    #: Processes rendering PDFs besides the build's own; 0 renders them in the build.
    pdf_workers = options.Optional(options.Type(int))


class GuidePlugin(BasePlugin[GuidePluginConfig]):  # type: ignore[no-untyped-call]
    """Loads and validates the project, brands the site for its society, adds the worksheets'
    pages and PDFs and links citations; a failed build leaves the previous site whole."""

    def __init__(self) -> None:
        super().__init__()
        self.build: BuildState | None = None
        #: ``mkdocs serve`` builds again on every change and does not wait for its PDFs.
        self.serving = False
        #: ``--dirty`` reuses what the site folder holds (no staging folder).
        self.dirty = False
        #: False for a hook from an older ``init`` that does not forward ``on_page_context``
        #: and ``on_post_build``: its PDFs are then rendered in the build's own process.
        self.finishes_renders = True

    def current(self) -> BuildState:
        """The state of the build in progress (macros call this when a page renders)."""
        if self.build is None:
            raise PluginError("mentorguide: the content was not loaded; is the plugin configured?")
        return self.build

    def cache_folder(self, root: Path) -> Path:
        configured = self.config.get("cache_dir")
        return root / configured if configured else cache_dir(root)

    def pdf_workers(self) -> int:
        configured = self.config.get("pdf_workers")
        return worker_count() if configured is None else max(0, configured)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve``, builds do not wait for their PDFs (see ``renders.py``),
        and the PDF workers end with the server."""
        self.serving, self.dirty = command == "serve", dirty
        if self.serving:
            stop_workers_with_server()

    def on_shutdown(self) -> None:
        """The PDF workers end before the interpreter does: at exit, ``concurrent.futures``
        joins its pools before any ``atexit`` handler runs, so a worker still rendering when
        Ctrl-C stops ``mkdocs serve`` would hold the server open until it finished."""
        stop_workers()

    @event_priority(-100)  # last: just before MkDocs empties the site folder
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Build into a staging folder, so a failed build leaves the site as it was
        (``staging.py``); ``mkdocs serve`` builds into a temporary folder already."""
        if not self.serving and not self.dirty:
            staging.start(config)

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: drop its staging folder; the site stays as it was."""
        staging.fail()

    @event_priority(50)  # early: other plugins set themselves up from the theme's language
    def _load_content(self, config: MkDocsConfig) -> MkDocsConfig:
        """Validate all content before anything is written; fail with every problem at
        once. Then brand the site for its society and make its theme quicker to set up."""
        root = project_dir(config)
        cache = self.cache_folder(root)
        try:
            project = load_project_cached(root, Path(config.docs_dir), cache)
        except ContentError as error:
            self.build = None
            raise PluginError(f"the guide's content has problems:\n{error.report()}") from None
        new_build()  # before the site directory is cleaned: earlier builds' late PDFs stop
        self.build = BuildState(project=project)
        if project.society is not None:
            apply_society(config, project.society, project.strings, Path(config.docs_dir))
            index_search_in(config, [project.society.language, project.content.guide.language])
        escape_site_texts(config)
        if SAFE_LINKS not in config.markdown_extensions:
            config.markdown_extensions.append(SAFE_LINKS)
        speed_up_theme(config.theme, cache)
        return config

    def _add_assets(self, config: MkDocsConfig) -> MkDocsConfig:
        """After the other plugins' set-up: swap CDN scripts they add for local copies, and
        add the guide's CSS and JS."""
        # Material's offline plugin (for sites opened from files) adds a script from a CDN;
        # use the same shim, bundled in the package: no page requests another host.
        polyfills = config.extra.get("polyfills", [])
        if any("iframe-worker" in str(url) for url in polyfills):
            config.extra["polyfills"] = [
                IFRAME_WORKER if "iframe-worker" in str(url) else url for url in polyfills
            ]
        site_assets.add_to_config(config)
        return config

    on_config = CombinedEvent(_load_content, _add_assets)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated files: a society's default pages, the package's CSS and JS,
        and the worksheets' pages and PDFs (rendering in the background from here on)."""
        state = self.current()
        society = state.project.society
        if society is not None:
            files = add_default_pages(files, config, society)
        if IFRAME_WORKER in config.extra.get("polyfills", []):
            script = vendored_script(IFRAME_WORKER)
            files.append(File.generated(config, IFRAME_WORKER, content=script))
        site_assets.add_files(files, config)
        # The coordinators' page links to a sample program report, made from generated data
        # and written in the project's language.
        if files.get_file_from_path(SAMPLE_REPORT) is None:
            files.append(
                File.generated(config, SAMPLE_REPORT, content=sample_report(state.project.edition))
            )
        state.files = files
        state.renders = PdfRenders(
            RenderCache(self.cache_folder(state.project.root)),
            workers=self.pdf_workers() if self.finishes_renders else 0,
            serving=self.serving,
        )
        return worksheet_site.add_files(files, config, state.project, state.renders)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Turn ``[@id]`` citations (from prose and rendered content) into reference links."""
        state = self.current()
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
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Fill in the sizes of PDFs that were still rendering when the page was converted."""
        state = self.current()
        if page.content is not None and state.files is not None:
            # A preview (mkdocs serve) shows "…" for a PDF still rendering rather than wait.
            waits = state.renders is None or not state.renders.serving
            page.content = worksheet_site.fill_pdf_sizes(page.content, state.files, wait=waits)
        return context

    def _finish_pdfs(self, config: MkDocsConfig) -> None:
        """Wait for the PDFs still rendering and put them in the site."""
        renders = self.current().renders
        if renders is not None and renders.serving:
            renders.finish_in_background()
        elif renders is not None:
            renders.finish()

    @event_priority(-100)  # after every other plugin has written its files (search index)
    def _publish_site(self, config: MkDocsConfig) -> None:
        """Swap the finished site in for the old one."""
        staging.finish(config)

    on_post_build = CombinedEvent(_finish_pdfs, _publish_site)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Mark the content's language; fill the references page's 'Cited in' lines."""
        state = self.current()
        content_language = state.content.guide.language
        if state.project.strings.language != content_language:
            # WCAG 3.1.2 Language of Parts: the interface may be translated while the
            # guide's text stays in its own language, so the article says which it is in.
            output = output.replace(
                '<article class="md-content__inner md-typeset">',
                f'<article class="md-content__inner md-typeset" lang="{content_language}">',
                1,
            )
        output = site_assets.defer_scripts(output)
        output = worksheet_site.add_embed_script(output, page.file.src_uri)
        if page.file.src_uri != REFERENCES_PAGE:
            return output
        index = state.citations
        relative = {
            place.page_url: _directory_link(place.page_url, page.url)
            for places in index.cited_in.values()
            for place in places
        }
        for ref in state.content.reference_number:
            output = output.replace(
                f"<!-- mg-cited-in:{ref} -->",
                cited_in_html(ref, index, relative, state.project.strings),
            )
        return output


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


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def _url_of(src_uri: str, files: Files) -> str | None:
    file = files.get_file_from_path(src_uri)
    return file.url if file else None


def _directory_link(target: str, from_page: str) -> str:
    """A relative link to a page URL that keeps its trailing slash (``..`` → ``../``)."""
    link = get_relative_url(target, from_page)
    return link + "/" if (not target or target.endswith("/")) and not link.endswith("/") else link
