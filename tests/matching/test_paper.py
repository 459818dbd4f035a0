"""Surveys on paper and agreements: survey PDF → filled by people → collect → match →
a pre-filled mentorship agreement PDF per pair."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from mentorguide.content.load import Content
from mentorguide.files.inputs import InputError
from mentorguide.files.outputs import MANIFEST, Outputs
from mentorguide.matching.agreements import write_agreements
from mentorguide.matching.match import match
from mentorguide.matching.readers import read_responses
from mentorguide.matching.responses import Responses
from mentorguide.matching.spec import Role, SurveySpec, survey_spec
from mentorguide.matching.writers import survey_pdf
from mentorguide.pdf.fill import fill_pdf, read_values
from mentorguide.project.load import Project, load_project
from mentorguide.worksheets.form import form_fields
from mentorguide.worksheets.surveys import SURVEY_SLUGS, survey_worksheet, survey_worksheets
from tests.conftest import ROOT
from tests.matching.conftest import (
    MENTEE_FIELDS,
    Run,
    mentee,
    mentor,
    project_args,
    write_csv,
)
from tests.readback import ENGINES, drawn_text, qpdf_check

Cli = Callable[..., Run]
Parse = Callable[[Role, Sequence[dict[str, str]]], Responses]

PEOPLE: dict[Role, list[dict[str, str | bool]]] = {
    "mentee": [
        {
            "id": "E1",
            "name": "Eve Evans",
            "email": "eve@example.org",
            "years_in_practice": "2",
            "career_goals.sterile-compounding": True,
            "certifications_wanted.CSPT": True,
            "frequency": "monthly",
            "platform.virtual": True,
            "platform.email": True,
            "interests": "hiking; chess",
            "preferred_model": "experienced",
        },
        {
            "id": "E2",
            "name": "Finn Fox",
            "email": "finn@example.org",
            "years_in_practice": "3",
            "areas_to_improve.automation": True,
            "frequency": "quarterly",
            "platform.email": True,
            "preferred_model": "peer",
        },
    ],
    "mentor": [
        {
            "id": "M1",
            "name": "Ana Adams",
            "email": "ana@example.org",
            "years_in_practice": "12",
            "expertise.sterile-compounding": True,
            "certifications.CSPT": True,
            "frequency": "monthly",
            "platform.virtual": True,
            "capacity": "1",
        },
        {
            "id": "M2",
            "name": "Ben Baker",
            "email": "ben@example.org",
            "years_in_practice": "4",
            "expertise.automation": True,
            "frequency": "monthly",
            "platform.email": True,
            "platform.text": True,
            "capacity": "2",
        },
    ],
}


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT)


@pytest.fixture(scope="module")
def filled(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[Role, list[Path]]:
    """Each person's survey PDF, filled in as a PDF viewer would."""
    folder = tmp_path_factory.mktemp("filled")
    out: dict[Role, list[Path]] = {}
    for role, people in PEOPLE.items():
        sheet = survey_worksheet(survey_spec(project.content, role).survey)
        specs = form_fields(sheet, project.content)
        blank = survey_pdf(project, role)
        out[role] = []
        for person in people:
            path = folder / f"{person['id']}.pdf"
            path.write_bytes(fill_pdf(blank, person, specs))
            out[role].append(path)
    return out


def test_each_survey_is_a_worksheet_with_its_questions(content: Content) -> None:
    mentee_sheet, mentor_sheet = survey_worksheets(content)
    assert (mentee_sheet.slug, mentor_sheet.slug) == ("mentee-survey", "mentor-survey")
    fields = {f.id: f for s in mentee_sheet.sections for f in s.fields}
    assert tuple(fields) == MENTEE_FIELDS
    assert fields["career_goals"].type == "multichoice"
    assert fields["career_goals"].options_from == "expertise"  # never retyped
    assert fields["frequency"].required and fields["frequency"].type == "choice"
    assert fields["interests"].type == "text" and "semicolons" in fields["interests"].help
    names = [f.name for f in form_fields(mentee_sheet, content)]
    assert "platform.virtual" in names and "preferred_model" in names


def test_survey_pdf_command(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "mentor.pdf"
    run = cli("survey", "pdf", "mentor", "-o", target, "--paper", "a4", *project_args())
    assert run.code == 0, run.err
    assert run.out == f"Wrote {target}: the mentor survey as a fillable PDF.\n"
    values = read_values(target.read_bytes())
    assert {"id", "capacity", "expertise.automation", "frequency"} <= set(values)
    assert not any(values.values())  # blank


def test_filled_pdfs_collect_like_the_same_answers_in_a_spreadsheet(
    filled: dict[Role, list[Path]], tmp_path: Path, cli: Cli
) -> None:
    run = cli("survey", "collect", *filled["mentee"], "-o", tmp_path / "a.csv", *project_args())
    assert run.code == 0, run.err
    assert run.out == f"Collected 2 mentee responses from 2 files into {tmp_path / 'a.csv'}.\n"
    same = [
        mentee(
            "E1",
            name="Eve Evans",
            email="eve@example.org",
            career_goals="sterile-compounding",
            certifications_wanted="CSPT",
            platform="virtual;email",
            interests="hiking;chess",
        ),
        mentee(
            "E2",
            name="Finn Fox",
            email="finn@example.org",
            years_in_practice="3",
            areas_to_improve="automation",
            frequency="quarterly",
            platform="email",
            preferred_model="peer",
        ),
    ]
    write_csv(tmp_path / "typed.csv", same, MENTEE_FIELDS)
    assert cli("survey", "collect", tmp_path / "typed.csv", "-o", tmp_path / "b.csv").code == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_round_trip_to_agreements(filled: dict[Role, list[Path]], tmp_path: Path, cli: Cli) -> None:
    for role in ("mentee", "mentor"):
        run = cli(
            "survey", "collect", *filled[role], "-o", tmp_path / f"{role}s.csv", *project_args()
        )
        assert run.code == 0, run.err
    # The folder of an earlier run, with ten agreements for pairs this run does not make.
    with Outputs() as outputs:
        with outputs.folder(tmp_path / "agreements", "--agreements") as earlier:
            for k in range(10):
                (earlier / f"agreement-M{k}-E{k + 10}.pdf").write_bytes(b"%PDF- stale")
        outputs.commit()
    run = cli(
        "match",
        "--mentors",
        tmp_path / "mentors.csv",
        "--mentees",
        tmp_path / "mentees.csv",
        "-o",
        tmp_path / "pairs.csv",
        "--agreements",
        tmp_path / "agreements",
        *project_args(),
    )
    assert run.code == 0, run.err
    assert "2 agreements in" in run.out
    files = sorted(p.name for p in (tmp_path / "agreements").iterdir())
    assert files == [MANIFEST, "agreement-M1-E1.pdf", "agreement-M2-E2.pdf"]
    first = read_values((tmp_path / "agreements" / "agreement-M1-E1.pdf").read_bytes())
    assert first["mentor_name"] == "Ana Adams"
    assert first["mentee_name"] == "Eve Evans"
    assert first["frequency"] == "monthly"  # both chose it
    assert first["platforms.virtual"] is True and first["platforms.email"] is False
    second = read_values((tmp_path / "agreements" / "agreement-M2-E2.pdf").read_bytes())
    assert (second["mentor_name"], second["mentee_name"]) == ("Ben Baker", "Finn Fox")
    assert second["frequency"] == ""  # monthly vs quarterly: theirs to agree
    assert second["platforms.email"] is True and second["platforms.text"] is False
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_pdf_of_the_other_survey(
    filled: dict[Role, list[Path]], specs: dict[Role, SurveySpec]
) -> None:
    path = filled["mentor"][0]
    with pytest.raises(InputError) as caught:
        read_responses(path, specs["mentee"], "M1.pdf")
    assert str(caught.value) == "M1.pdf: this PDF is the mentor survey, not the mentee survey"


def test_a_pdf_without_a_form(tmp_path: Path, specs: dict[Role, SurveySpec]) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n% not a form\n")
    with pytest.raises(InputError) as caught:
        read_responses(path, specs["mentee"], "scan.pdf")
    assert str(caught.value) == "scan.pdf: not a fillable survey PDF (no form fields found)"


def test_an_incomplete_survey_pdf(
    project: Project, tmp_path: Path, specs: dict[Role, SurveySpec]
) -> None:
    sheet = survey_worksheet(specs["mentee"].survey)
    answers: dict[str, str | bool] = {"id": "E9", "name": "Ida", "years_in_practice": "eight"}
    path = tmp_path / "E9.pdf"
    path.write_bytes(
        fill_pdf(survey_pdf(project, "mentee"), answers, form_fields(sheet, project.content))
    )
    with pytest.raises(InputError) as caught:
        read_responses(path, specs["mentee"], "E9.pdf")
    assert str(caught.value).splitlines() == [
        "5 problems found:",
        "E9.pdf, the form, field 'email': required, but empty",
        "E9.pdf, the form, field 'frequency': required, but empty",
        "E9.pdf, the form, field 'platform': required, but empty",
        "E9.pdf, the form, field 'preferred_model': required, but empty",
        "E9.pdf, the form, field 'years_in_practice': expected a number, got 'eight'",
    ]


def test_no_agreement_worksheet(project: Project, tmp_path: Path, parse: Parse) -> None:
    result = match(parse("mentee", [mentee("E1")]), parse("mentor", [mentor("M1")]))
    bare = Project(project.root, project.content, [])
    with pytest.raises(InputError) as caught:
        write_agreements(result, bare, tmp_path)
    assert str(caught.value) == (
        "--agreements: the project has no 'mentorship-agreement' worksheet to fill "
        "(worksheets/mentorship-agreement.yml)"
    )
    assert SURVEY_SLUGS == {"mentee": "mentee-survey", "mentor": "mentor-survey"}


def test_agreements_draw_every_script_of_the_names(
    project: Project, tmp_path: Path, parse: Parse
) -> None:
    result = match(
        parse("mentee", [mentee("E1", name="Nguyễn Thị Hồng")]),
        parse("mentor", [mentor("M1", name="Σοφία Ιβανова ∮")]),
    )
    assert write_agreements(result, project, tmp_path) == 1
    pdf = (tmp_path / "agreement-M1-E1.pdf").read_bytes()
    for engine in ENGINES:
        text = drawn_text(pdf, engine)
        assert "Nguyễn Thị Hồng" in text and "Σοφία Ιβανова ∮" in text, engine
    assert qpdf_check(pdf) == ""


def test_agreements_name_the_names_no_font_can_draw(
    project: Project, tmp_path: Path, parse: Parse
) -> None:
    result = match(
        parse("mentee", [mentee("E1", name="王秀英"), mentee("E2")]),
        parse("mentor", [mentor("M1", name="Mentor One", capacity="2")]),
    )
    with pytest.raises(InputError) as caught:
        write_agreements(result, project, tmp_path)
    assert str(caught.value) == (
        "--agreements, agreement-M1-E1.pdf: mentee_name (Mentee): 王 (U+738B), 秀 (U+79C0), "
        "英 (U+82F1): no font here can draw these characters, so the agreement would print "
        "them wrongly (spell the name in Latin, Greek or Cyrillic letters in the survey, or "
        "fill the agreement in by hand)"
    )
