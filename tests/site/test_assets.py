"""The guide's stylesheet is served without the comments that explain it, and unchanged
otherwise."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from mentorguide.site.assets import STYLESHEET_PARTS, compact_css


def test_comments_go_and_white_space_runs_become_one_space() -> None:
    css = "/* why */\na  :is(b) {\n  color: red;  /* note */\n}\n"
    assert compact_css(css) == "a :is(b) { color: red; }"


def test_strings_are_kept_as_written() -> None:
    css = "a::before { content: \"x  /* not a comment */  y\"; } b::after { content: '  '; }"
    assert compact_css(css) == css


def test_a_comment_alone_between_two_tokens_joins_them() -> None:
    assert compact_css("a/**/.b { }") == "a.b { }"


def test_the_served_stylesheet_has_every_rule_and_no_comment(built_site: Path) -> None:
    package = resources.files("mentorguide") / "assets"
    sources = "\n".join((package / name).read_text("utf-8") for name in STYLESHEET_PARTS)
    served = (built_site / "assets" / "mentorguide" / "mentorguide.css").read_text("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", sources, flags=re.S)  # braces in comments do not count
    assert "/*" not in served
    assert served.count("{") == rules.count("{") and served.count("}") == rules.count("}")
    assert len(served) < 0.8 * len(sources)
