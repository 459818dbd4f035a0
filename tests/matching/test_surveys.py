"""Reading survey answers: forgiving about form, strict about meaning, exact about problems."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from mentorguide.content.load import Content
from mentorguide.files.inputs import InputError
from mentorguide.matching.readers import parse_csv, parse_json, read_responses
from mentorguide.matching.responses import Responses
from mentorguide.matching.spec import Role, SurveySpec
from mentorguide.matching.writers import schema, template_csv
from tests.matching.conftest import (
    MENTEE_FIELDS,
    MENTOR_FIELDS,
    Run,
    csv_text,
    mentee,
    mentor,
    project_args,
    write_csv,
)

Parse = Callable[[Role, Sequence[dict[str, str]]], Responses]


def problems(parse: Parse, role: Role, rows: Sequence[dict[str, str]]) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(role, rows)
    return [str(p) for p in caught.value.problems]


# --- values -------------------------------------------------------------------------------


def test_choices_by_id_or_name_in_any_case_and_spacing(parse: Parse) -> None:
    rows = [
        mentee(
            "E1",
            career_goals=" Sterile compounding ;AUTOMATION;",
            areas_to_improve="inventory management",  # id written with a space
            certifications_wanted="cspt®",  # the abbreviation, odd case
            frequency="  Monthly ",
            platform="Virtual meetings;EMAIL;in person",
            preferred_model="Peer mentorship",  # the pairing model's title
        )
    ]
    got = parse("mentee", rows).record(0)
    assert got["career_goals"] == ("sterile-compounding", "automation")
    assert got["areas_to_improve"] == ("inventory-management",)
    assert got["certifications_wanted"] == ("CSPT",)
    assert got["frequency"] == "monthly"
    assert got["platform"] == ("in-person", "virtual", "email")  # content order
    assert got["preferred_model"] == "peer"


def test_google_forms_comma_joined_checkboxes(parse: Parse) -> None:
    rows = [mentee("E1", platform="Virtual meetings, Emails", interests="hiking, board games")]
    got = parse("mentee", rows).record(0)
    assert got["platform"] == ("virtual", "email")
    assert got["interests"] == ("hiking", "board games")


def test_numbers_text_and_lists_are_cleaned(parse: Parse) -> None:
    rows = [
        mentee(
            "  E1 ",
            name="  Eve   Evans ",
            email=" eve@example.org",
            years_in_practice=" 2,5 ",
            interests="Chess;chess; Hiking",
        )
    ]
    got = parse("mentee", rows).record(0)
    assert got["id"] == "E1"
    assert got["name"] == "Eve Evans"
    assert got["years_in_practice"] == 2.5
    assert got["interests"] == ("Chess", "Hiking")  # duplicates (any case) dropped


def test_blank_rows_are_skipped_and_unknown_columns_noted(specs: dict[Role, SurveySpec]) -> None:
    text = csv_text([mentee("E1") | {"Timestamp": "2025-01-01"}])
    text = text.replace("\n", "\n,,,,,,,,,,,,,,\n", 1) + "\n \n"
    got = parse_csv(text, specs["mentee"], "form.csv")
    assert got.ids == ["E1"]
    assert got.places == ("row 3",)
    assert got.notes == (
        "form.csv: ignored columns that are not mentee survey fields: 'Timestamp'",
    )


# --- exact problems ---------------------------------------------------------------------


def test_unknown_value_names_allowed_values_and_a_suggestion(parse: Parse) -> None:
    assert problems(parse, "mentee", [mentee("E1", career_goals="Sterile compunding")]) == [
        "mentees.csv, row 2, column G (career_goals): unknown expertise area "
        "'Sterile compunding' (did you mean 'Sterile compounding'?); allowed: "
        "'sterile-compounding', 'inventory-management', 'automation' or 'leadership' "
        "(or their names)"
    ]


def test_duplicate_id(parse: Parse) -> None:
    rows = [mentor("M1"), mentor("M2"), mentor("m1", email="other@example.org")]
    assert problems(parse, "mentor", rows) == [
        "mentors.csv, row 4, column A (id): duplicate id 'm1' (already used in row 2; "
        "each person needs their own id)"
    ]


def test_missing_required_column_suggests_a_misspelt_header(specs: dict[Role, SurveySpec]) -> None:
    fields = [f if f != "capacity" else "capacty" for f in MENTOR_FIELDS]
    row = mentor("M1")
    row["capacty"] = row.pop("capacity")
    with pytest.raises(InputError) as caught:
        parse_csv(csv_text([row], fields), specs["mentor"], "mentors.csv")
    assert str(caught.value) == (
        "mentors.csv, row 1: missing required column 'capacity' (or its question: "
        "'How many mentees can you take on?') (did you mean 'capacty'?)"
    )


def test_capacity_must_be_a_whole_number(parse: Parse) -> None:
    assert problems(parse, "mentor", [mentor("M1", capacity="1.5")]) == [
        "mentors.csv, row 2, column K (capacity): expected a whole number, got '1.5'"
    ]


def test_every_problem_at_once_in_row_order(parse: Parse) -> None:
    rows = [
        mentee("E1", years_in_practice="ten", frequency="weekly"),
        mentee("E2", email="not-an-email", platform=""),
        mentee("E3", years_in_practice="61", frequency="monthly;quarterly"),
    ]
    assert problems(parse, "mentee", rows) == [
        "mentees.csv, row 2, column D (years_in_practice): expected a number, got 'ten'",
        "mentees.csv, row 2, column J (frequency): unknown meeting frequency 'weekly' "
        "(did you mean 'Biweekly'?); allowed: 'biweekly', 'monthly' or 'quarterly' "
        "(or their names)",
        "mentees.csv, row 3, column C (email): expected an email address, got 'not-an-email'",
        "mentees.csv, row 3, column K (platform): required, but empty",
        "mentees.csv, row 4, column D (years_in_practice): expected a number from 0 to 60, "
        "got '61'",
        "mentees.csv, row 4, column J (frequency): expected one meeting frequency, got 2: "
        "'monthly;quarterly'",
    ]


def test_many_problems_are_summarized(parse: Parse) -> None:
    rows = [mentee(f"E{k}", frequency="weekly") for k in range(60)]
    with pytest.raises(InputError) as caught:
        parse("mentee", rows)
    report = str(caught.value).splitlines()
    assert report[0] == "60 problems found:"
    assert report[-1] == "(and 10 more problems)"
    assert len(report) == 52


def test_an_empty_file(specs: dict[Role, SurveySpec]) -> None:
    with pytest.raises(InputError) as caught:
        parse_csv("\n", specs["mentee"], "empty.csv")
    assert str(caught.value) == (
        "empty.csv: the file is empty (expected a header row naming the survey's fields)"
    )


# --- file formats ---------------------------------------------------------------------------


def _excel_export(specs: dict[Role, SurveySpec], rows: Sequence[dict[str, str]]) -> bytes:
    """The same answers as an online form or Excel would save them: question-text headers
    in odd case and spacing, choices by name in odd case, CRLF, a byte-order mark."""
    labels = {s.id: s.field.label for s in specs["mentee"].fields}
    headers = [f"  {labels[f].upper()} " for f in MENTEE_FIELDS]
    names = {choice.id: choice.name for spec in specs["mentee"].fields for choice in spec.choices}
    lines = [",".join(f'"{h}"' for h in headers)]
    for row in rows:
        cells = []
        for f in MENTEE_FIELDS:
            value = row[f]
            if f not in ("id", "name", "email", "interests", "education"):
                value = "; ".join(names.get(v, v).lower() for v in value.split(";") if v)
            cells.append(f'"{value} "')
        lines.append(",".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


ROWS = [
    mentee(
        "E1",
        years_in_practice="3",
        career_goals="sterile-compounding;leadership",
        certifications_wanted="CSPT",
        platform="in-person;virtual",
        preferred_qualities="active-listener",
        interests="hiking;board games",
    ),
    mentee("E2", frequency="quarterly", preferred_model="peer", education="BSc, biology"),
]


def test_collect_round_trip_excel_quirks_give_the_clean_csv(
    tmp_path: Path, specs: dict[Role, SurveySpec], cli: Callable[..., Run]
) -> None:
    clean = write_csv(tmp_path / "by-id.csv", ROWS, MENTEE_FIELDS)
    messy = tmp_path / "form-export.csv"
    messy.write_bytes(_excel_export(specs, ROWS))
    assert cli("survey", "collect", clean, "-o", tmp_path / "a.csv", *project_args()).code == 0
    run = cli("survey", "collect", messy, "-o", tmp_path / "b.csv", *project_args())
    assert run.code == 0, run.err
    assert run.out == f"Collected 2 mentee responses from 1 file into {tmp_path / 'b.csv'}.\n"
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == csv_text(ROWS, MENTEE_FIELDS)


def test_windows_1252_and_semicolon_separated(
    tmp_path: Path, specs: dict[Role, SurveySpec]
) -> None:
    path = tmp_path / "excel.csv"
    text = csv_text([mentee("E1", name="José Núñez")]).replace(",", ";")
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    got = read_responses(path, specs["mentee"], "excel.csv")
    assert got.record(0)["name"] == "José Núñez"


def test_json_object_list_and_checkbox_keys(specs: dict[Role, SurveySpec]) -> None:
    one = {k: v for k, v in mentee("E1").items() if v}
    many = [
        one,
        {
            "Participant ID": "E2",
            "Full name": "Bo",
            "email": "bo@example.org",
            "years_in_practice": 4,
            "frequency": "Monthly",
            "platform.virtual": True,
            "platform.email": "Yes",
            "platform.text": False,
            "career_goals": ["automation", "Leadership"],
            "preferred_model": "peer",
        },
    ]
    assert parse_json(json.dumps(one), specs["mentee"], "a.json").ids == ["E1"]
    got = parse_json(json.dumps({"answers": many}), specs["mentee"], "b.json")
    assert got.record(1)["platform"] == ("virtual", "email")
    assert got.record(1)["career_goals"] == ("automation", "leadership")
    assert got.record(1)["years_in_practice"] == 4.0


def test_json_problems_name_the_item_and_field(specs: dict[Role, SurveySpec]) -> None:
    items = [{k: v for k, v in mentee("E1").items() if v}, {"id": "E2", "years_in_practice": True}]
    with pytest.raises(InputError) as caught:
        parse_json(json.dumps(items), specs["mentee"], "answers.json")
    assert [str(p) for p in caught.value.problems] == [
        "answers.json, item 2, field 'email': required, but empty",
        "answers.json, item 2, field 'frequency': required, but empty",
        "answers.json, item 2, field 'name': required, but empty",
        "answers.json, item 2, field 'platform': required, but empty",
        "answers.json, item 2, field 'preferred_model': required, but empty",
        "answers.json, item 2, field 'years_in_practice': expected a number, got True",
    ]


# --- template, schema, collect ---------------------------------------------------------------


def test_template_has_one_column_per_field(
    tmp_path: Path, specs: dict[Role, SurveySpec], cli: Callable[..., Run]
) -> None:
    out = tmp_path / "mentors.csv"
    run = cli("survey", "template", "mentor", "-o", out, *project_args())
    assert run.code == 0
    assert out.read_text(encoding="utf-8") == ",".join(MENTOR_FIELDS) + "\n"
    assert template_csv(specs["mentee"]) == ",".join(MENTEE_FIELDS) + "\n"


def test_filled_template_reads_back(tmp_path: Path, specs: dict[Role, SurveySpec]) -> None:
    path = tmp_path / "t.csv"
    path.write_text(template_csv(specs["mentor"]) + csv_text([mentor("M1")]).split("\n", 1)[1])
    assert read_responses(path, specs["mentor"]).ids == ["M1"]


def test_schema_lists_types_and_allowed_values(
    content: Content, specs: dict[Role, SurveySpec], cli: Callable[..., Run]
) -> None:
    run = cli("survey", "schema", "mentee", *project_args())
    data = json.loads(run.out)
    assert data == schema(specs["mentee"])
    fields = {f["id"]: f for f in data["fields"]}
    assert tuple(f["id"] for f in data["fields"]) == MENTEE_FIELDS
    assert fields["career_goals"]["type"] == "multichoice"
    assert [o["id"] for o in fields["career_goals"]["options"]] == [
        e.id for e in content.expertise.expertise
    ]
    assert (fields["years_in_practice"]["minimum"], fields["years_in_practice"]["maximum"]) == (
        0,
        60,
    )
    assert fields["frequency"]["required"] is True
    assert "options" not in fields["name"]


def test_collect_tells_the_survey_from_the_columns(tmp_path: Path, cli: Callable[..., Run]) -> None:
    a = write_csv(tmp_path / "a.csv", [mentor("M1")])
    b = tmp_path / "b.json"
    b.write_text(json.dumps([{k: v for k, v in mentor("M2").items() if v}]))
    run = cli("survey", "collect", a, b, "-o", tmp_path / "mentors.csv", *project_args())
    assert run.code == 0, run.err
    assert run.out.startswith("Collected 2 mentor responses from 2 files")
    lines = (tmp_path / "mentors.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == ["id", "M1", "M2"]


def test_collect_cannot_tell_the_survey(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name,email\nA,B,c@example.org\n")
    run = cli("survey", "collect", path, "-o", tmp_path / "out.csv", *project_args())
    assert run.code == 1
    assert run.err == (
        "Error: cannot tell whether these are mentee or mentor responses; say which with "
        "--survey mentee or --survey mentor\n"
    )


def test_collect_duplicate_ids_across_files_writes_nothing(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    a = write_csv(tmp_path / "a.csv", [mentee("E1")])
    b = write_csv(tmp_path / "b.csv", [mentee("E2"), mentee("e1", email="x@example.org")])
    run = cli("survey", "collect", a, b, "-o", tmp_path / "out.csv", *project_args())
    assert run.code == 1
    assert run.err == (
        f"Error: {b}, row 3 (id): duplicate id 'e1' (already used in {a}, row 2; "
        "each person needs their own id)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]
