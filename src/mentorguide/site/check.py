"""``mentorguide check`` renders every page's macros, as the build will, so a typo such as
``{{ rolez() }}`` is a located problem before a build is even started.

The pages are rendered by the project's own mkdocs-macros set-up (its ``mkdocs.yml``, the
same Jinja environment, variables and macros), with the validated project standing in for
the build's; nothing is written.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from copy import copy
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page

from ..content.errors import Problem, suggest
from ..project.defaults import default_root
from ..project.load import Project
from .hook import active_plugin
from .plugin import BuildState


@contextlib.contextmanager
def _state(config: MkDocsConfig, project: Project) -> Iterator[None]:
    """The build state the macros read, for the length of the check."""
    guide = active_plugin(config)
    before = guide.build
    guide.build = BuildState(project=project)
    try:
        yield
    finally:
        guide.build = before


class _Said(logging.Handler):
    """The errors MkDocs logs while it reads a configuration (it raises only "Aborted")."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _template_line(trace: TracebackType | None) -> int | None:
    """The page line (1-based) a Jinja error was raised at, from its traceback."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _display(file: File, project: Project, docs_dir: Path) -> str:
    """A page as problems name it: ``docs/index.md``, or the package's default page."""
    source = Path(file.abs_src_path or "")
    with contextlib.suppress(ValueError):
        shown = docs_dir.resolve().relative_to(project.root.resolve()).as_posix()
        return f"{shown}/{source.resolve().relative_to(docs_dir.resolve()).as_posix()}"
    with contextlib.suppress(ValueError):
        return f"<mentorguide>/docs/{source.relative_to(default_root() / 'docs').as_posix()}"
    return file.src_uri


def _problem(error: Exception, markdown: str, offset: int, where: str, names: list[str]) -> Problem:
    lines = markdown.splitlines()
    if isinstance(error, jinja2.TemplateSyntaxError):
        line, message = error.lineno, f"macro syntax error: {error.message}"
    else:
        line = _template_line(error.__traceback__) or 1
        message = str(error)
    column = 1
    found = re.match(r"^'([^']+)' is undefined$", message)
    if found:
        message += suggest(found[1], names)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        column = text.find(found[1]) + 1 or 1
    return Problem(where, line + offset, column, "", message)


def check_pages(project: Project) -> list[Problem]:
    """Every page's macros rendered; a problem for each page that fails to render."""
    config_file = project.root / "mkdocs.yml"
    if not config_file.is_file():
        return []
    said = _Said()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(said)
    propagates, mkdocs_log.propagate = mkdocs_log.propagate, False
    try:
        config = load_config(str(config_file))
    except (MkDocsException, OSError) as error:
        reasons = "; ".join(said.messages) or str(error)
        return [Problem("mkdocs.yml", 1, 1, "", f"MkDocs cannot use it: {reasons}")]
    finally:
        mkdocs_log.removeHandler(said)
        mkdocs_log.propagate = propagates
    macros: Any = config.plugins.get("macros")
    if macros is None:
        return []
    docs_dir = Path(config.docs_dir)
    problems: list[Problem] = []
    with _state(config, project):
        try:
            macros.on_config(config)
        except Exception as error:  # the project's own macros modules, variables, includes
            return [Problem("mkdocs.yml", 1, 1, "macros", f"cannot be set up: {error}")]
        files = get_files(config)
        if project.society is not None:
            # The guide's pages the society has not replaced (as add_default_pages serves).
            default_docs = default_root() / "docs"
            for path in sorted(default_docs.rglob("*.md")):
                uri = path.relative_to(default_docs).as_posix()
                if files.get_file_from_path(uri) is None:
                    files.append(
                        File(uri, str(default_docs), config.site_dir, config.use_directory_urls)
                    )
        names = sorted({*macros.env.globals, *macros.variables})
        for file in files.documentation_pages():
            page = Page(None, file, config)
            page.read_source(config)
            markdown = page.markdown or ""
            if page.meta.get("render_macros") is False:
                continue
            raw = file.content_string
            offset = raw[: raw.find(markdown)].count("\n") if markdown and markdown in raw else 0
            macros._page = page
            macros.variables["page"] = copy(page)
            try:
                macros.env.from_string(markdown).render(**{**macros.variables, **page.meta})
            except Exception as error:  # any failure is the page's problem, located
                where = _display(file, project, docs_dir)
                problems.append(_problem(error, markdown, offset, where, names))
    return problems
