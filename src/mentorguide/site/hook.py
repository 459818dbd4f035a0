"""The plugin as module-level events, for projects whose ``mkdocs.yml`` names the
``hooks/guide.py`` an older ``mentorguide init`` wrote (it does ``from mentorguide.site
import *``). New projects list the plugin instead: ``plugins: [mentorguide]``.

Both ways run one :class:`~.plugin.GuidePlugin`; :func:`active_plugin` finds the one a
build is using, for the macros and ``mentorguide check``.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent
from mkdocs.structure.files import Files

from .plugin import GuidePlugin

#: The MkDocs events a project's hook forwards.
__all__ = [
    "on_build_error",
    "on_config",
    "on_files",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_pre_build",
    "on_shutdown",
    "on_startup",
]

#: The instance behind ``hooks/guide.py``: with no options, as ``plugins: [mentorguide]``.
HOOK_PLUGIN = GuidePlugin()
HOOK_PLUGIN.load_config({})

on_startup = HOOK_PLUGIN.on_startup
on_shutdown = HOOK_PLUGIN.on_shutdown
on_pre_build = HOOK_PLUGIN.on_pre_build
on_build_error = HOOK_PLUGIN.on_build_error
on_config = HOOK_PLUGIN.on_config
on_page_markdown = HOOK_PLUGIN.on_page_markdown
on_page_context = HOOK_PLUGIN.on_page_context
on_post_build = HOOK_PLUGIN.on_post_build
on_post_page = HOOK_PLUGIN.on_post_page


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """A hook made by an older ``init`` may not forward the events that finish background
    renders; its PDFs are then rendered in the build's own process, one after another."""
    HOOK_PLUGIN.finishes_renders = all(
        _forwarded(config, event, handler)
        for event, handler in (("page_context", on_page_context), ("post_build", on_post_build))
    )
    return HOOK_PLUGIN.on_files(files, config=config)


def _forwarded(config: MkDocsConfig, event: str, handler: Callable[..., object]) -> bool:
    members = handler.methods if isinstance(handler, CombinedEvent) else (handler,)
    registered = config.plugins.events.get(event, [])
    return any(h == member for h in registered for member in members)


def active_plugin(config: MkDocsConfig | None) -> GuidePlugin:
    """The plugin instance ``config`` builds with: the one it lists, else the hook's."""
    if config is not None:
        for plugin in config.plugins.values():
            if isinstance(plugin, GuidePlugin):
                return plugin
    return HOOK_PLUGIN
