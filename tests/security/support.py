"""Helpers the security tests share: injecting payloads into a copy of a project's YAML, and
finding markup in HTML that could run or fetch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from mentorguide.content.sources import Path_, format_path

#: Keys that hold text even when the text is one word (a title, a name, a label).
TEXT_KEYS = frozenset(
    {"title", "name", "short_name", "label", "summary", "text", "intro", "help", "purpose"}
    | {"description"}
)


def is_text(path: Path_, value: object) -> bool:
    """A field that holds prose: ids, addresses, colors and list keys never hold a space."""
    return isinstance(value, str) and (" " in value or (bool(path) and path[-1] in TEXT_KEYS))


def texts(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*path, index))
    elif is_text(path, data):
        yield path, data


def _rewrite(data: Any, path: Path_, change: Callable[[Path_, str], str]) -> Any:
    if isinstance(data, dict):
        return {k: _rewrite(v, (*path, k), change) for k, v in data.items()}
    if isinstance(data, list):
        return [_rewrite(v, (*path, i), change) for i, v in enumerate(data)]
    return change(path, data) if is_text(path, data) else data


def inject(file: Path, payload: str) -> list[str]:
    """Append ``payload`` to every text field of the YAML ``file``; return the fields' paths
    (as messages print them)."""
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    injected: list[str] = []

    def change(path: Path_, value: str) -> str:
        injected.append(format_path(path))
        return f"{value} {payload}"

    data = _rewrite(data, (), change)
    file.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )
    return injected


class ActiveMarkup(HTMLParser):
    """Whatever in a page could run script or fetch from another host, one line each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and value.startswith(
                ("javascript:", "vbscript:", "data:text", "//")
            ):
                self.found.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and value.startswith(("http:", "https:")):
                self.found.append(f"<img src={value}>")


def active_markup(html: str) -> list[str]:
    parser = ActiveMarkup()
    parser.feed(html)
    return parser.found
