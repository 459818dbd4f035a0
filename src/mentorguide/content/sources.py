"""Read YAML keeping where every value came from, so problems point at a line and column.

PyYAML's composer gives nodes with start marks; we walk them once to build plain Python
data and, beside it, a map from each path (``("roles", 3, "name")``) to its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """Where a value stands: its file too, since a merged source mixes several files."""

    file: str
    line: int
    column: int


@dataclass
class Source:
    """A parsed YAML file: its data, and where each key and value stands in the file."""

    file: str
    data: Any
    value_at: dict[Path_, Position] = field(default_factory=dict)
    key_at: dict[Path_, Position] = field(default_factory=dict)
    #: The files merged into this source, lowest layer first (just ``file`` when unmerged).
    layers: tuple[str, ...] = ()
    #: Ids an overlay hid, and where, so a reference to one can say so.
    hidden: dict[str, Position] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.layers = self.layers or (self.file,)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The closest known position: the path itself, else its nearest ancestor."""
        table = self.key_at if key else self.value_at
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.value_at:
                return self.value_at[prefix]
        return Position(self.file, 1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        where = self.position(path, key=key)
        return Problem(where.file, where.line, where.column, format_path(path), message)


def format_path(path: Path_) -> str:
    """``("roles", 3, "credentials", 0)`` → ``roles[3].credentials[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _mark(file: str, node: yaml.Node) -> Position:
    return Position(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    def __init__(self, source: Source, loader: yaml.SafeLoader) -> None:
        self.source = source
        self.loader = loader
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        file = self.source.file
        self.source.value_at[path] = _mark(file, node)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                child = (*path, key if isinstance(key, str | int) else str(key))
                if key in result:
                    where = _mark(file, key_node)
                    self.problems.append(
                        Problem(
                            self.source.file,
                            where.line,
                            where.column,
                            format_path(child),
                            f"key '{key}' appears twice in the same mapping (keep one)",
                        )
                    )
                self.source.key_at[child] = _mark(file, key_node)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML document; syntax errors come back as problems, never raised.

    The C parser (when PyYAML has it) reads content on every build and serve rebuild; on a
    syntax error the pure-Python parser reads the file again, for its clearer message.
    """
    source, problems = _parse(text, file, FAST_LOADER)
    if source is None and FAST_LOADER is not yaml.SafeLoader:
        return _parse(text, file, yaml.SafeLoader)
    return source, problems


def _parse(
    text: str, file: str, loader_class: type[yaml.SafeLoader]
) -> tuple[Source | None, list[Problem]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        source = Source(file=file, data=None)
        if node is None:
            return source, []
        walker = _Walker(source, loader)
        source.data = walker.build(node, ())
        return source, walker.problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "cannot be read"
        if error.context and error.context_mark and error.problem:
            # Say where the unclosed construct began: that is usually where the typo is.
            start = error.context_mark
            what += (
                f" ({error.context} started at line {start.line + 1}, column {start.column + 1})"
            )
        return None, [Problem(file, line, column, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1, 1, "", f"YAML error: {error}")]
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str | None = None) -> tuple[Source | None, list[Problem]]:
    """Read and parse a YAML file, naming it ``display`` (a project-relative path) in problems."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, 1, "", f"not UTF-8 text ({error.reason})")]
    return parse_yaml(text, name)
