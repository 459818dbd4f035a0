"""MkDocs hook: a thin forwarder to ``mentorguide.site``, where the logic lives.

Everything ``mentorguide.site`` exports is forwarded, so an upgrade that handles a new
MkDocs event needs no change here.
"""

from mentorguide.site import *  # noqa: F403
from mentorguide.site import __all__  # noqa: F401
