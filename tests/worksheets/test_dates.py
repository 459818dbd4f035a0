"""Dates as people write them: ISO, or the society's form (US MM/DD/YYYY by default,
DD/MM/YYYY for a Spanish society), read the same by --data, PDFs and the page; the PDF's
tooltip and the printed form say which."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest

from mentorguide.cli.main import main
from mentorguide.content.sources import read_yaml
from mentorguide.edition.strings import load_strings
from mentorguide.pdf.fill import read_values
from mentorguide.project.load import Project
from mentorguide.worksheets.answers import check_answers
from mentorguide.worksheets.dates import iso_date
from tests.conftest import ROOT


def test_iso_and_us_dates_are_read_as_iso() -> None:
    assert iso_date("2026-01-15") == "2026-01-15"
    assert iso_date("01/15/2026") == "2026-01-15"
    assert iso_date("1/5/2026") == "2026-01-05"
    assert iso_date("01.15.2026") == "2026-01-15"


def test_a_spanish_society_reads_day_first() -> None:
    assert iso_date("15/01/2026", "DD/MM/YYYY") == "2026-01-15"
    assert iso_date("01/15/2026", "DD/MM/YYYY") is None  # there is no month 15


def test_impossible_dates_and_other_text_are_not_dates() -> None:
    assert [iso_date(t) for t in ("02/30/2026", "2026-13-01", "June 3", "15/01/26")] == [
        None,
        None,
        None,
        None,
    ]


def test_the_spanish_strings_write_dates_day_first() -> None:
    assert load_strings("es")("worksheet.date_format") == "DD/MM/YYYY"
    assert load_strings("en")("worksheet.date_format") == "MM/DD/YYYY"


def test_data_answers_take_the_local_form_and_store_iso(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.json").write_text(json.dumps({"target_date": "01/15/2026"}), encoding="utf-8")
    argv = ["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "--data", "a.json"]
    assert main([*argv, "-o", "out.pdf"]) == 0
    assert read_values(Path("out.pdf").read_bytes())["target_date"] == "2026-01-15"


def test_check_answers_reads_the_form_it_is_given(tmp_path: Path, guide: Project) -> None:
    path = tmp_path / "a.yml"
    path.write_text("target_date: 15/01/2026\n", encoding="utf-8")
    source, _ = read_yaml(path, "a.yml")
    assert source is not None
    answers, problems = check_answers(source, guide.prepared("smart-goal"), date_form="DD/MM/YYYY")
    assert (answers, problems) == ({"target_date": "2026-01-15"}, [])


def test_a_date_fields_tooltip_and_printed_form_say_how_to_write_a_date(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "-o", str(out)]) == 0
    with pikepdf.open(out) as pdf:
        tooltips = {str(f.T): str(f.TU) for f in pdf.Root.AcroForm.Fields}
    assert tooltips["target_date"] == "Target date (a date: MM/DD/YYYY or YYYY-MM-DD)"
    assert tooltips["goal"] == "My goal"
