"""The guide's MkDocs integration: the only package that imports MkDocs.

``from mentorguide.site import *`` (what every project's ``hooks/guide.py`` does) forwards
the MkDocs events of :mod:`mentorguide.site.plugin`.
"""

from .plugin import *  # noqa: F403
from .plugin import __all__ as __all__
