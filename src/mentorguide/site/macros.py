"""mkdocs-macros pluglet: each macro renders one kind of content into the current page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .hook import active_plugin
from .pages import Renderer, escape

#: Macro name → the Renderer method it calls (arguments are passed through).
MACROS = (
    "statistics",
    "credentials",
    "expertise",
    "roles",
    "benefits",
    "challenges",
    "framework",
    "matching_tools",
    "pairing_models",
    "essentials",
    "survey_fields",
    "question_set",
    "expectations",
    "tools",
    "engagement",
    "stages",
    "references",
    "disclaimer",
    "acknowledgements",
    "question_bank",
)


def define_env(env: Any) -> None:
    """Register the macros; content is looked up when a page renders, after validation."""

    def make(name: str) -> Callable[..., str]:
        def macro(*args: Any) -> str:
            state = active_plugin(env.conf).current()
            renderer = Renderer(state.content, env.page.file.src_uri, state.project.strings)
            result: str = getattr(renderer, name)(*args)
            return result

        macro.__name__ = name
        return macro

    for name in MACROS:
        env.macro(make(name), name)
    env.variables["guide"] = _GuideProxy(env.conf)


class _GuideProxy:
    """``{{ guide.title }}`` in pages: the guide's details from content/guide.yml."""

    def __init__(self, config: Any) -> None:
        self._config = config

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        # Text goes into a page's Markdown as content always does: escaped, never markup.
        value = getattr(active_plugin(self._config).current().content.guide, name)
        return escape(value) if isinstance(value, str) else value
