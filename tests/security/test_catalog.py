"""The catalogue itself: every table is used by a test, and every attack has its own name."""

from __future__ import annotations

import re
from pathlib import Path

from tests.security import catalog

TABLES = {
    name: rows
    for name, rows in vars(catalog).items()
    if isinstance(rows, list) and rows and isinstance(rows[0], catalog.Attack)
}


def test_catalog_is_used() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    used = {name for name in TABLES if tests.count(name) >= 2}  # imported, and used
    assert sorted(set(TABLES) - used) == []


def test_every_attack_has_its_own_name_and_says_what_must_happen() -> None:
    rows = [row for rows in TABLES.values() for row in rows]
    assert len({row.name for row in rows}) == len(rows)
    assert all(row.where and row.must for row in rows)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\b{len(rows)} attacks\b", readme)
    assert len(rows) == 63  # the count the README's security notes give
