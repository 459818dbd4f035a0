"""The default content holds every part of the guide, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorguide.content.citations import citations_in, cited_ids
from mentorguide.content.load import Content, load_content
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT / "content")


def test_survey_statistics_are_those_of_the_guide(content: Content) -> None:
    ptcb, ohio = content.statistics.surveys
    assert (ptcb.year, ptcb.sample) == (2022, "greater than 20,000 pharmacy technicians")
    assert [f.value for f in ptcb.findings] == ["59%", "61%"]
    assert (ohio.year, ohio.sample) == (2023, "1,386 technicians in Ohio")
    assert [f.value for f in ohio.findings] == ["46%"]


def test_four_advanced_credentials(content: Content) -> None:
    advanced = [c.name for c in content.credentials.credentials if c.advanced]
    assert advanced == [
        "Certified Compounded Sterile Preparation Technician®",
        "Medication History Certificate",
        "Hazardous Drug Management Certificate",
        "Immunization Administration Certificate",
    ]


def test_four_administrative_and_six_specialized_roles(content: Content) -> None:
    by_category = {
        category.id: [r.name for r in content.roles.roles if r.category == category.id]
        for category in content.roles.categories
    }
    assert by_category["administrative"] == [
        "Pharmacy Systems Administrator",
        "Automation Coordinator",
        "Inventory Supervisor",
        "Compliance Specialist",
    ]
    assert len(by_category["specialized"]) == 6
    specialized = [r for r in content.roles.roles if r.category == "specialized"]
    assert all(role.summary and role.cite for role in specialized)


def test_counts_of_every_listed_part_of_the_guide(content: Content) -> None:
    counts = {
        "benefits": len(content.benefits.benefits),
        "challenges": len(content.challenges.challenges),
        "tips": sum(len(c.tips) for c in content.challenges.challenges),
        "framework": len(content.program.framework),
        "mentee survey fields": sum(1 for f in content.surveys.surveys[0].fields if f.guide_name),
        "mentor survey fields": sum(1 for f in content.surveys.surveys[1].fields if f.guide_name),
        "matching tools": len(content.program.matching_tools),
        "pairing models": len(content.program.pairing_models),
        "essentials": len(content.program.essentials),
        "conversation starters": len(content.questions.sets[0].questions),
        "mentee questions": len(content.questions.sets[1].questions),
        "mentor questions": len(content.questions.sets[2].questions),
        "expectations": len(content.expectations.expectations),
        "tools": len(content.tools.tools),
        "strategies": len(content.engagement.strategies),
        "stages": len(content.stages.stages),
        "references": len(content.references.references),
        "authors": len(content.guide.authors),
    }
    assert counts == {
        "benefits": 4,
        "challenges": 5,
        "tips": 12,
        "framework": 4,
        "mentee survey fields": 7,
        "mentor survey fields": 9,
        "matching tools": 2,
        "pairing models": 2,
        "essentials": 3,
        "conversation starters": 3,
        "mentee questions": 6,
        "mentor questions": 6,
        "expectations": 6,
        "tools": 3,
        "strategies": 5,
        "stages": 4,
        "references": 18,
        "authors": 4,
    }


def test_stages_are_the_four_of_the_cycle_in_order(content: Content) -> None:
    assert [s.name for s in content.stages.stages] == [
        "Initiation",
        "Cultivation",
        "Separation",
        "Redefinition",
    ]


def test_references_keep_their_dois_and_urls(content: Content) -> None:
    refs = content.references.references
    assert sum(1 for r in refs if r.doi) == 4
    assert refs[1].doi == "10.1016/j.japh.2023.09.006"
    assert refs[17].url == "https://www.ncbi.nlm.nih.gov/books/NBK552775/"


def test_every_reference_is_cited_somewhere(content: Content) -> None:
    # The guide cites all 18; a reference nobody cites would be a transcription slip.
    cited = {ref for source in content.sources.values() for _, ref in citations_in(source)}
    for page in (ROOT / "docs").rglob("*.md"):
        cited.update(cited_ids(page.read_text(encoding="utf-8")))
    assert set(content.reference_number) - cited == set()


def test_content_folder_has_one_file_per_kind() -> None:
    from mentorguide.content.kinds import CONTENT_FILES

    assert sorted(p.name for p in Path(ROOT / "content").glob("*.yml")) == sorted(CONTENT_FILES)


def test_content_holds_each_kind_under_its_attribute() -> None:
    from dataclasses import fields

    from mentorguide.content.kinds import CONTENT_KINDS

    attributes = [f.name for f in fields(Content) if f.name != "sources"]
    assert attributes == [kind.attribute for kind in CONTENT_KINDS]


def test_the_readme_lists_every_content_kind() -> None:
    from mentorguide.content.kinds import CONTENT_KINDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Content files", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `([a-z]+\.yml)` \| (.+) \|$", section, re.M)
    assert rows == [(kind.file, kind.summary) for kind in CONTENT_KINDS]


def test_every_controlled_list_has_a_name_for_its_items_and_items(content: Content) -> None:
    from typing import get_args

    from mentorguide.content.lists import LIST_ITEMS, ListName, SurveyListName

    assert list(LIST_ITEMS) == list(get_args(ListName))
    assert set(get_args(SurveyListName)) <= set(get_args(ListName))
    assert all(content.choices(name) for name in get_args(ListName))
