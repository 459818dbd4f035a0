"""JSON Schema files for editors, generated from the same models that validate the build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..content.kinds import CONTENT_FILES
from ..files.outputs import Outputs
from ..worksheets.models import WorksheetFile


def schemas() -> dict[str, dict[str, Any]]:
    """``<kind>.schema.json`` → JSON Schema, one per content file plus the worksheet schema."""
    result = {}
    for file, model in CONTENT_FILES.items():
        name = file.removesuffix(".yml")
        schema = model.model_json_schema()
        schema["$id"] = f"{name}.schema.json"
        schema["title"] = f"content/{file}"
        result[f"{name}.schema.json"] = schema
    worksheet = WorksheetFile.model_json_schema()
    worksheet["$id"] = "worksheet.schema.json"
    worksheet["title"] = "worksheets/<slug>.yml"
    result["worksheet.schema.json"] = worksheet
    return result


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (made if missing), all or none; returns the files
    written."""
    texts = {name: render(schema) for name, schema in schemas().items()}
    with Outputs() as outputs:
        if folder.is_dir():
            for name, text in texts.items():
                outputs.write(folder / name, text, "--out")
        else:
            with outputs.folder(folder, "--out", owned=False, make_parents=True) as staged:
                for name, text in texts.items():
                    (staged / name).write_text(text, encoding="utf-8")
        outputs.commit()
    return [folder / name for name in texts]


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in ``folder`` that differ from the models (or are missing)."""
    return [
        name
        for name, schema in schemas().items()
        if not (folder / name).is_file()
        or (folder / name).read_text(encoding="utf-8") != render(schema)
    ]
