"""The sample report on the coordinators' page: a cycle made up here, with no database and
no real person in it, judged and drawn by the same code as a real report.

Every name is "Sample mentee 07" or the like (in the edition's language, as the rest of
the report), every email at ``example.org``, and the report says in a box at its top that
its data are generated.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from ..edition.edition import Edition
from ..edition.strings import Strings
from ..matching.spec import Role
from .checkins import CheckIn, Evaluation, FitCheck, Milestone, Source
from .cycles import Cycle
from .file import ProgramInfo
from .health import CycleHealth, PairHealth, judge
from .pairs import Pair, PairStatus
from .people import Enrollment, Person
from .report import render_report

STAGES = ("initiation", "cultivation", "separation", "redefinition")
_AT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def _person(t: Strings, n: int, role: str) -> Person:
    name = t(f"report.sample.{role}", number=f"{n:02d}")
    return Person(n, f"sample.{role}.{n:02d}@example.org", name, _AT, _AT)


def sample_health(strings: Strings, pairs: int = 40, seed: int = 17) -> CycleHealth:
    """A made-up cycle of 2027 as it stands on 1 October: most pairs meeting monthly, a few
    overdue, silent or stuck, two ended after the fit check; its people named, and their
    concerns written, in the language of ``strings``."""
    rng = random.Random(seed)
    cycle = Cycle("2027", "2027", date(2027, 1, 4), date(2027, 12, 17), _AT, _AT)
    as_of = date(2027, 10, 1)
    enrollments = []
    healths = []
    for n in range(1, pairs + 1):
        mentee, mentor = _person(strings, n, "mentee"), _person(strings, 100 + n, "mentor")
        roles: tuple[tuple[Person, Role], ...] = ((mentee, "mentee"), (mentor, "mentor"))
        for person, role in roles:
            enrollments.append(
                Enrollment(
                    n, "2027", person, role, {"frequency": "monthly"}, "sample", "", _AT, _AT, None
                )
            )
        status: PairStatus = "ended" if n <= 2 else "confirmed"
        pair = Pair(n, "2027", mentee, mentor, 80.0, (), {}, status, _AT, _AT, None, None)
        # Two ended, two silent, four overdue (last met in spring), four stuck, the rest
        # on track.
        meetings = 0 if n in (3, 4) else (3 if 5 <= n <= 8 else 9)
        stuck = 9 <= n <= 12
        check_ins = []
        start = date(2027, 1, 18) + timedelta(days=rng.randrange(0, 50))
        for k in range(meetings):
            met_on = start + timedelta(days=28 * k + rng.randrange(4))
            if met_on > as_of:
                break
            stage = "initiation" if stuck else STAGES[min(3, k * 4 // 9)]
            reached = (Milestone("A milestone", met_on),) if rng.random() < 0.3 else ()
            check_ins.append(CheckIn(n, met_on, stage, milestones=reached, source=Source("sample")))
        fits = tuple(
            FitCheck(
                n,
                role,
                status != "ended",
                concern="" if status != "ended" else strings("report.sample.concern"),
                source=Source("sample"),
            )
            for _, role in roles
        )
        evaluations: tuple[Evaluation, ...] = ()
        if meetings == 9:
            evaluations = (
                Evaluation(n, "mentee", rng.choice(("all", "most", "most", "some")),
                           rng.choice(("yes", "yes", "maybe", "no")), source=Source("sample")),
                Evaluation(n, "mentor", rng.choice(("all", "most", "some")), "yes",
                           source=Source("sample")),
            )  # fmt: skip
        health, since = judge(pair, "monthly", check_ins, as_of)
        healths.append(
            PairHealth(pair, health, "monthly", tuple(check_ins), fits, evaluations, since)
        )
    return CycleHealth(cycle, as_of, tuple(enrollments), tuple(healths), 0, frozenset({5, 9, 14}))


def sample_report(edition: Edition) -> str:
    """The sample report's HTML, as the coordinator would see it, in the edition's words."""
    t = edition.strings
    info = ProgramInfo(t("report.sample.program"), None, _AT, "")
    notice = t("report.sample.notice")
    return render_report(info, sample_health(t), "coordinator", edition=edition, notice=notice)
