"""The mkdocs-macros module a project's ``mkdocs.yml`` names (``modules: [mentorguide.macros]``);
the macros live in :mod:`mentorguide.site.macros`."""

from .site.macros import define_env

__all__ = ["define_env"]
