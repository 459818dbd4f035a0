"""``program report``: how a cycle is going, as one self-contained HTML file a coordinator
can keep, print or share.

No script, font, image or link to anywhere: inline styles and inline SVG charts, each with
its numbers in a data table beside it. Two audiences:

* ``coordinator``: everything, with the pairs that need attention by name and email, and
  what people told the coordinator privately (fit-check concerns, check-in notes);
* ``leadership``: aggregates only, to share outside the program: no names, no emails, no
  free text, and no count under :data:`SMALLEST_COUNT` (shown as "fewer than 5", with any
  rate built on it), so no one can be recognized in it.

Every word is one of the edition's ``report.*`` strings, so the report is in the society's
language (and says so in ``<html lang>``); dates are ISO (``2027-03-15``) but for the months
of the charts, whose names are strings too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Literal

from ..edition.edition import Edition
from ..edition.strings import Strings
from ..matching.report import standalone_page
from .charts import Shown, bar_chart, data_table, figure, stacked_chart
from .checkins import GOALS_REACHED, NEXT_CYCLE, STAGES
from .file import ProgramInfo
from .health import HEALTHS, CycleHealth, Health, PairHealth

Audience = Literal["coordinator", "leadership"]
AUDIENCES: tuple[Audience, ...] = ("coordinator", "leadership")
#: The smallest count a leadership report shows.
SMALLEST_COUNT = 5

STYLE = """
:root { color-scheme: light dark; --ink: #1b1b1b; --paper: #fff; --muted: #4a4a4a;
  --line: #c8c8c8; --head: #eef4f3; }
@media (prefers-color-scheme: dark) { :root { --ink: #ececec; --paper: #161616;
  --muted: #c4c4c4; --line: #555; --head: #223230; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--paper); margin: 0 auto; padding: 1rem 1.25rem 3rem;
  max-width: 72rem; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2.25rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; margin: 0.75rem 0; min-width: min(100%, 22rem); }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--head); }
td { font-variant-numeric: tabular-nums; }
.figure { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start;
  break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
svg text { fill: var(--ink); font: 13px system-ui, sans-serif; }
.notice { border: 2px solid var(--ink); padding: 0.5rem 0.75rem; }
@media print { body { max-width: none; } .figure { break-inside: avoid; } }
""".strip()


def _plain(n: int) -> str:
    return f"{n:,}"


def health_label(t: Strings, health: Health) -> str:
    """What the report calls a health ('On track'): ``report.health.<health>``."""
    return t(f"report.health.{health.replace('-', '_')}")


def _stage(t: Strings, stage: str) -> str:
    return t(f"report.stage.{stage}")


def _month(t: Strings, day: date) -> str:
    """A month as the charts name it ('March 2027'), in the strings' language."""
    return t("report.month_year", month=t(f"report.month.{day.month}"), year=str(day.year))


@dataclass(frozen=True)
class Counts:
    """Shows counts for one audience: a leadership report suppresses small ones."""

    strings: Strings
    leadership: bool

    def _hidden(self) -> Shown:
        return Shown(None, self.strings("report.suppressed", smallest=SMALLEST_COUNT))

    def show(self, n: int) -> Shown:
        return self._hidden() if self.leadership and n < SMALLEST_COUNT else Shown(n, _plain(n))

    def text(self, n: int) -> str:
        return self.show(n).text

    def group(self, counts: Sequence[int]) -> list[Shown]:
        """Counts that add up to a total shown elsewhere: when only one is under 5, the
        next smallest is suppressed too, so the small one cannot be found by subtraction."""
        shown = [self.show(n) for n in counts]
        hidden = [n for n, s in enumerate(shown) if s.value is None]
        others = [n for n, s in enumerate(shown) if s.value is not None]
        if self.leadership and len(hidden) == 1 and others:
            smallest = min(others, key=lambda n: counts[n])
            shown[smallest] = self._hidden()
        return shown

    def share(self, shown: Shown, whole: int) -> str:
        """A shown count as a share of ``whole``; not shown when the count is not."""
        if shown.value is None:
            return self.strings("report.not_shown", smallest=SMALLEST_COUNT)
        return self.rate(shown.value, whole)

    def rate(self, part: int, whole: int) -> str:
        if whole == 0:
            return "—"
        if self.leadership and (part < SMALLEST_COUNT or whole < SMALLEST_COUNT):
            return self.strings("report.not_shown", smallest=SMALLEST_COUNT)
        return self.strings("report.percent", percent=f"{100 * part / whole:.0f}")


def _enrollment(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    mentees = [e for e in h.enrollments if e.role == "mentee"]
    mentors = [e for e in h.enrollments if e.role == "mentor"]
    paired = {p.pair.mentee.id for p in h.pairs}
    n_paired = sum(1 for e in mentees if e.person.id in paired)
    rows = [
        (t("report.mentees_enrolled"), len(mentees)),
        (t("report.mentors_enrolled"), len(mentors)),
        (t("report.mentees_paired"), n_paired),
        (t("report.pairs_proposed"), h.proposed),
    ]
    chart = bar_chart(
        "enrollment", t("report.enrollment_chart"), [(label, c.show(n)) for label, n in rows]
    )
    table = data_table(
        t("report.heading_enrollment"),
        ["", t("report.header_count")],
        [(label, c.text(n)) for label, n in rows]
        + [(t("report.match_rate"), c.rate(n_paired, len(mentees)))],
    )
    return figure(chart, table)


def _by_health(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    labels = [health_label(t, k) for k in HEALTHS]
    shown = c.group([h.count(k) for k in HEALTHS])
    title = t("report.heading_health")
    chart = bar_chart("health", title, list(zip(labels, shown, strict=True)))
    table = data_table(
        title,
        [t("report.header_health"), t("report.header_pairs"), t("report.header_share")],
        [(label, n.text, c.share(n, len(h.pairs))) for label, n in zip(labels, shown, strict=True)],
    )
    return figure(chart, table)


def _months(h: CycleHealth) -> list[date]:
    """The last day of each month from the cycle's start to the report's day."""
    end = min(h.as_of, h.cycle.ends_on)
    months = []
    year, month = h.cycle.starts_on.year, h.cycle.starts_on.month
    while date(year, month, 1) <= end:
        following = date(year + month // 12, month % 12 + 1, 1)
        months.append(min(following.toordinal() - 1, end.toordinal()))
        year, month = following.year, following.month
    return [date.fromordinal(day) for day in months]


def _stage_on(pair: PairHealth, day: date) -> str | None:
    stage = None
    for check_in in pair.check_ins:
        if check_in.met_on > day:
            break
        stage = check_in.stage
    return stage


def _stages(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    months = _months(h)
    rows: list[tuple[str, list[int]]] = []
    for day in months:
        found = Counter(_stage_on(p, day) for p in h.pairs)
        rows.append((_month(t, day), [found[s] for s in STAGES]))
    names = [_stage(t, s) for s in STAGES]
    chart = stacked_chart(
        "stages",
        t("report.stages_chart"),
        names,
        [(label, c.group(counts)) for label, counts in rows],
    )
    table = data_table(
        t("report.stages_caption"),
        [t("report.header_month"), *names],
        [(label, *(n.text for n in c.group(counts))) for label, counts in rows],
    )
    return figure(chart, table)


def _milestones(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    per_month = Counter(
        (m.reached_on or ci.met_on).strftime("%Y-%m")
        for p in h.pairs
        for ci in p.check_ins
        for m in ci.milestones
    )
    rows = []
    for day in _months(h):
        rows.append((_month(t, day), per_month[day.strftime("%Y-%m")]))
    total = sum(p.milestones for p in h.pairs)
    with_one = sum(1 for p in h.pairs if p.milestones)
    shown = c.group([n for _, n in rows])
    months = [m for m, _ in rows]
    chart = bar_chart(
        "milestones", t("report.milestones_chart"), list(zip(months, shown, strict=True))
    )
    table = data_table(
        t("report.milestones_caption"),
        [t("report.header_month"), t("report.header_milestones")],
        [(m, n.text) for m, n in zip(months, shown, strict=True)]
        + [
            (t("report.all_months"), c.text(total)),
            (t("report.pairs_with_milestone"), c.text(with_one)),
        ],
    )
    return figure(chart, table)


def _evaluations(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    evaluations = [e for p in h.pairs for e in p.evaluations]
    parts = []
    for role in ("mentee", "mentor"):
        said = Counter(e.goals_reached for e in evaluations if e.role == role)
        labels = [t(f"report.goals.{g}") for g in GOALS_REACHED]
        shown = c.group([said[g] for g in GOALS_REACHED])
        chart = bar_chart(
            f"goals-{role}", t(f"report.goals_chart_{role}"), list(zip(labels, shown, strict=True))
        )
        table = data_table(
            t(f"report.goals_caption_{role}", total=c.text(sum(said.values()))),
            [t("report.header_goals"), t("report.header_evaluations")],
            [(g, n.text) for g, n in zip(labels, shown, strict=True)],
        )
        parts.append(figure(chart, table))
    return "".join(parts)


def _next_mentors(h: CycleHealth, c: Counts) -> str:
    t = c.strings
    said = Counter(
        e.mentor_next_cycle for p in h.pairs for e in p.evaluations if e.role == "mentee"
    )
    mentees = sum(1 for e in h.enrollments if e.role == "mentee")
    labels = [t("report.would_mentor", answer=t(f"report.answer.{k}")) for k in NEXT_CYCLE]
    labels.append(t("report.later_mentors"))
    shown = [*c.group([said[k] for k in NEXT_CYCLE]), c.show(len(h.later_mentors))]
    title = t("report.heading_next")
    chart = bar_chart("next", title, list(zip(labels, shown, strict=True)))
    table = data_table(
        title,
        ["", t("report.header_mentees"), t("report.header_share_of_mentees")],
        [(r, n.text, c.share(n, mentees)) for r, n in zip(labels, shown, strict=True)],
    )
    return figure(chart, table)


def _attention(h: CycleHealth, t: Strings) -> str:
    """Coordinator only: the pairs that need a word, by name."""
    needing = [p for p in h.pairs if p.health in ("overdue", "no-check-in", "stuck")]
    if not needing:
        return f"<p>{escape(t('report.all_on_track'))}</p>"
    rows = []
    for p in needing:
        last = p.last.met_on.isoformat() if p.last else t("report.no_last_check_in")
        stage = _stage(t, p.stage) if p.stage in STAGES else "—"
        if p.stage_since and p.health == "stuck":
            stage = t("report.stage_since", stage=stage, date=p.stage_since.isoformat())
        rows.append(
            (
                str(p.pair.id),
                health_label(t, p.health),
                f"{p.pair.mentee.name} <{p.pair.mentee.email}>",
                f"{p.pair.mentor.name} <{p.pair.mentor.email}>",
                t(f"report.frequency.{p.frequency}"),
                last,
                stage,
            )
        )
    return data_table(
        t("report.heading_attention"),
        [
            t("report.header_pair"),
            t("report.header_health"),
            t("report.header_mentee"),
            t("report.header_mentor"),
            t("report.header_frequency"),
            t("report.header_last_check_in"),
            t("report.header_stage"),
        ],
        rows,
    )


def _private(h: CycleHealth, t: Strings) -> str:
    """Coordinator only: what people told the coordinator, by pair."""
    rows = []
    for p in h.pairs:
        for check in p.fit_checks:
            decision = t("report.continue" if check.wants_to_continue else "report.stop")
            if check.concern or not check.wants_to_continue:
                role = t(f"report.role.{check.role}")
                rows.append(
                    (
                        str(p.pair.id),
                        t("report.fit_check", role=role, decision=decision),
                        check.concern,
                    )
                )
        for ci in p.check_ins:
            if ci.for_coordinator:
                rows.append(
                    (
                        str(p.pair.id),
                        t("report.check_in_of", date=ci.met_on.isoformat()),
                        ci.for_coordinator,
                    )
                )
    if not rows:
        return f"<p>{escape(t('report.nothing_for_coordinator'))}</p>"
    return data_table(
        t("report.heading_private"),
        [t("report.header_pair"), t("report.header_from"), t("report.header_said")],
        rows,
    )


def render_report(
    info: ProgramInfo,
    h: CycleHealth,
    audience: Audience = "coordinator",
    *,
    edition: Edition,
    notice: str = "",
) -> str:
    """The whole report as one HTML document, in the words and language of the edition's
    strings; ``notice`` is said first, in a box (a sample report says that its data are
    generated)."""
    t = edition.strings
    c = Counts(t, audience == "leadership")
    title = t("report.title", program=info.name, cycle=h.cycle.name)
    who = (
        t("report.for_leadership", smallest=SMALLEST_COUNT)
        if c.leadership
        else t("report.for_coordinator")
    )
    sections: Sequence[tuple[str, str]] = [
        ("enrollment", _enrollment(h, c)),
        ("health", _by_health(h, c)),
        ("stages", _stages(h, c)),
        ("milestones", _milestones(h, c)),
        ("evaluations", _evaluations(h, c)),
        ("next", _next_mentors(h, c)),
    ]
    if not c.leadership:
        sections = [*sections, ("attention", _attention(h, t)), ("private", _private(h, t))]
    body = "\n".join(
        f'<section aria-labelledby="{key}"><h2 id="{key}">'
        f"{escape(t(f'report.heading_{key}'))}</h2>\n{html}</section>"
        for key, html in sections
    )
    banner = f'<p class="notice"><strong>{escape(notice)}</strong></p>' if notice else ""
    lead = t(
        "report.lead",
        starts=h.cycle.starts_on.isoformat(),
        ends=h.cycle.ends_on.isoformat(),
        as_of=h.as_of.isoformat(),
        audience=who,
    )
    return standalone_page(
        title=title,
        language=t.language,
        style=STYLE,
        main=f"""{banner}
<h1>{escape(title)}</h1>
<p class="lead">{escape(lead)}</p>
<p>{escape(t("report.health_note"))}</p>
{body}
""",
    )
