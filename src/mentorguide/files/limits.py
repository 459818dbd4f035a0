"""How much a YAML or JSON file may ask of the reader: every entry point reads within these.

A file is data from someone else (a content pull request, a society's overlay, a translation
pack, ``--data``, ``--weights``, a survey export). Read naively, 300 bytes of YAML aliases
expand to gigabytes, deep nesting overflows the parser's stack, and a 5,000-digit number
makes ``int()`` raise. Each limit below is far above what a real file needs, and a file past
one is refused with one located message, before the data is built (in well under a second
and a few megabytes).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: The largest YAML file read (content files are a few dozen kilobytes).
MAX_YAML_BYTES = 2_000_000
#: The largest JSON file read (a survey export of 10,000 people is about 10 MB).
MAX_JSON_BYTES = 50_000_000
#: How deep mappings and lists may nest (content nests five levels).
MAX_DEPTH = 64
#: How many values aliases (``*name``) may add in all, counting what each repeats.
MAX_ALIAS_VALUES = 10_000
#: The most characters in a number (a float's shortest form has 24).
MAX_NUMBER_CHARS = 100


class LimitError(ValueError):
    """A file past a limit: ``message`` at ``line``, ``column`` (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def size_problem(size: int, limit: int) -> str | None:
    if size > limit:
        return f"the file is {size:,} bytes, more than the {limit:,} a file may have"
    return None


def nul_position(text: str) -> tuple[int, int] | None:
    """Line and column of the first NUL character, if any (never meaningful in text)."""
    index = text.find("\x00")
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _number(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise LimitError(f"a number of {len(text):,} characters (at most {MAX_NUMBER_CHARS})")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


def load_json(text: str) -> Any:
    """``json.loads`` within the limits above; raises ``LimitError`` (located) or
    ``json.JSONDecodeError``."""
    where = nul_position(text)
    if where:
        raise LimitError("a NUL character (text never holds one)", *where)
    depth_error = _too_deep(text)
    if depth_error is not None:
        raise depth_error
    try:
        return json.loads(
            text,
            parse_int=_number,
            parse_float=_number,
            parse_constant=_no_constant,
            object_pairs_hook=_pairs,
        )
    except LimitError as error:
        # json reports no position for a hook's error: find the long number ourselves.
        raise LimitError(error.message, *_long_number_at(text)) from None


def _no_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", "", 0)


def _long_number_at(text: str) -> tuple[int, int]:
    run = 0
    for index, char in enumerate(text):
        run = run + 1 if char.isdigit() else 0
        if run > MAX_NUMBER_CHARS:
            return _position(text, index - run + 1)
    return 1, 1


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> LimitError | None:
    """Nesting past ``MAX_DEPTH``, found before parsing (the parser recurses): brackets
    counted outside strings, at the speed of the regular expression engine."""
    depth = 0
    structure = _STRING.sub("", text)
    for bracket in _BRACKET.finditer(structure):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            # Rare: find where in the file itself (the strings are back in).
            return LimitError(f"nested more than {MAX_DEPTH} levels deep", *_deep_at(text))
    return None


def _deep_at(text: str) -> tuple[int, int]:
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        if match.group() in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return _position(text, match.start())
        elif match.group() in ("]", "}"):
            depth -= 1
    return 1, 1
