"""MkDocs hook: a thin forwarder to ``mentorguide.site``, where the logic lives."""

from mentorguide.site import on_config, on_files, on_page_markdown, on_post_page

__all__ = ["on_config", "on_files", "on_page_markdown", "on_post_page"]
