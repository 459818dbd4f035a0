"""``match()``: hard constraints, overrides, reasons, the unmatched, and the written outputs."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from mentorguide.edition.strings import load_strings
from mentorguide.files.inputs import InputError
from mentorguide.matching.match import MatchResult, match, write_pairs, write_scores
from mentorguide.matching.report import render_report
from mentorguide.matching.responses import Responses
from mentorguide.matching.spec import Role
from tests.matching.conftest import mentee, mentor

Parse = Callable[[Role, Sequence[dict[str, str]]], Responses]


def pairs_of(result: MatchResult) -> set[tuple[str, str]]:
    return {(result.mentors.ids[p.mentor], result.mentees.ids[p.mentee]) for p in result.pairs}


def run(
    parse: Parse,
    mentees: Sequence[dict[str, str]],
    mentors: Sequence[dict[str, str]],
    **options: object,
) -> MatchResult:
    return match(parse("mentee", mentees), parse("mentor", mentors), **options)  # type: ignore[arg-type]


def test_reasons_read_like_the_guide(parse: Parse) -> None:
    result = run(
        parse,
        [mentee("E1", years_in_practice="2", career_goals="sterile-compounding")],
        [mentor("M1", years_in_practice="12", expertise="sterile-compounding")],
    )
    (pair,) = result.pairs
    assert pair.explanation.sentence == (
        "shared goal: sterile compounding; both prefer monthly virtual meetings; 12 vs 2 years"
    )


def test_reasons_are_in_the_societys_language(parse: Parse) -> None:
    result = run(
        parse,
        [mentee("E1", years_in_practice="2", career_goals="sterile-compounding")],
        [mentor("M1", years_in_practice="12", expertise="sterile-compounding")],
        strings=load_strings("es"),
    )
    (pair,) = result.pairs
    assert pair.explanation.sentence == (
        "objetivo común: sterile compounding; ambos prefieren virtual meetings, monthly; "
        "12 frente a 2 años"
    )


def test_why_someone_has_no_partner_is_in_the_societys_language(parse: Parse) -> None:
    result = run(
        parse,
        [mentee("E1")],
        [mentor("M1", capacity="1"), mentor("M2", capacity="0")],
        strings=load_strings("es"),
    )
    assert [why for _, why in result.unmatched_mentors] == ["no ofreció plazas (capacidad 0)"]


def test_reasons_name_caveats(parse: Parse) -> None:
    result = run(
        parse,
        [mentee("E1", years_in_practice="9", frequency="biweekly", platform="text")],
        [mentor("M1", years_in_practice="3", frequency="quarterly", platform="in-person")],
        pins=[("M1", "E1")],
    )
    (pair,) = result.pairs
    assert pair.explanation.sentence == (
        "pinned by the coordinator; quarterly vs biweekly meetings; no meeting platform in "
        "common; 3 vs 9 years (the mentee asked for a more experienced mentor)"
    )


def test_optimal_matches_as_many_as_capacity_allows_first(parse: Parse) -> None:
    """E1 fits M1 best, but only E1 can take M2: the optimum gives up E1's best fit."""
    mentees = [
        mentee("E1", career_goals="leadership", areas_to_improve="leadership"),
        mentee("E2", career_goals="leadership"),
    ]
    mentors = [mentor("M1"), mentor("M2", expertise="automation")]
    result = run(parse, mentees, mentors, forbids=[("M2", "E2")])
    assert pairs_of(result) == {("M2", "E1"), ("M1", "E2")}


def test_capacity_self_pairs_pins_and_forbids(parse: Parse) -> None:
    mentees = [
        mentee("E1", career_goals="leadership"),
        mentee("E2"),
        mentee("M2", email="m2@example.org"),  # the mentor M2, also signed up as a mentee
        mentee("E4", email="THREE@example.org"),  # the same person as M3, by email
    ]
    mentors = [
        mentor("M1", capacity="2"),
        mentor("M2", capacity="1"),
        mentor("M3", capacity="1", email="three@example.org"),
    ]
    result = run(parse, mentees, mentors, pins=[("M2", "E2")], forbids=[("M1", "E1")])
    made = pairs_of(result)
    assert ("M2", "E2") in made
    assert ("M1", "E1") not in made
    assert ("M2", "M2") not in made and ("M3", "E4") not in made
    assert result.same_person == {(2, 1), (3, 2)}
    load = np.bincount([p.mentor for p in result.pairs], minlength=3)
    assert (load <= result.capacity).all()
    assert len(result.pairs) == 4


def test_stable_is_deterministic_and_respects_the_same_constraints(parse: Parse) -> None:
    mentees = [
        mentee(f"E{k}", career_goals="leadership" if k % 2 else "automation") for k in range(6)
    ]
    mentors = [mentor("M1", capacity="2"), mentor("M2", capacity="2", expertise="automation")]
    a = run(parse, mentees, mentors, method="stable", forbids=[("M1", "E1")])
    b = run(parse, mentees, mentors, method="stable", forbids=[("M1", "E1")])
    assert np.array_equal(a.mentor_of, b.mentor_of)
    assert ("M1", "E1") not in pairs_of(a)
    assert len(a.pairs) == 4


def test_unmatched_people_and_why(parse: Parse) -> None:
    mentees = [
        mentee("E1", career_goals="leadership"),
        mentee("E2"),
        mentee("E3"),
        mentee("M2", email="m2@example.org"),
    ]
    mentors = [
        mentor("M1", capacity="1"),
        mentor("M2", capacity="1", expertise="automation"),
        mentor("M3", capacity="0"),
    ]
    result = run(parse, mentees, mentors, forbids=[("M1", "E3"), ("M2", "E3")])
    assert pairs_of(result) == {("M1", "E1"), ("M2", "E2")}
    why = {result.mentees.ids[i]: text for i, text in result.unmatched_mentees}
    assert why == {
        "E3": "every mentor with places is forbidden for them or is the same person",
        "M2": f"every mentor they could be paired with is full; best fits: M1 "
        f"({float(result.scores[3, 0]):.1f})",
    }
    assert [(result.mentors.ids[j], text) for j, text in result.unmatched_mentors] == [
        ("M3", "offered no places (capacity 0)")
    ]


def test_a_mentor_left_over_when_everyone_is_matched(parse: Parse) -> None:
    result = run(parse, [mentee("E1")], [mentor("M1"), mentor("M2", expertise="automation")])
    assert [text for _, text in result.unmatched_mentors] == [
        "every mentee is already matched (there are more places than mentees)"
    ]


def test_override_problems_are_reported_together(parse: Parse) -> None:
    mentees = [mentee("E1"), mentee("E2"), mentee("E3"), mentee("M1", email="m1@example.org")]
    mentors = [mentor("M1", capacity="1"), mentor("M2")]
    with pytest.raises(InputError) as caught:
        run(
            parse,
            mentees,
            mentors,
            pins=[
                ("M11", "E1"),
                ("M1", "M1"),
                ("M2", "E1"),
                ("M2", "E2"),
                ("M1", "E2"),
                ("M2", "E3"),
            ],
            forbids=[("M1", "E11"), ("M2", "E1")],
        )
    assert str(caught.value).splitlines() == [
        "6 problems found:",
        "--forbid M1:E11: no mentee with id 'E11' in mentees.csv (did you mean 'E1'?)",
        "--pin M11:E1: no mentor with id 'M11' in mentors.csv (did you mean 'M1'?)",
        "--pin M1:E2: mentee 'E2' is already pinned to mentor 'M2'",
        "--pin M1:M1: pairs a person with themself (same id or same email)",
        "--pin M2:E1: the same pair is forbidden (--forbid M2:E1)",
        "--pin M2:E3: mentor 'M2' has capacity 1 but 2 pinned mentees",
    ]


# --- outputs ----------------------------------------------------------------------------------


@pytest.fixture
def small(parse: Parse) -> MatchResult:
    mentees = [
        mentee("E1", name="Eve <b>Evans</b>", career_goals="leadership"),
        # An id that needs quoting in CSV (an email may not hold a comma).
        mentee("E,2", name='Finn "F" Fox', email="e2@example.org"),
        mentee("M2", email="m2@example.org"),
        mentee("E4"),
    ]
    mentors = [mentor("M1", capacity="2"), mentor("M2", capacity="1"), mentor("M3", capacity="0")]
    return run(parse, mentees, mentors, forbids=[("M1", "E4")])


def test_pairs_csv(small: MatchResult) -> None:
    buffer = io.StringIO()
    write_pairs(small, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0]) == ["mentor_id", "mentee_id", "score", "reasons"]
    assert {(r["mentor_id"], r["mentee_id"]) for r in rows} == pairs_of(small)
    for row in rows:
        assert re.fullmatch(r"\d{1,3}\.\d", row["score"])
        assert row["reasons"]


def test_scores_csv_has_every_possible_pair_once(small: MatchResult, tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    count = write_scores(small, path)
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == ["mentor_id", "mentee_id", "score"]
    body = rows[1:]
    assert len(body) == count == 4 * 3 - 2  # less M2 with themself, and the forbidden pair
    seen = {(mentor_id, mentee_id): float(value) for mentor_id, mentee_id, value in body}
    assert len(seen) == count
    assert ("M2", "M2") not in seen and ("M1", "E4") not in seen
    for (mentor_id, mentee_id), value in seen.items():
        i, j = small.mentees.ids.index(mentee_id), small.mentors.ids.index(mentor_id)
        assert value == round(float(small.scores[i, j]), 1)


def test_the_report_is_in_the_language_of_its_strings(parse: Parse) -> None:
    result = run(
        parse,
        [mentee("E1"), mentee("E2")],
        [mentor("M1", capacity="1")],
        strings=load_strings("es"),
    )
    html = render_report(result)
    assert html.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert "<title>Parejas de mentor y mentorado</title>" in html
    assert '<h2 id="summary">Resumen</h2>' in html
    assert "<caption>1 pareja, mentor por mentor</caption>" in html
    assert "<caption>1 mentorado sin mentor</caption>" in html
    assert "Todos los mentores tienen al menos un mentorado." in html
    assert "objetivos profesionales" in html and "career goals" not in html


def test_report_is_self_contained_accessible_and_complete(small: MatchResult) -> None:
    html = render_report(small, title="Pairs")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", html)
    assert not re.search(r"(src|href)=", html)
    assert "Eve &lt;b&gt;Evans&lt;/b&gt;" in html  # names are escaped
    assert html.count('<th scope="col"') >= 4 and "<caption>" in html
    for pair in small.pairs:
        assert pair.explanation.sentence.replace('"', "&quot;") in html or (
            pair.explanation.sentence in html
        )
    for i, why in small.unmatched_mentees:
        assert small.mentees.ids[i] in html and why in html
    for _, why in small.unmatched_mentors:
        assert why in html
    assert "1 mentor without a mentee" in html
    assert "Pairs by fit score (0–100)" in html
