"""A pair's health as of a day: ended, no check-in yet, overdue against the pair's agreed
frequency (with a week's grace), stuck in one stage for four months, or on track."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentorguide.program import Pair, Person
from mentorguide.program.checkins import CheckIn
from mentorguide.program.health import STUCK_DAYS, agreed_frequency, judge

AT = datetime(2027, 1, 4, tzinfo=UTC)
ANA = Person(1, "ana@example.org", "Ana", AT, AT)
MIA = Person(2, "mia@example.org", "Mia", AT, AT)


def pair(status: str = "confirmed") -> Pair:
    return Pair(1, "2027", ANA, MIA, 80.0, (), {}, status, AT, AT, None, None)  # type: ignore[arg-type]


def met(*days: tuple[date, str]) -> list[CheckIn]:
    return [CheckIn(1, day, stage) for day, stage in days]


@pytest.mark.parametrize(
    ("mentee", "mentor", "agreed"),
    [
        ("monthly", "monthly", "monthly"),
        ("monthly", "biweekly", "biweekly"),
        ("quarterly", None, "quarterly"),
        (None, None, "monthly"),
        ("weekly-ish", None, "monthly"),
    ],
)
def test_the_agreed_frequency_is_the_more_frequent_one_asked_for(
    mentee: str | None, mentor: str | None, agreed: str
) -> None:
    assert agreed_frequency({"frequency": mentee}, {"frequency": mentor}) == agreed


def test_a_monthly_pair_is_overdue_a_week_after_a_month() -> None:
    check_ins = met((date(2027, 3, 1), "initiation"))
    assert judge(pair(), "monthly", check_ins, date(2027, 3, 1) + timedelta(days=38))[0] == (
        "on-track"
    )
    assert judge(pair(), "monthly", check_ins, date(2027, 3, 1) + timedelta(days=39))[0] == (
        "overdue"
    )


def test_a_biweekly_pair_is_overdue_sooner() -> None:
    check_ins = met((date(2027, 3, 1), "initiation"))
    assert judge(pair(), "biweekly", check_ins, date(2027, 3, 23))[0] == "overdue"


def test_the_same_stage_for_four_months_is_stuck_and_since_when_is_said() -> None:
    first = date(2027, 1, 11)
    check_ins = met(
        (first - timedelta(days=28), "cultivation"),
        *((first + timedelta(days=28 * k), "initiation") for k in range(5)),
    )
    as_of = first + timedelta(days=STUCK_DAYS)
    assert judge(pair(), "monthly", check_ins, as_of) == ("stuck", first)
    assert judge(pair(), "monthly", check_ins, as_of - timedelta(days=1))[0] == "on-track"


def test_no_check_in_yet_and_ended_come_first() -> None:
    assert judge(pair(), "monthly", [], date(2027, 6, 1))[0] == "no-check-in"
    assert judge(pair("ended"), "monthly", [], date(2027, 6, 1))[0] == "ended"
