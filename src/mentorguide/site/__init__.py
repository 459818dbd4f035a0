"""The guide's MkDocs integration: the only package that imports MkDocs.

The plugin is :class:`mentorguide.site.plugin.GuidePlugin` (entry point ``mentorguide``).
``from mentorguide.site import *``, what the ``hooks/guide.py`` of projects made by older
``mentorguide init`` does, forwards its events (:mod:`mentorguide.site.hook`).
"""

from .hook import *  # noqa: F403
from .hook import __all__ as __all__
