"""Interface strings, one translatable file per language (``strings/<language>.yml``).

English defines the keys. Another language must give every key, no unknown ones, and the
same ``{placeholders}``; problems are reported like content problems.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import Field

from ..content.errors import ContentError, Problem, suggest
from ..content.fields import Model
from ..content.markup import markup_problems
from ..content.sources import Source, read_yaml
from ..content.validation import validate

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class StringsFile(Model):
    strings: dict[str, str] = Field(min_length=1)
    """Each interface string, by key (e.g. 'question_bank.show_all')."""


@dataclass(frozen=True)
class Strings:
    """The interface strings of one language; ``strings("key", name=value)`` formats one."""

    language: str
    table: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return string.Formatter().vformat(self.table[key], (), values)

    def count(self, key: str, count: int, **values: object) -> str:
        """``key_one`` for one, else ``key_many``, with ``{count}`` written ``1,234``."""
        return self(f"{key}_{'one' if count == 1 else 'many'}", count=f"{count:,}", **values)

    def raw(self, key: str) -> str:
        """The string with its ``{placeholders}`` left in, for a script to fill."""
        return self.table[key]


@functools.cache
def english() -> Strings:
    """The package's English strings (read once)."""
    return load_strings("en")


def _package_file(language: str) -> Path:
    return Path(str(resources.files("mentorguide") / "strings" / f"{language}.yml"))


def load_strings(language: str = "en", project_root: Path | None = None) -> Strings:
    """The strings for ``language``: the package's, with the project's ``strings/<language>.yml``
    over them. For a language the package ships, the project's file gives just the keys it
    changes (an upgrade that adds keys needs nothing from the society); for another language
    it gives every key. Raise ``ContentError`` naming every missing, unknown or broken key."""
    _, english = _read(_package_file("en"), "<mentorguide>/strings/en.yml")
    if language == "en":
        return Strings("en", english)
    own = project_root / "strings" / f"{language}.yml" if project_root else None
    shipped = _package_file(language)
    if own and own.is_file() and shipped.is_file():
        base = load_strings(language)
        source, table = _read(own, f"strings/{language}.yml")
        unlike = _unknown_or_unlike(source, table, english)
        if unlike:
            raise ContentError(unlike)
        return Strings(language, {**base.table, **table})
    if own and own.is_file():
        path, display = own, f"strings/{language}.yml"
    elif shipped.is_file():
        path, display = shipped, f"<mentorguide>/strings/{language}.yml"
    else:
        raise ContentError(
            [
                Problem(
                    "society.yml",
                    1,
                    1,
                    "society.language",
                    f"no interface strings for language '{language}' (add "
                    f"strings/{language}.yml, translated from the English one)",
                )
            ]
        )
    source, table = _read(path, display)
    problems: list[Problem] = []
    for key in english:
        if key not in table:
            problems.append(
                source.problem(("strings",), f"missing key '{key}' (English: '{english[key]}')")
            )
    problems += _unknown_or_unlike(source, table, english)
    if problems:
        raise ContentError(problems)
    return Strings(language, table)


def _unknown_or_unlike(
    source: Source, table: dict[str, str], english: dict[str, str]
) -> list[Problem]:
    """A problem for each key English lacks, and each string whose placeholders differ."""
    problems: list[Problem] = []
    for key, text in table.items():
        if key not in english:
            problems.append(
                source.problem(
                    ("strings", key), f"unknown key '{key}'{suggest(key, english)}", key=True
                )
            )
        elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english[key])):
            wanted = ", ".join(f"{{{p}}}" for p in sorted(set(PLACEHOLDER.findall(english[key]))))
            problems.append(
                source.problem(
                    ("strings", key), f"placeholders must be {wanted or 'none'}, as in English"
                )
            )
    return problems


def _read(path: Path, display: str) -> tuple[Source, dict[str, str]]:
    """A strings file, validated against ``StringsFile``; problems raised at once."""
    source, problems = read_yaml(path, display)
    if source is None:
        raise ContentError(problems)
    result, problems = validate(source, StringsFile)
    problems += markup_problems(source, placeholders=True)
    if result is None or problems:
        raise ContentError(problems)
    return source, result.strings
