"""Each worksheet's PDF, as the build makes it: real AcroForm fields named by field id, each
labelled, on a tagged, titled, small, US Letter document."""

from __future__ import annotations

import re

import pikepdf
import pytest

from mentorguide.project.load import Project
from mentorguide.worksheets.form import FormField, form_fields
from mentorguide.worksheets.models import Worksheet
from tests.worksheets.conftest import (
    SLUGS,
    fields_of,
    headings_left_alone,
    open_pdf,
    pdf_page_texts,
)

KB = 1024
PDF_TYPE = {"text": "/Tx", "multiline": "/Tx", "checkbox": "/Btn", "radio": "/Btn", "select": "/Ch"}
MULTILINE = 1 << 12  # field flag bit 13 (ISO 32000-1, Table 228)
RADIO = 1 << 15  # bit 16 (Table 226)
REQUIRED = 1 << 1  # bit 2 (Table 221)
READ_ONLY = 1 << 0  # bit 1


@pytest.mark.parametrize("slug", SLUGS)
def test_one_field_per_input_named_by_its_field_id(
    slug: str, built_pdf: dict[str, bytes], sheets: dict[str, Worksheet], guide: Project
) -> None:
    expected = [spec.name for spec in form_fields(sheets[slug], guide.content)]
    with open_pdf(built_pdf[slug]) as pdf:
        assert list(fields_of(pdf)) == expected


def test_table_cells_are_named_table_row_column(built_pdf: dict[str, bytes]) -> None:
    with open_pdf(built_pdf["career-development-plan"]) as pdf:
        names = set(fields_of(pdf))
    assert {"actions.0.action", "actions.0.owner", "actions.0.due", "actions.0.done"} <= names
    assert "actions.5.owner" in names and "actions.6.owner" not in names


@pytest.mark.parametrize("slug", SLUGS)
def test_each_field_has_the_pdf_type_of_its_input(
    slug: str, built_pdf: dict[str, bytes], specs: dict[str, list[FormField]]
) -> None:
    with open_pdf(built_pdf[slug]) as pdf:
        fields = fields_of(pdf)
        for spec in specs[slug]:
            field = fields[spec.name]
            flags = int(field.get("/Ff", 0))
            assert str(field.FT) == PDF_TYPE[spec.kind], spec.name
            assert bool(flags & MULTILINE) == (spec.kind == "multiline"), spec.name
            assert bool(flags & RADIO) == (spec.kind == "radio"), spec.name


def test_every_kind_of_field_is_used(specs: dict[str, list[FormField]]) -> None:
    kinds = {spec.kind for fields in specs.values() for spec in fields}
    assert kinds == {"text", "multiline", "checkbox", "radio", "select"}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_field_carries_its_label_as_tooltip(
    slug: str, built_pdf: dict[str, bytes], specs: dict[str, list[FormField]]
) -> None:
    with open_pdf(built_pdf[slug]) as pdf:
        fields = fields_of(pdf)
        assert {s.name: str(fields[s.name].TU) for s in specs[slug]} == {
            s.name: s.label + (" (a date: MM/DD/YYYY or YYYY-MM-DD)" if s.value == "date" else "")
            for s in specs[slug]
        }


def test_tooltips_name_the_question_not_the_field(built_pdf: dict[str, bytes]) -> None:
    with open_pdf(built_pdf["mentorship-agreement"]) as pdf:
        fields = fields_of(pdf)
        assert str(fields["frequency"].TU) == "How often we check in"
        assert str(fields["platforms.email"].TU) == "Where and how we communicate: Emails"
        assert (
            str(fields["frequency.other_text"].TU)
            == "How often we check in: other (please specify)"
        )
    with open_pdf(built_pdf["career-development-plan"]) as pdf:
        assert str(fields_of(pdf)["actions.2.owner"].TU) == "Actions, row 3: Owner"


def test_a_radio_group_is_one_field_whose_buttons_export_the_option_ids(
    built_pdf: dict[str, bytes], guide: Project
) -> None:
    with open_pdf(built_pdf["meeting-agenda"]) as pdf:
        stage = fields_of(pdf)["stage"]
        assert [str(o) for o in stage.Opt] == [s.id for s in guide.content.stages.stages]
        assert len(stage.Kids) == 4
        assert all("/T" not in kid and "/Parent" in kid for kid in stage.Kids)


def test_a_long_single_choice_is_a_choice_list_of_content_topics(
    built_pdf: dict[str, bytes], guide: Project
) -> None:
    with open_pdf(built_pdf["meeting-agenda"]) as pdf:
        topic = fields_of(pdf)["topic"]
        options = [(str(o[0]), str(o[1])) for o in topic.Opt]
    assert options[0] == ("", "")
    assert options[1:] == [(t.id, t.name) for t in guide.content.questions.topics]


def test_choices_come_from_content(built_pdf: dict[str, bytes], guide: Project) -> None:
    with open_pdf(built_pdf["career-development-plan"]) as pdf:
        names = set(fields_of(pdf))
    for credential in guide.content.credentials.credentials:
        assert f"credentials.{credential.id}" in names
    for area in guide.content.expertise.expertise:
        assert f"exposure.{area.id}" in names
    with open_pdf(built_pdf["mentorship-agreement"]) as pdf:
        fields = fields_of(pdf)
        frequencies = [str(o) for o in fields["frequency"].Opt]
    assert frequencies == [f.id for f in guide.content.options.frequencies] + ["other"]
    with open_pdf(built_pdf["meeting-agenda"]) as pdf:
        names = set(fields_of(pdf))
    for _, question in guide.content.all_questions():
        assert f"questions.{question.id}" in names
    for activity in guide.content.program.activities:
        assert f"activities.{activity.id}" in names


def test_required_fields_are_flagged_required(
    built_pdf: dict[str, bytes], specs: dict[str, list[FormField]]
) -> None:
    with open_pdf(built_pdf["mentorship-agreement"]) as pdf:
        fields = fields_of(pdf)
        for spec in specs["mentorship-agreement"]:
            required = bool(int(fields[spec.name].get("/Ff", 0)) & REQUIRED)
            assert required == (spec.field.required and spec.name == spec.field.id), spec.name


@pytest.mark.parametrize("slug", SLUGS)
def test_fields_are_editable(slug: str, built_pdf: dict[str, bytes]) -> None:
    with open_pdf(built_pdf[slug]) as pdf:
        assert not [n for n, f in fields_of(pdf).items() if int(f.get("/Ff", 0)) & READ_ONLY]


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_is_tagged_with_title_language_and_author(
    slug: str, built_pdf: dict[str, bytes], sheets: dict[str, Worksheet], guide: Project
) -> None:
    with open_pdf(built_pdf[slug]) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title) == f"{sheets[slug].title} — {guide.content.guide.title}"
        assert str(pdf.docinfo.Author) == guide.content.guide.prepared_by
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            assert meta.get("pdfuaid:part") == "1"


def test_form_fields_are_tagged_as_form_elements(built_pdf: dict[str, bytes]) -> None:
    # PDF/UA-1 §7.18.4: each widget sits in a /Form structure element.
    with open_pdf(built_pdf["smart-goal"]) as pdf:
        forms = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Form"
        ]
        widgets = [a for page in pdf.pages for a in page.Annots if a.Subtype == "/Widget"]
        assert len(forms) == len(widgets) == 10
        assert all(str(page.Tabs) == "/S" for page in pdf.pages)


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_is_us_letter_and_at_most_100_kb(slug: str, built_pdf: dict[str, bytes]) -> None:
    assert len(built_pdf[slug]) <= 100 * KB
    with open_pdf(built_pdf[slug]) as pdf:
        assert {tuple(float(x) for x in page.MediaBox) for page in pdf.pages} == {(0, 0, 612, 792)}


@pytest.mark.parametrize("slug", SLUGS)
def test_fonts_are_embedded_subsets(slug: str, built_pdf: dict[str, bytes]) -> None:
    with open_pdf(built_pdf[slug]) as pdf:
        fonts = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]
        assert fonts
        for font in fonts:
            assert "/FontFile2" in font, font.FontName
            # A subset's name starts with a six-letter tag and '+' (ISO 32000-1 §9.6.4).
            assert re.match(r"^/[A-Z]{6}\+", str(font.FontName)), font.FontName
            # The form font is embedded whole (viewers draw what readers type with it), so it
            # is our subset (Latin, Greek, Cyrillic, symbols: ~31 KB compressed), not the
            # ~330 KB the whole face would cost.
            assert len(font.FontFile2.read_raw_bytes()) < 36 * KB, font.FontName


def test_the_pdf_knows_which_worksheet_it_is(built_pdf: dict[str, bytes]) -> None:
    with open_pdf(built_pdf["milestone-tracker"]) as pdf:
        assert str(pdf.docinfo["/MentorguideWorksheet"]) == "milestone-tracker"


@pytest.mark.parametrize("slug", SLUGS)
def test_a_section_heading_is_never_left_alone_at_the_foot_of_a_page(
    slug: str, built_pdf: dict[str, bytes], sheets: dict[str, Worksheet]
) -> None:
    assert headings_left_alone(built_pdf[slug], sheets[slug]) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_says_what_it_is_part_of_and_which_page_it_is(
    slug: str, built_pdf: dict[str, bytes], guide: Project
) -> None:
    pages = pdf_page_texts(built_pdf[slug])
    assert pages[0].startswith(f"{guide.content.guide.title} · Worksheet".upper())
    for number, text in enumerate(pages, start=1):
        assert f"{guide.content.guide.title} Page {number} of {len(pages)}" in text
