"""Pairs (proposed, confirmed, ended) and the coordinator's pins and forbids."""

from __future__ import annotations

from datetime import date

import pytest

from mentorguide.program import (
    Program,
    ProposedPair,
    SurveyRecord,
    add_cycle,
    confirm_pair,
    earlier_partners,
    end_pair,
    enroll,
    find_person,
    forbid,
    list_enrollments,
    list_overrides,
    list_pairs,
    pin,
    record_match,
    remove_override,
)

from .conftest import fails_with

ANA, BEN = "ana@example.org", "ben@example.org"  # mentees
MIA, MAX = "mia@example.org", "max@example.org"  # mentors


@pytest.fixture
def cycle(program: Program) -> Program:
    """2027-spring with two mentees (Ana, Ben) and two mentors (Mia, Max)."""
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=date(2027, 3, 1), ends_on=date(2027, 8, 31))
        for role, people in (("mentee", (ANA, BEN)), ("mentor", (MIA, MAX))):
            records = [
                SurveyRecord(email, email.split("@")[0].title(), {}, f"row {n + 2}")
                for n, email in enumerate(people)
            ]
            enroll(tx, "2027-spring", role, records, source=f"{role}s.csv")  # type: ignore[arg-type]
    return program


def propose(program: Program, *pairs: tuple[str, str], cycle_id: str = "2027-spring") -> None:
    with program.writing() as tx:
        record_match(tx, cycle_id, [ProposedPair(a, b, 80.0) for a, b in pairs])


def going(program: Program, cycle_id: str = "2027-spring") -> list[tuple[str, str, str]]:
    with program.reading() as tx:
        return [
            (p.mentee.email, p.mentor.email, p.status)
            for p in list_pairs(tx, cycle_id, ["proposed", "confirmed"])
        ]


def test_a_match_is_kept_with_its_score_reasons_and_points(cycle: Program) -> None:
    proposal = ProposedPair(
        ANA, MIA, 87.5, ("shared goal: sterile compounding", "12 vs 2 years"), {"goals": 40.0}
    )
    with cycle.writing() as tx:
        (pair,) = record_match(tx, "2027-spring", [proposal], {BEN: "every mentor is full"})
    assert (pair.mentee.email, pair.mentor.email, pair.status, pair.score) == (
        ANA,
        MIA,
        "proposed",
        87.5,
    )
    assert pair.reasons == ("shared goal: sterile compounding", "12 vs 2 years")
    assert pair.points == {"goals": 40.0}
    with cycle.reading() as tx:
        reasons = {e.person.email: e.unmatched_reason for e in list_enrollments(tx, "2027-spring")}
    assert reasons == {ANA: None, BEN: "every mentor is full", MIA: None, MAX: None}


def test_a_new_match_replaces_the_proposals_and_keeps_confirmed_pairs(cycle: Program) -> None:
    propose(cycle, (ANA, MIA), (BEN, MIA))
    with cycle.writing() as tx:
        confirm_pair(tx, "2027-spring", ANA, MIA)
    propose(cycle, (BEN, MAX))
    assert going(cycle) == [(ANA, MIA, "confirmed"), (BEN, MAX, "proposed")]


def test_a_confirmed_pair_keeps_its_id(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with cycle.writing() as tx:
        confirmed = confirm_pair(tx, "2027-spring", "ANA@example.org", MIA)
    propose(cycle, (BEN, MAX))
    with cycle.reading() as tx:
        assert list_pairs(tx, "2027-spring", ["confirmed"])[0].id == confirmed.id
    assert confirmed.confirmed_at is not None


def test_a_match_may_not_move_a_mentee_of_a_confirmed_pair(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with cycle.writing() as tx:
        confirm_pair(tx, "2027-spring", ANA, MIA)
    with fails_with("ana@example.org is already in a confirmed pair"):
        propose(cycle, (ANA, MAX))


def test_a_match_respects_pins_and_forbids(cycle: Program) -> None:
    with cycle.writing() as tx:
        pin(tx, "2027-spring", ANA, MIA)
        forbid(tx, "2027-spring", BEN, MAX)
    with fails_with(
        "2 problems found:\n"
        "ana@example.org is pinned to mia@example.org in 2027-spring\n"
        "pairing ben@example.org with max@example.org is forbidden in 2027-spring"
    ):
        propose(cycle, (ANA, MAX), (BEN, MAX))
    assert going(cycle) == []


def test_a_match_pairs_enrolled_mentees_with_enrolled_mentors(cycle: Program) -> None:
    with fails_with(
        "3 problems found:\n"
        "mia@example.org is enrolled in 2027-spring as a mentor, not a mentee\n"
        "ana@example.org is enrolled in 2027-spring as a mentee, not a mentor\n"
        "zoe@example.org is not enrolled in 2027-spring"
    ):
        propose(cycle, (MIA, ANA), (BEN, "zoe@example.org"))


def test_a_mentee_is_proposed_once(cycle: Program) -> None:
    with fails_with("ana@example.org is proposed more than once"):
        propose(cycle, (ANA, MIA), (ANA, MAX))


def test_an_ended_pair_stays_with_why_it_ended(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with cycle.writing() as tx:
        confirm_pair(tx, "2027-spring", ANA, MIA)
        ended = end_pair(tx, "2027-spring", ANA, MIA, reason="Mia changed jobs")
    assert (ended.status, ended.end_reason) == ("ended", "Mia changed jobs")
    assert ended.ended_at is not None
    assert going(cycle) == []
    propose(cycle, (ANA, MAX))  # the mentee may be paired again
    assert going(cycle) == [(ANA, MAX, "proposed")]


def test_only_a_confirmed_pair_ends(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with (
        fails_with(
            "ana@example.org and mia@example.org are only proposed, not confirmed: a proposal "
            "is not ended but replaced (forbid it, then match again)"
        ),
        cycle.writing() as tx,
    ):
        end_pair(tx, "2027-spring", ANA, MIA, reason="")


def test_confirming_two_people_who_are_not_a_pair_says_so(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with (
        fails_with("ana@example.org and max@example.org are not a pair in 2027-spring"),
        cycle.writing() as tx,
    ):
        confirm_pair(tx, "2027-spring", ANA, MAX)


def test_earlier_partners_are_confirmed_or_ended_pairs_of_earlier_cycles(cycle: Program) -> None:
    with cycle.writing() as tx:
        for cycle_id, starts in (("2026-fall", 2026), ("2028-spring", 2028)):
            add_cycle(tx, cycle_id, starts_on=date(starts, 1, 1), ends_on=date(starts, 6, 30))
            records = [SurveyRecord(e, e[:3].title(), {}) for e in (ANA, BEN)]
            enroll(tx, cycle_id, "mentee", records, source="mentees.csv")
            records = [SurveyRecord(e, e[:3].title(), {}) for e in (MIA, MAX)]
            enroll(tx, cycle_id, "mentor", records, source="mentors.csv")
        record_match(tx, "2026-fall", [ProposedPair(ANA, MIA, 1.0), ProposedPair(BEN, MAX, 1.0)])
        confirm_pair(tx, "2026-fall", ANA, MIA)  # Ben and Max stayed a proposal
        record_match(tx, "2028-spring", [ProposedPair(BEN, MIA, 1.0)])
        confirm_pair(tx, "2028-spring", BEN, MIA)  # later than 2027-spring
        ana, mia = find_person(tx, ANA), find_person(tx, MIA)
        assert ana is not None and mia is not None
        assert earlier_partners(tx, "2027-spring") == {frozenset((ana.id, mia.id))}


def test_a_pin_holds_a_mentee_to_one_mentor(cycle: Program) -> None:
    with cycle.writing() as tx:
        assert pin(tx, "2027-spring", ANA, MIA, note="asked for each other")
        assert not pin(tx, "2027-spring", ANA, MIA)  # already pinned
        (override,) = list_overrides(tx, "2027-spring")
    assert (override.kind, override.mentee.email, override.mentor.email, override.note) == (
        "pin",
        ANA,
        MIA,
        "asked for each other",
    )
    with (
        fails_with(
            "ana@example.org is already pinned to mia@example.org in 2027-spring "
            "(remove that pin first)"
        ),
        cycle.writing() as tx,
    ):
        pin(tx, "2027-spring", ANA, MAX)


def test_a_pair_is_pinned_or_forbidden_not_both(cycle: Program) -> None:
    with cycle.writing() as tx:
        forbid(tx, "2027-spring", ANA, MIA)
    with (
        fails_with(
            "pairing ana@example.org with mia@example.org is forbidden in 2027-spring "
            "(remove the forbid first)"
        ),
        cycle.writing() as tx,
    ):
        pin(tx, "2027-spring", ANA, MIA)
    with cycle.writing() as tx:
        assert remove_override(tx, "2027-spring", ANA, MIA) == "forbid"
        assert pin(tx, "2027-spring", ANA, MIA)
    with (
        fails_with(
            "ana@example.org is pinned to mia@example.org in 2027-spring (remove the pin first)"
        ),
        cycle.writing() as tx,
    ):
        forbid(tx, "2027-spring", ANA, MIA)


def test_forbidding_a_proposed_pair_withdraws_the_proposal(cycle: Program) -> None:
    propose(cycle, (ANA, MIA), (BEN, MAX))
    with cycle.writing() as tx:
        assert forbid(tx, "2027-spring", ANA, MIA)
    assert going(cycle) == [(BEN, MAX, "proposed")]


def test_a_confirmed_pair_is_ended_before_it_is_forbidden(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with cycle.writing() as tx:
        confirm_pair(tx, "2027-spring", ANA, MIA)
    with (
        fails_with(
            "ana@example.org and mia@example.org are a confirmed pair in 2027-spring "
            "(end the pair first)"
        ),
        cycle.writing() as tx,
    ):
        forbid(tx, "2027-spring", ANA, MIA)


def test_a_mentee_in_a_confirmed_pair_is_not_pinned_to_another_mentor(cycle: Program) -> None:
    propose(cycle, (ANA, MIA))
    with cycle.writing() as tx:
        confirm_pair(tx, "2027-spring", ANA, MIA)
    with (
        fails_with(
            "ana@example.org is in a confirmed pair with mia@example.org in 2027-spring "
            "(end that pair first)"
        ),
        cycle.writing() as tx,
    ):
        pin(tx, "2027-spring", ANA, MAX)


def test_removing_what_is_not_there_says_none(cycle: Program) -> None:
    with cycle.writing() as tx:
        assert remove_override(tx, "2027-spring", ANA, MIA) is None


def test_pins_and_forbids_name_people_of_the_cycle(cycle: Program) -> None:
    with (
        fails_with(
            "2 problems found:\n"
            "zoe@example.org is not enrolled in 2027-spring\n"
            "ben@example.org is enrolled in 2027-spring as a mentee, not a mentor"
        ),
        cycle.writing() as tx,
    ):
        pin(tx, "2027-spring", "zoe@example.org", BEN)
