"""Survey answers never become spreadsheet formulas, and round trips keep them as typed.

Each ``FORMULAS`` row is typed as a mentee's and a mentor's name, education and interests;
``survey collect`` writes the clean CSV, ``match`` reads it and writes ``pairs.csv`` and
``scores.csv``. Read back with the ``csv`` module, no cell starts with what makes a
spreadsheet evaluate it; read back by our own readers, every answer is what was typed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from mentorguide.files.cells import FORMULA_STARTS, neutral, restored
from mentorguide.files.inputs import InputError
from mentorguide.files.tables import read_workbook
from mentorguide.matching.readers import parse_csv
from mentorguide.matching.spec import SurveySpec
from tests.matching.conftest import Run, csv_text, mentee, mentor, project_args
from tests.security.catalog import FORMULA_IDS, FORMULAS, Attack

Cli = Callable[..., Run]

_NUMBER_CELL = r"-?\d+(\.\d+)?"


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


def _evaluated(cells: list[str]) -> list[str]:
    """The cells a spreadsheet would evaluate: a formula start, and not a plain number."""
    import re

    return [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(_NUMBER_CELL, c)]


def _write_form(path: Path, rows: list[dict[str, str]]) -> None:
    """A form export with every cell quoted, so a carriage return stays inside its cell."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def _answers(payload: str) -> dict[str, str]:
    return {"name": payload, "education": payload, "interests": payload}


@pytest.mark.parametrize("attack", FORMULAS, ids=lambda a: a.name)
def test_collected_answers_are_text_in_the_csv_and_read_back_as_typed(
    attack: Attack, tmp_path: Path, cli: Cli, specs: dict[str, SurveySpec]
) -> None:
    typed = [mentee("E1", **_answers(attack.payload)), mentee("E2")]
    _write_form(tmp_path / "form.csv", typed)
    run = cli("survey", "collect", tmp_path / "form.csv", "-o", tmp_path / "mentees.csv")
    assert run.code == 0, run.err
    cells = _cells(tmp_path / "mentees.csv")
    assert _evaluated(cells) == []
    first = parse_csv((tmp_path / "form.csv").read_text(encoding="utf-8"), specs["mentee"], "f")
    name = first.values["name"][0]
    assert isinstance(name, str) and name.startswith(FORMULA_STARTS)
    assert neutral(name) in cells  # the name, quoted
    again = parse_csv((tmp_path / "mentees.csv").read_text(encoding="utf-8"), specs["mentee"], "x")
    assert again.values == first.values


def test_an_answer_holding_a_carriage_return_stays_in_its_cell(
    tmp_path: Path, cli: Cli, specs: dict[str, SurveySpec]
) -> None:
    _write_form(tmp_path / "form.csv", [mentee("E1", education="PharmD\rBSc"), mentee("E2")])
    run = cli("survey", "collect", tmp_path / "form.csv", "-o", tmp_path / "mentees.csv")
    assert run.code == 0, run.err
    with (tmp_path / "mentees.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 3
    assert "PharmD\rBSc" in rows[1]


@pytest.mark.parametrize("attack", FORMULAS, ids=lambda a: a.name)
def test_pairs_and_scores_hold_no_formula(attack: Attack, tmp_path: Path, cli: Cli) -> None:
    _write_form(tmp_path / "form-e.csv", [mentee("E1", **_answers(attack.payload)), mentee("E2")])
    _write_form(tmp_path / "form-m.csv", [mentor("M1", capacity="2", **_answers(attack.payload))])
    for role, form in (("mentees", "form-e.csv"), ("mentors", "form-m.csv")):
        run = cli("survey", "collect", tmp_path / form, "-o", tmp_path / f"{role}.csv")
        assert run.code == 0, run.err
    run = cli(
        "match",
        "--mentors",
        tmp_path / "mentors.csv",
        "--mentees",
        tmp_path / "mentees.csv",
        "-o",
        tmp_path / "pairs.csv",
        "--scores",
        tmp_path / "scores.csv",
        *project_args(),
    )
    assert run.code == 0, run.err
    for output in ("pairs.csv", "scores.csv"):
        cells = _cells(tmp_path / output)
        assert len(cells) > 4
        assert _evaluated(cells) == [], output


@pytest.mark.parametrize("attack", FORMULAS, ids=lambda a: a.name)
def test_a_workbook_cell_is_text_and_reads_back_as_typed(attack: Attack, tmp_path: Path) -> None:
    # A coordinator may keep the clean CSV as a workbook: openpyxl (like Excel) makes a formula
    # of a string that starts with "="; a neutralized one stays a string.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["E1", neutral(attack.payload)])
    book.save(tmp_path / "answers.xlsx")
    cell = load_workbook(tmp_path / "answers.xlsx")["Sheet"]["B2"]
    assert (cell.data_type, cell.value) == ("s", neutral(attack.payload))
    assert read_workbook(tmp_path / "answers.xlsx", "answers.xlsx").rows[1] == [
        "E1",
        attack.payload,
    ]


@pytest.mark.parametrize("attack", FORMULA_IDS, ids=lambda a: a.name)
def test_a_formula_is_no_id_or_email(attack: Attack, specs: dict[str, SurveySpec]) -> None:
    field = "email" if "email" in attack.name else "id"
    column = "C" if field == "email" else "A"
    row = mentee("E1", **{field: attack.payload})
    with pytest.raises(InputError) as error:
        parse_csv(csv_text([row]), specs["mentee"], "mentees.csv")
    assert str(error.value).splitlines() == [
        f"mentees.csv, row 2, column {column} ({field}): {attack.must}"
    ]


def test_restoring_is_exact_for_text_that_starts_with_quotes() -> None:
    for text in ["'", "''", "'hello", "'=1", "''=1", "-5", "'-5", "=", "plain"]:
        assert restored(neutral(text)) == text, text
