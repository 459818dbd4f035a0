"""How each pair of a cycle is doing, from its check-ins: the health view the report and the
reminders share.

A pair is, as of a day, exactly one of (the first that applies):

* ``ended``: the pair stopped;
* ``no-check-in``: no check-in collected yet;
* ``overdue``: the last check-in is older than the pair's agreed frequency allows (plus a
  week's grace: "be flexible but consistent");
* ``stuck``: the check-ins have reported the same stage for :data:`STUCK_DAYS` or more;
* ``on-track``: none of these.

The agreed frequency is the one both people asked for in their sign-up surveys; when they
asked for different ones, the more frequent (early on, check-ins may need to be more
frequent); when neither said, :data:`DEFAULT_FREQUENCY`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .checkins import (
    CheckIn,
    Evaluation,
    FitCheck,
    list_check_ins,
    list_evaluations,
    list_fit_checks,
)
from .cycles import Cycle, get_cycle, list_cycles
from .file import Reading
from .pairs import Pair, list_pairs
from .people import Enrollment, list_enrollments

Health = Literal["on-track", "overdue", "no-check-in", "stuck", "ended"]
HEALTHS: tuple[Health, ...] = ("on-track", "overdue", "no-check-in", "stuck", "ended")
#: Days between check-ins each frequency (``content/options.yml``) allows.
FREQUENCY_DAYS = {"biweekly": 14, "monthly": 31, "quarterly": 92}
DEFAULT_FREQUENCY = "monthly"
GRACE_DAYS = 7
#: The same stage reported for this long (about four months) is stuck.
STUCK_DAYS = 120


def agreed_frequency(mentee: Mapping[str, object], mentor: Mapping[str, object]) -> str:
    """The frequency of the pair's check-ins, from their survey answers (see the module)."""
    asked = [a.get("frequency") for a in (mentee, mentor)]
    known = [f for f in asked if isinstance(f, str) and f in FREQUENCY_DAYS]
    if not known:
        return DEFAULT_FREQUENCY
    return min(known, key=lambda f: FREQUENCY_DAYS[f])


@dataclass(frozen=True)
class PairHealth:
    pair: Pair
    health: Health
    frequency: str
    check_ins: tuple[CheckIn, ...]
    """Earliest first."""
    fit_checks: tuple[FitCheck, ...]
    evaluations: tuple[Evaluation, ...]
    stage_since: date | None = None
    """When the pairs's check-ins began reporting their latest stage."""

    @property
    def last(self) -> CheckIn | None:
        return self.check_ins[-1] if self.check_ins else None

    @property
    def stage(self) -> str | None:
        return self.last.stage if self.last else None

    @property
    def milestones(self) -> int:
        return sum(len(c.milestones) for c in self.check_ins)

    def fit_check_missing(self) -> tuple[str, ...]:
        """The roles (mentee, mentor) with no fit check."""
        done = {check.role for check in self.fit_checks}
        return tuple(role for role in ("mentee", "mentor") if role not in done)


@dataclass(frozen=True)
class CycleHealth:
    cycle: Cycle
    as_of: date
    enrollments: tuple[Enrollment, ...]
    pairs: tuple[PairHealth, ...]
    """The confirmed and ended pairs, in the order they were proposed."""
    proposed: int
    """Pairs proposed, not yet confirmed (not running: not in :attr:`pairs`)."""
    later_mentors: frozenset[int] = field(default_factory=frozenset)
    """This cycle's mentees enrolled as mentors in a later cycle (person ids)."""

    def count(self, health: Health) -> int:
        return sum(1 for p in self.pairs if p.health == health)


def judge(
    pair: Pair, frequency: str, check_ins: Sequence[CheckIn], as_of: date
) -> tuple[Health, date | None]:
    """The pair's health on ``as_of``, and since when its latest stage has been reported."""
    since = None
    if check_ins:
        since = check_ins[-1].met_on
        for check_in in reversed(check_ins):
            if check_in.stage != check_ins[-1].stage:
                break
            since = check_in.met_on
    if pair.status == "ended":
        return "ended", since
    if not check_ins:
        return "no-check-in", since
    if (as_of - check_ins[-1].met_on).days > FREQUENCY_DAYS[frequency] + GRACE_DAYS:
        return "overdue", since
    if since is not None and (as_of - since).days >= STUCK_DAYS:
        return "stuck", since
    return "on-track", since


def cycle_health(tx: Reading, cycle_id: str, as_of: date, *, brief: bool = False) -> CycleHealth:
    """Every running or ended pair of the cycle and how it is doing on ``as_of`` (answers
    dated after it are left out, so a report for a past day reads as it would have);
    ``brief``: the check-ins with only what a report and the reminders show."""
    cycle = get_cycle(tx, cycle_id)
    enrollments = list_enrollments(tx, cycle_id)
    answers = {e.person.id: e.answers for e in enrollments}
    by_pair: dict[int, list[CheckIn]] = {}
    for check_in in list_check_ins(tx, cycle_id, brief=brief):
        if check_in.met_on <= as_of:
            by_pair.setdefault(check_in.pair_id, []).append(check_in)
    fits: dict[int, list[FitCheck]] = {}
    for check in list_fit_checks(tx, cycle_id):
        fits.setdefault(check.pair_id, []).append(check)
    evals: dict[int, list[Evaluation]] = {}
    for evaluation in list_evaluations(tx, cycle_id):
        evals.setdefault(evaluation.pair_id, []).append(evaluation)
    pairs = list_pairs(tx, cycle_id)
    healths = []
    for pair in pairs:
        if pair.status == "proposed":
            continue
        frequency = agreed_frequency(
            answers.get(pair.mentee.id, {}), answers.get(pair.mentor.id, {})
        )
        check_ins = by_pair.get(pair.id, [])
        health, since = judge(pair, frequency, check_ins, as_of)
        healths.append(
            PairHealth(
                pair,
                health,
                frequency,
                tuple(check_ins),
                tuple(fits.get(pair.id, [])),
                tuple(evals.get(pair.id, [])),
                since,
            )
        )
    return CycleHealth(
        cycle,
        as_of,
        tuple(enrollments),
        tuple(healths),
        sum(1 for p in pairs if p.status == "proposed"),
        frozenset(_later_mentors(tx, cycle, enrollments)),
    )


def _later_mentors(tx: Reading, cycle: Cycle, enrollments: Sequence[Enrollment]) -> set[int]:
    mentees = {e.person.id for e in enrollments if e.role == "mentee"}
    found: set[int] = set()
    for later in list_cycles(tx):
        if later.starts_on > cycle.starts_on:
            found |= {
                e.person.id
                for e in list_enrollments(tx, later.id, "mentor")
                if e.person.id in mentees
            }
    return found
