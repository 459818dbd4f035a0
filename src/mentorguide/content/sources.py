"""Read YAML keeping where every value came from, so problems point at a line and column.

PyYAML's composer gives nodes with start marks; we walk them once to build plain Python
data and, beside it, a map from each path (``("roles", 3, "name")``) to its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..files.limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_YAML_BYTES,
    nul_position,
    size_problem,
)
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
    #: Texts written on one line as they are read (plain, or quoted without escapes): how
    #: far after the value's position its first character is (1 past a quote), so a problem
    #: inside the text can name its exact column.
    inline_at: dict[Path_, int] = field(default_factory=dict)

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
        #: Values that cannot be data at all (a key that is no name, a number too long):
        #: the file is not validated further, so they are its only problems.
        self.unreadable: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        file = self.source.file
        self.source.value_at[path] = _mark(file, node)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = (
                    self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
                )
                if not isinstance(key, str):
                    shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "…"
                    where = _mark(file, key_node)
                    self.unreadable.append(
                        Problem(
                            file,
                            where.line,
                            where.column,
                            format_path(path),
                            f"key '{shown}' is not text (keys are names: quote it, "
                            f'"{shown}": …, if it is one)',
                        )
                    )
                    key = str(shown)
                child = (*path, key)
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
        if (
            isinstance(node, yaml.ScalarNode)
            and node.start_mark.line == node.end_mark.line
            and node.style in (None, "", "'", '"')
            and not (node.style and any(c in node.value for c in "'\"\\"))
        ):
            self.source.inline_at[path] = 1 if node.style else 0
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        """A scalar's value; one that cannot be one (a 5,000-digit number, a 30th of
        February) is a problem, never an exception."""
        numeric = node.tag.endswith((":int", ":float"))
        if numeric and len(node.value) > MAX_NUMBER_CHARS:
            message = f"a number of {len(node.value):,} characters (at most {MAX_NUMBER_CHARS})"
        else:
            try:
                return self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.constructor.ConstructorError) as error:
                message = f"'{node.value[:40]}' cannot be read as written ({error})"
        where = _mark(self.source.file, node)
        self.unreadable.append(
            Problem(self.source.file, where.line, where.column, format_path(path), message)
        )
        return None


FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML document; syntax errors come back as problems, never raised.

    The C parser (when PyYAML has it) reads content on every build and serve rebuild; on a
    syntax error the pure-Python parser reads the file again, for its clearer message.
    """
    limit = _limit_problem(text, file)
    if limit is not None:
        return None, [limit]
    source, problems = _parse(text, file, FAST_LOADER)
    if source is None and FAST_LOADER is not yaml.SafeLoader:
        return _parse(text, file, yaml.SafeLoader)
    return source, problems


#: What may hold a bracket that opens nothing: quoted strings (a single quote only where a
#: value can start, so "mentee's" is no string) and comments.
_NOT_FLOW = re.compile(
    r'"(?:[^"\\]|\\.)*"|(?<=[\s\[{,:])\'(?:[^\']|\'\')*\'|(?:^|(?<=\s))#[^\n]*', re.M
)
_FLOW = re.compile(r"[\[\]{}]")


def _flow_depth(text: str) -> tuple[int, int] | None:
    """Where flow brackets (``[[[…``) first nest past ``MAX_DEPTH``, found by the regular
    expression engine: the YAML scanner looks ahead from every open bracket for a possible
    key, so 100,000 of them take it minutes before its first event."""
    depth = 0
    for match in _FLOW.finditer(_NOT_FLOW.sub(lambda m: " " * len(m.group()), text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            index = match.start()
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return None


def _limit_problem(text: str, file: str) -> Problem | None:
    """The first limit ``text`` is past (``files/limits.py``), found from the parser's
    events before any value is built: NUL characters, size, nesting depth, and what aliases
    would expand to (each alias counts every value its anchor holds)."""
    where = nul_position(text)
    if where:
        return Problem(file, *where, "", "a NUL character (text never holds one)")
    too_big = size_problem(len(text.encode("utf-8", errors="replace")), MAX_YAML_BYTES)
    if too_big:
        return Problem(file, 1, 1, "", too_big)
    deep = _flow_depth(text)
    if deep is not None:
        return Problem(file, *deep, "", f"nested more than {MAX_DEPTH} levels deep")
    sizes: dict[str, int] = {}
    #: Open collections: their anchor and how many values they hold so far.
    stack: list[list[Any]] = []
    expanded = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            mark = event.start_mark
            here = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    return Problem(file, *here, "", f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                anchor, count = stack.pop()
                if anchor is not None:
                    sizes[anchor] = count
                if stack:
                    stack[-1][1] += count
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += 1
            elif isinstance(event, yaml.AliasEvent):
                if any(anchor == event.anchor for anchor, _ in stack):
                    return Problem(
                        file, *here, "", f"alias '*{event.anchor}' is inside the value it names"
                    )
                count = sizes.get(event.anchor or "", 1)
                expanded += count
                if expanded > MAX_ALIAS_VALUES:
                    return Problem(
                        file,
                        *here,
                        "",
                        f"aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                        "(write the values out, or use fewer aliases)",
                    )
                if stack:
                    stack[-1][1] += count
    except yaml.YAMLError:
        return None  # a syntax error: the parse reports it, with its clearer message
    return None


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
        if walker.unreadable:
            return None, walker.unreadable
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
        too_big = size_problem(path.stat().st_size, MAX_YAML_BYTES)
        if too_big and path.is_file():
            return None, [Problem(name, 1, 1, "", too_big)]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, 1, "", f"not UTF-8 text ({error.reason})")]
    return parse_yaml(text, name)
