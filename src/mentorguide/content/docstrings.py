"""The docstrings written under class attributes, which describe the models' fields.

One ``ast`` parse per module, cached, instead of pydantic's source lookup per class.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys


def attribute_docstrings(cls: type) -> dict[str, str]:
    """``{attribute: docstring}`` for the attributes ``cls`` itself annotates."""
    module = sys.modules.get(cls.__module__)
    path = getattr(module, "__file__", None)
    if path is None:
        return {}
    return _by_class(path).get(cls.__qualname__, {})


@functools.cache
def _by_class(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), filename=path)
    found: dict[str, dict[str, str]] = {}
    _collect(tree.body, "", found)
    return found


def _collect(body: list[ast.stmt], prefix: str, found: dict[str, dict[str, str]]) -> None:
    for node in body:
        if isinstance(node, ast.ClassDef):
            qualname = f"{prefix}{node.name}"
            found[qualname] = _class_docstrings(node)
            _collect(node.body, f"{qualname}.", found)


def _class_docstrings(node: ast.ClassDef) -> dict[str, str]:
    docs = {}
    for previous, statement in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
    return docs
