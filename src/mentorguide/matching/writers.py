"""Writing clean survey files: the collected responses as CSV, an empty template, the
surveys' field schema, and each survey as a blank fillable PDF."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from ..files.cache import cache_dir
from ..files.cells import neutral_row
from ..files.outputs import Outputs
from ..files.targets import Place
from ..pdf.worksheet import Paper, render_worksheet
from ..project.defaults import default_root
from ..project.load import Project
from ..worksheets.surveys import SURVEY_SLUGS
from .responses import Responses, Value
from .spec import SEPARATOR, Role, SurveySpec


def format_value(value: Value) -> str:
    """How a clean value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return SEPARATOR.join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def write_csv(responses: Responses, stream: io.TextIOBase | Any) -> None:
    """The clean spreadsheet: one column per field id, in survey order, values by id."""
    # CRLF, as RFC 4180 has it: the csv module then also quotes a cell holding a lone
    # carriage return, which would otherwise end the row early in every reader.
    writer = csv.writer(stream, lineterminator="\r\n")
    fields = [spec.id for spec in responses.spec.fields]
    writer.writerow(fields)
    columns = [responses.values[f] for f in fields]
    # Answers are what respondents typed: no cell may be a formula (files/cells.py).
    for n in range(len(responses)):
        writer.writerow(neutral_row([format_value(column[n]) for column in columns]))


def write_responses(responses: Responses, target: Place, outputs: Outputs) -> None:
    with outputs.open(target, "-o", newline="") as stream:
        write_csv(responses, stream)


def template_csv(spec: SurveySpec) -> str:
    """An empty survey spreadsheet: the header row of field ids."""
    return ",".join(s.id for s in spec.fields) + "\n"


def _json_number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def schema(spec: SurveySpec) -> dict[str, Any]:
    """The survey's fields, types and allowed values, for tools that make or check data."""
    fields: list[dict[str, Any]] = []
    for s in spec.fields:
        f = s.field
        entry: dict[str, Any] = {
            "id": f.id,
            "label": f.label,
            "type": f.type,
            "required": f.required,
        }
        if f.help:
            entry["help"] = f.help
        if f.type == "number":
            entry |= {
                "minimum": _json_number(f.minimum),
                "maximum": _json_number(f.maximum),
                "whole": f.whole,
            }
        if s.choices:
            entry["options_from"] = f.options_from
            entry["options"] = [{"id": c.id, "name": c.name} for c in s.choices]
        if f.type in ("multichoice", "list"):
            entry["separator"] = SEPARATOR
        fields.append(entry)
    return {
        "survey": spec.role,
        "title": spec.survey.title,
        "separator": SEPARATOR,
        "fields": fields,
    }


def worksheet_cache(project: Project) -> Path:
    """Where rendered PDFs are cached: the project's cache, or the user's when the project
    is the default guide inside the installed package (which may not be writable)."""
    if project.root.resolve() == default_root().resolve() and not os.environ.get(
        "MENTORGUIDE_CACHE_DIR"
    ):
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return home / "mentorguide"
    return cache_dir(project.root)


def survey_pdf(project: Project, role: Role, paper: Paper = "letter") -> bytes:
    """The blank fillable PDF of a survey."""
    # The project's own survey worksheet: in its interface language, with its society's name.
    path = render_worksheet(
        project.prepared(SURVEY_SLUGS[role]),
        project.content,
        cache_dir=worksheet_cache(project),
        paper=paper,
    )
    return path.read_bytes()
