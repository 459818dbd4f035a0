"""The fit score: each criterion, the weights file, applicability, and agreement between the
vectorised scorer and the per-pair explanation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from testdata.surveys import generate

from mentorguide.edition.strings import english
from mentorguide.matching import scoring
from mentorguide.matching.explain import explain
from mentorguide.matching.readers import read_responses
from mentorguide.matching.responses import Responses
from mentorguide.matching.scoring import (
    CRITERIA,
    Weights,
    WeightsError,
    default_weights,
    default_weights_text,
    fit_model,
    load_weights,
    score,
)
from mentorguide.matching.spec import Role, SurveySpec
from tests.matching.conftest import mentee, mentor

Parse = Callable[[Role, Sequence[dict[str, str]]], Responses]


def only(criterion: str, **settings: Any) -> Weights:
    """Default weights with every criterion but ``criterion`` at 0 (so score = 100 × credit)."""
    data = default_weights().model_dump()
    data["weights"] = {name: (1.0 if name == criterion else 0.0) for name in CRITERIA}
    for section, values in settings.items():
        data[section] |= values
    return Weights.model_validate(data)


def scores(
    parse: Parse, mentees: Sequence[dict[str, str]], mentors: Sequence[dict[str, str]], w: Weights
) -> list[list[float]]:
    matrix = score(parse("mentee", mentees), parse("mentor", mentors), w)
    return [[round(float(x), 1) for x in row] for row in matrix]  # float32 → printed value


def one_row(
    parse: Parse, person: dict[str, str], mentors: Sequence[dict[str, str]], w: Weights
) -> list[float]:
    return scores(parse, [person], mentors, w)[0]


# --- each criterion ------------------------------------------------------------------------


def test_career_goals_share_covered_by_expertise(parse: Parse) -> None:
    person = mentee("E1", career_goals="sterile-compounding;leadership")
    mentors = [
        mentor("M1", expertise="sterile-compounding;leadership;automation"),
        mentor("M2", expertise="leadership"),
        mentor("M3", expertise="automation"),
    ]
    assert one_row(parse, person, mentors, only("career_goals")) == [100.0, 50.0, 0.0]


def test_areas_to_improve_against_expertise(parse: Parse) -> None:
    person = mentee("E1", areas_to_improve="automation;inventory-management;leadership")
    mentors = [
        mentor("M1", expertise="automation"),
        mentor("M2", expertise="leadership;automation"),
    ]
    assert one_row(parse, person, mentors, only("areas_to_improve")) == [33.3, 66.7]


def test_wanted_certifications_against_held(parse: Parse) -> None:
    person = mentee("E1", certifications_wanted="CSPT", certifications_held="CPhT")
    mentors = [mentor("M1", certifications="CPhT;CSPT"), mentor("M2", certifications="CPhT")]
    assert one_row(parse, person, mentors, only("certifications")) == [100.0, 0.0]


def test_frequency_same_adjacent_or_far(parse: Parse) -> None:
    person = mentee("E1", frequency="monthly")
    far = mentee("E2", frequency="biweekly")
    mentors = [
        mentor("M1", frequency="monthly"),
        mentor("M2", frequency="quarterly"),
        mentor("M3", frequency="biweekly"),
    ]
    assert scores(parse, [person, far], mentors, only("frequency")) == [
        [100.0, 50.0, 50.0],
        [50.0, 0.0, 100.0],
    ]
    strict = only("frequency", frequency={"adjacent": 0.0})
    assert one_row(parse, person, mentors, strict) == [100.0, 0.0, 0.0]


def test_platform_share_in_common(parse: Parse) -> None:
    person = mentee("E1", platform="virtual;email")
    mentors = [
        mentor("M1", platform="virtual"),
        mentor("M2", platform="email;virtual;text"),
        mentor("M3", platform="in-person"),
    ]
    assert one_row(parse, person, mentors, only("platform")) == [50.0, 100.0, 0.0]


def test_qualities_share_the_mentor_brings(parse: Parse) -> None:
    person = mentee("E1", preferred_qualities="active-listener;flexible;confidant;supportive")
    mentors = [mentor("M1", qualities="flexible"), mentor("M2")]
    assert one_row(parse, person, mentors, only("qualities")) == [25.0, 0.0]


def test_interests_compared_ignoring_case_and_spacing(parse: Parse) -> None:
    person = mentee("E1", interests="Board  Games;hiking")
    mentors = [
        mentor("M1", interests="board games;chess"),
        mentor("M2", interests="HIKING;Board Games"),
    ]
    assert one_row(parse, person, mentors, only("interests")) == [50.0, 100.0]


def test_experienced_model_rewards_the_gap_up_to_the_setting(parse: Parse) -> None:
    person = mentee("E1", years_in_practice="2")
    mentors = [
        mentor("M1", years_in_practice="1"),
        mentor("M2", years_in_practice="2"),
        mentor("M3", years_in_practice="4.5"),
        mentor("M4", years_in_practice="7"),
        mentor("M5", years_in_practice="30"),
    ]
    assert one_row(parse, person, mentors, only("experience")) == [0.0, 0.0, 50.0, 100.0, 100.0]
    wider = only("experience", experience={"experienced_gap_years": 10})
    assert one_row(parse, person, mentors, wider) == [0.0, 0.0, 25.0, 50.0, 100.0]


def test_peer_model_rewards_similar_tenure(parse: Parse) -> None:
    person = mentee("E1", years_in_practice="4", preferred_model="peer")
    mentors = [
        mentor("M1", years_in_practice="4"),
        mentor("M2", years_in_practice="5"),
        mentor("M3", years_in_practice="2"),
        mentor("M4", years_in_practice="7"),
        mentor("M5", years_in_practice="20"),
    ]
    assert one_row(parse, person, mentors, only("experience")) == [100.0, 66.7, 33.3, 0.0, 0.0]


def test_peer_and_experienced_mentees_rank_mentors_oppositely(parse: Parse) -> None:
    mentors = [mentor("Senior", years_in_practice="20"), mentor("Peer", years_in_practice="3")]
    experienced = mentee("E1", years_in_practice="3")
    peer = mentee("E2", years_in_practice="3", preferred_model="peer")
    got = scores(parse, [experienced, peer], mentors, default_weights())
    assert got[0][0] > got[0][1]
    assert got[1][1] > got[1][0]


# --- the whole score -------------------------------------------------------------------------


def test_a_perfect_pair_scores_100_and_the_scale_is_0_to_100(parse: Parse) -> None:
    person = mentee(
        "E1",
        career_goals="leadership",
        areas_to_improve="leadership",
        certifications_wanted="CSPT",
        preferred_qualities="flexible",
        interests="chess",
    )
    perfect = mentor("M1", certifications="CSPT", qualities="flexible", interests="chess")
    nothing = mentor(
        "M2",
        expertise="automation",
        frequency="biweekly",
        platform="text",
        years_in_practice="1",
        capacity="1",
        interests="golf",
    )
    person["frequency"] = "quarterly"
    perfect["frequency"] = "quarterly"
    assert one_row(parse, person, [perfect, nothing], default_weights()) == [100.0, 0.0]


def test_unanswered_criteria_do_not_count_against_a_mentee(parse: Parse) -> None:
    """A mentee who listed no goals is scored on what they did answer."""
    w = only("career_goals")
    data = w.model_dump()
    data["weights"]["frequency"] = 1.0
    w = Weights.model_validate(data)
    terse = mentee("E1")  # no career goals
    keen = mentee("E2", career_goals="automation")
    got = scores(parse, [terse, keen], [mentor("M1")], w)
    assert got == [[100.0], [50.0]]  # same frequency; E2's goal is not covered


def test_a_mentor_who_left_a_question_blank_gets_no_credit(parse: Parse) -> None:
    person = mentee("E1", preferred_qualities="flexible")
    assert one_row(parse, person, [mentor("M1")], only("qualities")) == [0.0]


def test_default_weights_file_matches_the_documented_numbers() -> None:
    w = default_weights().weights
    assert w.model_dump() == {
        "career_goals": 25,
        "areas_to_improve": 20,
        "certifications": 10,
        "experience": 15,
        "frequency": 10,
        "platform": 10,
        "qualities": 5,
        "interests": 5,
    }
    assert "career_goals: 25" in default_weights_text()


def test_a_weights_file_changes_the_ranking(parse: Parse, tmp_path: Path) -> None:
    person = mentee("E1", career_goals="automation", interests="chess")
    mentors = [
        mentor("Expert", expertise="automation"),
        mentor("Friend", interests="chess"),
    ]
    default = one_row(parse, person, mentors, default_weights())
    assert default[0] > default[1]
    path = tmp_path / "weights.yml"
    path.write_text("weights:\n  interests: 100\n")  # only what changes
    custom = one_row(parse, person, mentors, load_weights(path))
    assert custom[1] > custom[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "weights:\n  career_goal: 30\n",
            "weights.yml:2:3: weights.career_goal: unknown key 'career_goal' "
            "(did you mean 'career_goals'?)",
        ),
        (
            "weights:\n  platform: -1\n",
            "weights.yml:2:13: weights.platform: must be at least 0, got the number -1",
        ),
        (
            "experience:\n  peer_range_years: three\n",
            "weights.yml:2:21: experience.peer_range_years: expected a number, got the text "
            "'three'",
        ),
        (
            "weights: [1, 2\n",
            "weights.yml:2:1: YAML syntax error: expected ',' or ']', but got "
            "'<stream end>' (while parsing a flow sequence started at line 1, column 10)",
        ),
        (
            "weights:\n" + "".join(f"  {c}: 0\n" for c in CRITERIA),
            "weights.yml:2:3: weights: at least one weight must be above 0",
        ),
        (
            "- 1\n",
            "weights.yml:1:1: expected a mapping with the keys weights, experience, "
            "frequency, got a list",
        ),
    ],
)
def test_bad_weights_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "weights.yml"
    path.write_text(text)
    with pytest.raises(WeightsError) as caught:
        load_weights(path, "weights.yml")
    assert str(caught.value) == message


def test_an_empty_weights_file_means_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "weights.yml"
    path.write_text("# nothing changed\n")
    assert load_weights(path) == default_weights()


# --- the vectorised scorer and the explanations agree ----------------------------------------


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, specs: dict[Role, SurveySpec]
) -> tuple[Responses, Responses]:
    folder = tmp_path_factory.mktemp("generated")
    mentees_csv, mentors_csv = generate(folder, 300, 80, seed=7)
    return read_responses(mentees_csv, specs["mentee"]), read_responses(
        mentors_csv, specs["mentor"]
    )


def test_every_score_equals_its_explanation(generated: tuple[Responses, Responses]) -> None:
    mentees, mentors = generated
    w = default_weights()
    matrix = score(mentees, mentors, w)
    rng = np.random.default_rng(0)
    for i, j in zip(
        rng.integers(0, len(mentees), 2000), rng.integers(0, len(mentors), 2000), strict=True
    ):
        why = explain(mentees, mentors, w, int(i), int(j), t=english())
        # The matrix rounds float32 sums, the explanation float64 ones: at most one step apart.
        assert abs(why.score - float(matrix[i, j])) <= 0.1 + 1e-6, (i, j)


def test_blocks_and_the_broadcast_experience_path_agree(
    generated: tuple[Responses, Responses], monkeypatch: pytest.MonkeyPatch
) -> None:
    mentees, mentors = generated
    w = default_weights()
    folded = fit_model(mentees, mentors, w).matrix()
    monkeypatch.setattr(scoring, "MAX_YEAR_LEVELS", 0)  # experience broadcast per block
    monkeypatch.setattr(scoring, "BLOCK_PAIRS", 1000)  # many small blocks
    model = fit_model(mentees, mentors, w)
    assert model.experience_factor is not None
    broadcast = model.matrix()
    assert np.abs(folded - broadcast).max() <= 0.1 + 1e-4
    assert (folded == broadcast).mean() > 0.99


def test_scores_are_on_the_rounding_grid(generated: tuple[Responses, Responses]) -> None:
    matrix = score(*generated, default_weights())
    assert matrix.dtype == np.float32
    assert matrix.min() >= 0 and matrix.max() <= 100
    assert np.allclose(np.rint(matrix * 10), matrix * 10, atol=1e-3)


@pytest.mark.parametrize("size", [1e-45, 1e-40, 1e-38, 1000.0])
def test_only_the_ratios_of_the_weights_matter_however_small(parse: Parse, size: float) -> None:
    # Weights below float32's smallest normal number once made every score NaN.
    people = [mentee("E1", career_goals="sterile-compounding"), mentee("E2")]
    mentors = [mentor("M1", expertise="sterile-compounding"), mentor("M2", frequency="biweekly")]
    base = default_weights().model_dump()
    scaled = {**base, "weights": {k: v / 25 * size for k, v in base["weights"].items()}}
    assert scores(parse, people, mentors, Weights.model_validate(scaled)) == scores(
        parse, people, mentors, default_weights()
    )
