"""Language packs translate the default guide's worksheets (``mentorguide/translations/
<language>/worksheets/<slug>.yml``), as overlays by id that change words and nothing else;
a society in that language gets them under its own overlay."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mentorguide.project.load import language_pack
from mentorguide.worksheets.models import Worksheet
from tests.worksheets.conftest import SLUGS

TEXT_KEYS = {
    "worksheet": ("title", "purpose"),
    "section": ("title", "intro"),
    "field": ("label", "help"),
    "column": ("label",),
    "option": ("name",),
}


def texts_to_translate(sheet: Worksheet) -> set[tuple[str, ...]]:
    """Where the worksheet has text: (path of ids…, key)."""
    found: set[tuple[str, ...]] = {("worksheet", key) for key in TEXT_KEYS["worksheet"]}
    for section in sheet.sections:
        where: tuple[str, ...] = (section.id,)
        found |= {(*where, k) for k in TEXT_KEYS["section"] if getattr(section, k)}
        for field in section.fields:
            at = (*where, field.id)
            found |= {(*at, k) for k in TEXT_KEYS["field"] if getattr(field, k)}
            found |= {(*at, c.id, "label") for c in field.columns}
            found |= {(*at, o.id, "name") for o in field.options}
    return found


def texts_in_pack(data: dict[str, Any]) -> set[tuple[str, ...]]:
    sheet = data["worksheet"]
    found: set[tuple[str, ...]] = {("worksheet", k) for k in TEXT_KEYS["worksheet"] if k in sheet}
    for section in sheet.get("sections", []):
        where = (section["id"],)
        found |= {(*where, k) for k in TEXT_KEYS["section"] if k in section}
        for field in section.get("fields", []):
            at = (*where, field["id"])
            found |= {(*at, k) for k in TEXT_KEYS["field"] if k in field}
            found |= {(*at, c["id"], "label") for c in field.get("columns", [])}
            found |= {(*at, o["id"], "name") for o in field.get("options", [])}
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_the_spanish_pack_translates_every_text_and_only_text(
    slug: str, sheets: dict[str, Worksheet]
) -> None:
    pack = language_pack("es", "worksheets")
    assert pack is not None
    data = yaml.safe_load((pack.folder / f"{slug}.yml").read_text("utf-8"))
    assert texts_in_pack(data) == texts_to_translate(sheets[slug])
    # Only words: no type, option list or flag, so the fields stay the guide's.
    allowed = {"id", "title", "purpose", "intro", "label", "help", "name", "sections", "fields"}
    allowed |= {"columns", "options"}

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for item in node for k in keys(item)}
        return set()

    assert keys(data["worksheet"]) <= allowed


def test_there_is_no_pack_for_english_nor_for_content() -> None:
    assert language_pack("en", "worksheets") is None
    assert language_pack("es", "content") is None  # the guide's lists stay in its language
    assert language_pack("fr", "worksheets") is None
