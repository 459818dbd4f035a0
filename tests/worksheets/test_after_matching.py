"""The worksheets of the cycle after matching (fit check, check-in, end-of-cycle evaluation):
each names its pair, asks what ``program collect`` reads, and is a page and a fillable PDF
like the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.pdf.fill import read_values
from mentorguide.project.load import Project
from mentorguide.worksheets.form import FormField
from mentorguide.worksheets.html import FormBuilder
from mentorguide.worksheets.models import Worksheet
from tests.conftest import ROOT

AFTER_MATCHING = ("fit-check", "check-in", "cycle-evaluation")
PAIR_FIELDS = {"pair_id", "mentee_email", "mentor_email"}


@pytest.mark.parametrize("slug", AFTER_MATCHING)
def test_each_names_its_pair_by_id_or_both_emails(
    slug: str, specs: dict[str, list[FormField]]
) -> None:
    values = {spec.name: spec.value for spec in specs[slug]}
    assert {name: values[name] for name in PAIR_FIELDS} == {
        "pair_id": "text",
        "mentee_email": "email",
        "mentor_email": "email",
    }


def test_the_fit_check_asks_whether_to_continue_and_keeps_a_concern_for_the_coordinator(
    sheets: dict[str, Worksheet], specs: dict[str, list[FormField]]
) -> None:
    by_name = {spec.name: spec for spec in specs["fit-check"]}
    assert [c.id for c in by_name["continue"].options] == ["yes", "no"]
    assert by_name["continue"].label == "Do you want to continue with this pairing?"
    assert [c.id for c in by_name["role"].options] == ["mentee", "mentor"]
    concern = by_name["concern"].field
    assert concern.help == "Private to the program coordinator; your partner does not see it."


def test_the_check_in_offers_the_guides_four_stages_with_their_descriptions(
    guide: Project, specs: dict[str, list[FormField]]
) -> None:
    stage = {spec.name: spec for spec in specs["check-in"]}["stage"]
    assert [(c.id, c.label, c.note) for c in stage.options] == [
        (s.id, s.name, s.description) for s in guide.content.stages.stages
    ]
    assert [c.id for c in stage.options] == [
        "initiation",
        "cultivation",
        "separation",
        "redefinition",
    ]


def test_a_stages_description_is_the_radio_buttons_description_on_the_page(
    guide: Project,
) -> None:
    html = FormBuilder(guide.prepared("check-in"), guide.content, "page").form()
    first = guide.content.stages.stages[0]
    assert (
        '<input type="radio" id="ws-stage-initiation" name="stage" value="initiation" required '
        'aria-describedby="ws-stage-initiation-note">'
    ) in html
    assert (
        '<span class="mg-ws-choice-note" id="ws-stage-initiation-note">'
        f"{first.description.replace(chr(39), '&#x27;')}</span>"
    ) in html


def test_the_check_in_records_goals_milestones_and_the_next_meeting(
    specs: dict[str, list[FormField]],
) -> None:
    values = {spec.name: spec.value for spec in specs["check-in"]}
    assert values["met_on"] == values["next_meeting"] == values["milestones.0.reached_on"]
    assert values["met_on"] == "date"
    assert {"short_term_progress", "long_term_progress", "milestones.3.milestone"} <= set(values)
    assert "for_coordinator" in values


def test_the_evaluation_asks_who_would_mentor_in_the_next_cycle(
    specs: dict[str, list[FormField]],
) -> None:
    by_name = {spec.name: spec for spec in specs["cycle-evaluation"]}
    question = by_name["mentor_next_cycle"]
    assert question.label == "Would you mentor in the next cycle?"
    assert [c.id for c in question.options] == ["yes", "maybe", "no"]
    assert [c.id for c in by_name["goals_reached"].options] == ["all", "most", "some", "none"]
    assert {"what_worked", "what_to_change", "role"} <= set(by_name)


@pytest.mark.parametrize("slug", AFTER_MATCHING)
def test_each_is_a_fillable_pdf_with_every_form_field(
    slug: str, tmp_path: Path, specs: dict[str, list[FormField]]
) -> None:
    out = tmp_path / f"{slug}.pdf"
    assert main(["worksheet", "pdf", slug, "--project", str(ROOT), "-o", str(out)]) == 0
    assert set(read_values(out.read_bytes())) == {spec.name for spec in specs[slug]}
