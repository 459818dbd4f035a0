"""Turn a parsed YAML source into a model, translating schema errors into plain sentences.

Pydantic's messages ("Extra inputs are not permitted") are written for programmers; the
people editing content need to know which key, what was found and what would be right.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .errors import Problem, one_of, suggest
from .fields import PATTERN_HINTS
from .sources import Path_, Source

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}


def describe(value: Any) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(annotation: Any) -> Any:
    """The model class behind ``list[X]``, ``X | None`` or ``Annotated[X, ...]``, if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def keys_of(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a YAML file uses for them (the alias, where one is set)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def model_at(root: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (list indices skipped)."""
    model: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        field = keys_of(model).get(part)
        model = _unwrap(field.annotation) if field else None
    return model


def _message(error: ErrorDetails, root: type[BaseModel]) -> tuple[str, bool]:
    """The sentence for one pydantic error, and whether it points at a key (not a value)."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "missing":
        parent = model_at(root, loc[:-1])
        field = keys_of(parent).get(str(loc[-1])) if parent else None
        about = f" ({field.description})" if field and field.description else ""
        return f"missing required key '{loc[-1]}'{about}", False
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        allowed = list(keys_of(parent)) if parent else []
        hint = suggest(str(loc[-1]), allowed) or f" (allowed keys: {', '.join(allowed)})"
        return f"unknown key '{loc[-1]}'{hint}", True
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {describe(value)}", False
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (
            f"got {describe(value)}, expected one of {ctx.get('expected')}"
            f"{suggest(str(value), allowed)}",
            False,
        )
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return f"got {describe(value)}, expected {hint}", False
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), False
    bounds = {
        "greater_than_equal": ("ge", "at least"),
        "greater_than": ("gt", "more than"),
        "less_than_equal": ("le", "at most"),
        "less_than": ("lt", "less than"),
    }
    if kind in bounds:
        key, words = bounds[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "at least 0", not "at least 0.0"
        return f"must be {words} {bound}, got {describe(value)}", False
    if kind == "string_too_short":
        return "must not be empty", False
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {len(value or [])}", False
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} item(s), got {len(value or [])}", False
    return f"{error['msg'][0].lower()}{error['msg'][1:]} (got {describe(value)})", False


def validate(source: Source, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``source`` against ``model``; every problem is returned, none raised."""
    if not isinstance(source.data, dict):
        expected = ", ".join(keys_of(model))
        return None, [
            source.problem(
                (), f"expected a mapping with the keys {expected}, got {describe(source.data)}"
            )
        ]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message, at_key = _message(error, model)
            problems.append(source.problem(tuple(error["loc"]), message, key=at_key))
        return None, problems


__all__ = ["describe", "model_at", "one_of", "validate"]
