"""Helpers for the survey and matching tests: people as dicts, written as CSV, run through
the CLI in-process."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.content.load import Content
from mentorguide.matching.readers import parse_csv
from mentorguide.matching.responses import Responses
from mentorguide.matching.spec import Role, SurveySpec, survey_spec
from mentorguide.project.load import load_project
from tests.conftest import ROOT

MENTEE_FIELDS = (
    "id",
    "name",
    "email",
    "years_in_practice",
    "education",
    "areas_to_improve",
    "career_goals",
    "certifications_held",
    "certifications_wanted",
    "frequency",
    "platform",
    "preferred_qualities",
    "interests",
    "preferred_model",
)
MENTOR_FIELDS = (
    "id",
    "name",
    "email",
    "years_in_practice",
    "expertise",
    "education",
    "certifications",
    "hours_per_month",
    "frequency",
    "platform",
    "capacity",
    "qualities",
    "mentee_preferences",
    "interests",
)


def mentee(person: str, **answers: str) -> dict[str, str]:
    """A mentee with the required answers filled and nothing else, unless given."""
    row = dict.fromkeys(MENTEE_FIELDS, "")
    row |= {
        "id": person,
        "name": f"Mentee {person}",
        "email": f"{person.lower()}@example.org",
        "years_in_practice": "2",
        "frequency": "monthly",
        "platform": "virtual",
        "preferred_model": "experienced",
    }
    return row | answers


def mentor(person: str, **answers: str) -> dict[str, str]:
    """A mentor with the required answers filled and nothing else, unless given."""
    row = dict.fromkeys(MENTOR_FIELDS, "")
    row |= {
        "id": person,
        "name": f"Mentor {person}",
        "email": f"{person.lower()}@example.org",
        "years_in_practice": "10",
        "expertise": "leadership",
        "frequency": "monthly",
        "platform": "virtual",
        "capacity": "1",
    }
    return row | answers


def csv_text(rows: Sequence[dict[str, str]], fields: Sequence[str] | None = None) -> str:
    fields = list(fields or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(
    path: Path, rows: Sequence[dict[str, str]], fields: Sequence[str] | None = None
) -> Path:
    path.write_text(csv_text(rows, fields), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def content() -> Content:
    return load_project(ROOT).content


@pytest.fixture(scope="session")
def specs(content: Content) -> dict[Role, SurveySpec]:
    return {"mentee": survey_spec(content, "mentee"), "mentor": survey_spec(content, "mentor")}


@pytest.fixture
def parse(specs: dict[Role, SurveySpec]) -> Callable[[Role, Sequence[dict[str, str]]], Responses]:
    """Parse rows (dicts) as a CSV file named after the role."""

    def run(role: Role, rows: Sequence[dict[str, str]]) -> Responses:
        return parse_csv(csv_text(rows), specs[role], f"{role}s.csv")

    return run


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``mentorguide ARGS`` in-process on the repository's content."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def project_args() -> list[str]:
    return ["--project", str(ROOT)]


# Places where writing fails for real (see tests/files/conftest.py).
from tests.files.conftest import read_only_folder, tiny_disk  # noqa: E402

__all__ = ["read_only_folder", "tiny_disk"]
