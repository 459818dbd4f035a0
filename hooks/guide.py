"""MkDocs hook for projects whose mkdocs.yml lists `hooks: [hooks/guide.py]` (made by an older
`mentorguide init`); new projects list the plugin instead: `plugins: [mentorguide]`."""

from mentorguide.site import *  # noqa: F403
