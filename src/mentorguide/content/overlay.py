"""Merge a society's overlay YAML onto the default guide's, keeping every value's position.

In an overlay, a list of items with ids merges by id:

- an item with a new id is added (at the end);
- ``replace: true`` replaces the default item with that id;
- ``hidden: true`` removes it;
- an item with an existing id and neither flag patches it: its keys override, and its own
  lists of items merge the same way (so one question inside a set can be replaced).

Any other value in the overlay replaces the default's. ``replace`` and ``hidden`` must name an
id the default guide has: when an upgrade removes one, the society hears which id and where.
They are true or false (``hidden: 'yes'`` is an error, not a patch), never both on one item,
and one list holds one item per id.
"""

from __future__ import annotations

from typing import Any

from .errors import Problem
from .sources import Path_, Source

FLAGS = ("replace", "hidden")


def _is_item_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "id" in item for item in value)
    )


class _Merger:
    def __init__(self, base: Source, overlay: Source) -> None:
        self.base = base
        self.overlay = overlay
        self.out = Source(
            file=overlay.file,
            data=None,
            layers=(*base.layers, overlay.file),
            hidden={**base.hidden},
        )
        self.problems: list[Problem] = []

    def copy(self, source: Source, src: Path_, value: Any, dst: Path_) -> Any:
        """Take ``value`` from ``source`` at ``src`` into the result at ``dst``, with positions."""
        if src in source.value_at:
            self.out.value_at[dst] = source.value_at[src]
        if src in source.key_at:
            self.out.key_at[dst] = source.key_at[src]
        if isinstance(value, dict):
            return {
                k: self.copy(source, (*src, k), v, (*dst, k))
                for k, v in value.items()
                if not (source is self.overlay and k in FLAGS and len(src) > 0)
            }
        if isinstance(value, list):
            return [self.copy(source, (*src, i), v, (*dst, i)) for i, v in enumerate(value)]
        return value

    def merge(self, base: Any, b: Path_, over: Any, o: Path_, dst: Path_) -> Any:
        if isinstance(base, dict) and isinstance(over, dict):
            self.copy(self.overlay, o, {}, dst)  # the mapping's own position
            result: dict[Any, Any] = {}
            for key, value in base.items():
                if key in over:
                    result[key] = self.merge(value, (*b, key), over[key], (*o, key), (*dst, key))
                else:
                    result[key] = self.copy(self.base, (*b, key), value, (*dst, key))
            for key, value in over.items():
                if key not in base and key not in FLAGS:
                    result[key] = self.copy(self.overlay, (*o, key), value, (*dst, key))
            return result
        if _is_item_list(base) and isinstance(over, list):
            return self.merge_items(base, b, over, o, dst)
        return self.copy(self.overlay, o, over, dst)

    def flags_fit(self, item: dict[str, Any], at: Path_) -> bool:
        """Whether the item's ``replace``/``hidden`` are usable: true or false (``'yes'``
        would otherwise be taken for a patch, silently), and not both."""
        fits = True
        for flag in FLAGS:
            if flag in item and not isinstance(item[flag], bool):
                self.problems.append(
                    self.overlay.problem(
                        (*at, flag),
                        f"'{flag}' must be true or false, got {_describe(item[flag])}",
                    )
                )
                fits = False
        if fits and all(flag in item for flag in FLAGS):
            self.problems.append(
                self.overlay.problem(
                    (*at, "hidden"),
                    "an item is either replaced or hidden: keep 'replace' or 'hidden', not both",
                    key=True,
                )
            )
            fits = False
        return fits

    def merge_items(
        self, base: list[Any], b: Path_, over: list[Any], o: Path_, dst: Path_
    ) -> list[Any]:
        changes: dict[str, tuple[int, dict[str, Any]]] = {}
        for index, item in enumerate(over):
            if not isinstance(item, dict) or "id" not in item:
                self.problems.append(
                    self.overlay.problem(
                        (*o, index),
                        "an overlay item needs an 'id' (to add, replace or hide an item)",
                    )
                )
                continue
            if not self.flags_fit(item, (*o, index)):
                continue
            item_id = str(item["id"])
            if item_id in changes:
                first = changes[item_id][0]
                self.problems.append(
                    self.overlay.problem(
                        (*o, index, "id"),
                        f"id '{item_id}' is already used by item {first} of this list "
                        "(one item per id: merge the two)",
                    )
                )
                continue
            changes[item_id] = (index, item)
        result: list[Any] = []
        for index, item in enumerate(base):
            here = (*dst, len(result))
            change = changes.pop(str(item["id"]), None)
            if change is None:
                result.append(self.copy(self.base, (*b, index), item, here))
            elif change[1].get("hidden") is True:
                self.out.hidden[str(item["id"])] = self.overlay.position((*o, change[0], "id"))
                continue
            elif change[1].get("replace") is True:
                result.append(self.copy(self.overlay, (*o, change[0]), change[1], here))
            else:
                result.append(self.merge(item, (*b, index), change[1], (*o, change[0]), here))
        for item_id, (index, item) in changes.items():
            flag = next((f for f in FLAGS if item.get(f) is True), None)
            if flag:
                verb = "hidden" if flag == "hidden" else "replaced"
                self.problems.append(
                    self.overlay.problem(
                        (*o, index, "id"),
                        f"'{item_id}' is {verb} here, but the default guide's {self.base.file} has "
                        f"no item with this id (was it renamed or removed in an upgrade?); remove "
                        f"'{flag}: true' to add it as a new item",
                    )
                )
                continue
            result.append(self.copy(self.overlay, (*o, index), item, (*dst, len(result))))
        return result


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text '{value}'"
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"


def merge_sources(base: Source, overlay: Source) -> tuple[Source, list[Problem]]:
    """The default ``base`` with ``overlay`` applied; problems for ids it cannot apply."""
    merger = _Merger(base, overlay)
    if overlay.data is None:
        return base, []
    merger.out.data = merger.merge(base.data, (), overlay.data, (), ())
    return merger.out, merger.problems
