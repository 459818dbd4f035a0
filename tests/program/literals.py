"""The scan for words in code: every literal a person would read as a sentence, so a test
can say that a module holds none (its words are the edition's strings, in every language)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

_TAG = re.compile(r"<[^>]*>")
_NOT_WORDS = re.compile(r"\{\}|%[A-Za-z]|#[0-9A-Fa-f]{3,8}\b|&[a-z]+;")
#: What a literal may be when it is not words: an id, a key, a value stored in the program
#: file ('on-track', 'report.health.', '%Y-%m'), a file's name. One lowercase word passes as
#: an id too, and so does one in capitals ('BEGIN:VEVENT', 'REQ-PARTICIPANT': RFC 5545).
_TOKEN = re.compile(r"[a-z0-9_.\-@:;/\\]*|[A-Z0-9_.\-:;/]+")
#: In an f-string, a word between spaces (or at an end) is words, not an id: '{} and {}'.
_SPACED_WORD = re.compile(r"(?:^|\s)[A-Za-z]{2,}(?:\s|$)")
#: Constants that are not read: a stylesheet, a machine id (a calendar's PRODID).
_NOT_READ = {"STYLE", "PRODID"}


def _literals(tree: ast.AST) -> Iterator[tuple[int, str, bool]]:
    """Every text literal outside docstrings, error messages and :data:`_NOT_READ`, an
    f-string's parts joined with ``{}`` (so a tag split by a placeholder is still one tag),
    and whether it was an f-string."""

    def visit(node: ast.AST) -> Iterator[tuple[int, str, bool]]:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring, of a module, class, function or field
        if isinstance(node, ast.Raise):
            return  # an error message, for whoever fixes the file or the code: English
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id in _NOT_READ for target in node.targets
        ):
            return
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            yield node.lineno, "".join(str(p) for p in parts), True
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    yield from visit(value.value)
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value, False
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child)

    yield from visit(tree)


def english_literals(source: str) -> list[tuple[int, str]]:
    """The literals of ``source`` that read as words (outside markup and placeholders)."""
    found = []
    for line, text, joined in _literals(ast.parse(source)):
        shown = _NOT_WORDS.sub("", _TAG.sub("", text))
        if not re.search("[A-Za-z]", shown):
            continue
        if not _TOKEN.fullmatch(shown.strip()) or (joined and _SPACED_WORD.search(shown)):
            found.append((line, text))
    return found
