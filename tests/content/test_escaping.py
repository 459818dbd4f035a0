"""Content text is data: markup in it is shown as written, never run or parsed as HTML.

Raw HTML outside backticks is refused by the check (``tests/security/``); in backticks it is
code, and every place the text is shown escapes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.content.conftest import edit

pytestmark = pytest.mark.build  # builds a site or runs mkdocs serve

HOSTILE = "What about `<script>alert(1)</script>` & `<b>bold</b>` tags?"


def test_markup_in_backticks_in_a_question_is_escaped_everywhere_it_is_shown(
    project: Path, tmp_path: Path
) -> None:
    edit(
        project / "content/questions.yml",
        "text: Do you feel supported in your current role?",
        f'text: "{HOSTILE}"',
    )
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    shown = {
        # A list item: Markdown makes the code spans.
        "conversations": "What about <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> &amp; "
        "<code>&lt;b&gt;bold&lt;/b&gt;</code> tags?",
        # A heading inside the bank's own HTML, where Markdown is not read: all of it is text.
        "question-bank": "What about `&lt;script&gt;alert(1)&lt;/script&gt;` &amp; "
        "`&lt;b&gt;bold&lt;/b&gt;` tags?",
    }
    for name, escaped in shown.items():
        html = (site / name / "index.html").read_text(encoding="utf-8")
        assert escaped in html, name
        assert "<script>alert(1)" not in html, name
