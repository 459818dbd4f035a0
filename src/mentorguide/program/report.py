"""``program report``: how a cycle is going, as one self-contained HTML file a coordinator
can keep, print or share.

No script, font, image or link to anywhere: inline styles and inline SVG charts, each with
its numbers in a data table beside it. Two audiences:

* ``coordinator``: everything, with the pairs that need attention by name and email, and
  what people told the coordinator privately (fit-check concerns, check-in notes);
* ``leadership``: aggregates only, to share outside the program: no names, no emails, no
  free text, and no count under :data:`SMALLEST_COUNT` (shown as "fewer than 5", with any
  rate built on it), so no one can be recognized in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Literal

from ..matching.report import standalone_page
from .charts import Shown, bar_chart, data_table, figure, stacked_chart
from .checkins import GOALS_REACHED, NEXT_CYCLE, STAGES
from .file import ProgramInfo
from .health import HEALTH_LABELS, HEALTHS, CycleHealth, PairHealth

Audience = Literal["coordinator", "leadership"]
AUDIENCES: tuple[Audience, ...] = ("coordinator", "leadership")
#: The smallest count a leadership report shows.
SMALLEST_COUNT = 5
STAGE_NAMES = {s: s.title() for s in STAGES}
GOALS_LABELS = {
    "all": "All of them",
    "most": "Most of them",
    "some": "Some of them",
    "none": "None yet",
}
NEXT_LABELS = {"yes": "Yes", "maybe": "Maybe", "no": "No"}

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


@dataclass(frozen=True)
class Counts:
    """Shows counts for one audience: a leadership report suppresses small ones."""

    leadership: bool

    def show(self, n: int) -> Shown:
        return Shown(None if self.leadership and n < SMALLEST_COUNT else n)

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
            shown[smallest] = Shown(None)
        return shown

    def share(self, shown: Shown, whole: int) -> str:
        """A shown count as a share of ``whole``; not shown when the count is not."""
        if shown.value is None:
            return "not shown (a count under 5)"
        return self.rate(shown.value, whole)

    def rate(self, part: int, whole: int) -> str:
        if whole == 0:
            return "—"
        if self.leadership and (part < SMALLEST_COUNT or whole < SMALLEST_COUNT):
            return "not shown (a count under 5)"
        return f"{100 * part / whole:.0f}%"


def _enrollment(h: CycleHealth, c: Counts) -> str:
    mentees = [e for e in h.enrollments if e.role == "mentee"]
    mentors = [e for e in h.enrollments if e.role == "mentor"]
    paired = {p.pair.mentee.id for p in h.pairs}
    n_paired = sum(1 for e in mentees if e.person.id in paired)
    rows = [
        ("Mentees enrolled", len(mentees)),
        ("Mentors enrolled", len(mentors)),
        ("Mentees paired", n_paired),
        ("Pairs proposed, not yet confirmed", h.proposed),
    ]
    chart = bar_chart(
        "enrollment", "Enrollment and pairing", [(label, c.show(n)) for label, n in rows]
    )
    table = data_table(
        "Enrollment and match rate",
        ["", "Count"],
        [(label, c.text(n)) for label, n in rows]
        + [("Match rate (mentees paired)", c.rate(n_paired, len(mentees)))],
    )
    return figure(chart, table)


def _by_health(h: CycleHealth, c: Counts) -> str:
    labels = [HEALTH_LABELS[k] for k in HEALTHS]
    shown = c.group([h.count(k) for k in HEALTHS])
    chart = bar_chart("health", "Pairs by health", list(zip(labels, shown, strict=True)))
    table = data_table(
        "Pairs by health",
        ["Health", "Pairs", "Share"],
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
    months = _months(h)
    rows: list[tuple[str, list[int]]] = []
    for day in months:
        found = Counter(_stage_on(p, day) for p in h.pairs)
        rows.append((day.strftime("%B %Y"), [found[s] for s in STAGES]))
    names = [STAGE_NAMES[s] for s in STAGES]
    chart = stacked_chart(
        "stages",
        "Stage reached by the pairs, month by month",
        names,
        [(label, c.group(counts)) for label, counts in rows],
    )
    table = data_table(
        "Pairs at each stage at the end of each month (by their latest check-in)",
        ["Month", *names],
        [(label, *(n.text for n in c.group(counts))) for label, counts in rows],
    )
    return figure(chart, table)


def _milestones(h: CycleHealth, c: Counts) -> str:
    per_month = Counter(
        (m.reached_on or ci.met_on).strftime("%Y-%m")
        for p in h.pairs
        for ci in p.check_ins
        for m in ci.milestones
    )
    rows = []
    for day in _months(h):
        rows.append((day.strftime("%B %Y"), per_month[day.strftime("%Y-%m")]))
    total = sum(p.milestones for p in h.pairs)
    with_one = sum(1 for p in h.pairs if p.milestones)
    shown = c.group([n for _, n in rows])
    months = [m for m, _ in rows]
    chart = bar_chart(
        "milestones", "Milestones reached, month by month", list(zip(months, shown, strict=True))
    )
    table = data_table(
        "Milestones reached each month",
        ["Month", "Milestones"],
        [(m, n.text) for m, n in zip(months, shown, strict=True)]
        + [
            ("All months", c.text(total)),
            ("Pairs with at least one milestone", c.text(with_one)),
        ],
    )
    return figure(chart, table)


def _evaluations(h: CycleHealth, c: Counts) -> str:
    evaluations = [e for p in h.pairs for e in p.evaluations]
    parts = []
    for role in ("mentee", "mentor"):
        said = Counter(e.goals_reached for e in evaluations if e.role == role)
        labels = [GOALS_LABELS[g] for g in GOALS_REACHED]
        shown = c.group([said[g] for g in GOALS_REACHED])
        chart = bar_chart(
            f"goals-{role}",
            f"Goals reached, as the {role}s say",
            list(zip(labels, shown, strict=True)),
        )
        table = data_table(
            f"Goals reached, {role}s' evaluations ({c.text(sum(said.values()))} in all)",
            ["Goals reached", "Evaluations"],
            [(g, n.text) for g, n in zip(labels, shown, strict=True)],
        )
        parts.append(figure(chart, table))
    return "".join(parts)


def _next_mentors(h: CycleHealth, c: Counts) -> str:
    said = Counter(
        e.mentor_next_cycle for p in h.pairs for e in p.evaluations if e.role == "mentee"
    )
    mentees = sum(1 for e in h.enrollments if e.role == "mentee")
    labels = [f"Mentees who would mentor next cycle: {NEXT_LABELS[k]}" for k in NEXT_CYCLE]
    labels.append("Mentees enrolled as mentors in a later cycle")
    shown = [*c.group([said[k] for k in NEXT_CYCLE]), c.show(len(h.later_mentors))]
    chart = bar_chart("next", "Mentees who go on to mentor", list(zip(labels, shown, strict=True)))
    table = data_table(
        "Mentees who go on to mentor",
        ["", "Mentees", "Share of the cycle's mentees"],
        [(r, n.text, c.share(n, mentees)) for r, n in zip(labels, shown, strict=True)],
    )
    return figure(chart, table)


def _attention(h: CycleHealth) -> str:
    """Coordinator only: the pairs that need a word, by name."""
    needing = [p for p in h.pairs if p.health in ("overdue", "no-check-in", "stuck")]
    if not needing:
        return "<p>Every running pair is on track.</p>"
    rows = []
    for p in needing:
        last = p.last.met_on.isoformat() if p.last else "none"
        stage = STAGE_NAMES.get(p.stage or "", "—")
        since = (
            f" since {p.stage_since.isoformat()}" if p.stage_since and p.health == "stuck" else ""
        )
        rows.append(
            (
                str(p.pair.id),
                HEALTH_LABELS[p.health],
                f"{p.pair.mentee.name} <{p.pair.mentee.email}>",
                f"{p.pair.mentor.name} <{p.pair.mentor.email}>",
                p.frequency,
                last,
                stage + since,
            )
        )
    return data_table(
        "Pairs that need attention",
        ["Pair", "Health", "Mentee", "Mentor", "Agreed frequency", "Last check-in", "Stage"],
        rows,
    )


def _private(h: CycleHealth) -> str:
    """Coordinator only: what people told the coordinator, by pair."""
    rows = []
    for p in h.pairs:
        for check in p.fit_checks:
            continue_ = "continue" if check.wants_to_continue else "do not continue"
            if check.concern or not check.wants_to_continue:
                rows.append(
                    (str(p.pair.id), f"fit check ({check.role}, {continue_})", check.concern)
                )
        for ci in p.check_ins:
            if ci.for_coordinator:
                rows.append(
                    (str(p.pair.id), f"check-in of {ci.met_on.isoformat()}", ci.for_coordinator)
                )
    if not rows:
        return "<p>No one has written anything for the coordinator.</p>"
    return data_table("For the coordinator", ["Pair", "From", "What they said"], rows)


def render_report(
    info: ProgramInfo, h: CycleHealth, audience: Audience = "coordinator", *, notice: str = ""
) -> str:
    """The whole report as one HTML document; ``notice`` is said first, in a box (a sample
    report says that its data are generated)."""
    c = Counts(audience == "leadership")
    title = f"{info.name}: cycle {h.cycle.name}"
    who = (
        "For leadership: aggregates only, no names, and no count under 5."
        if c.leadership
        else "For the coordinator: names people; keep it private."
    )
    sections: Sequence[tuple[str, str, str]] = [
        ("enrollment", "Enrollment and match rate", _enrollment(h, c)),
        ("health", "Pairs by health", _by_health(h, c)),
        ("stages", "Stage progression", _stages(h, c)),
        ("milestones", "Goals and milestones reached", _milestones(h, c)),
        ("evaluations", "Evaluation results", _evaluations(h, c)),
        ("next", "Mentees who go on to mentor", _next_mentors(h, c)),
    ]
    if not c.leadership:
        sections = [
            *sections,
            ("attention", "Pairs that need attention", _attention(h)),
            ("private", "For the coordinator", _private(h)),
        ]
    body = "\n".join(
        f'<section aria-labelledby="{key}"><h2 id="{key}">{escape(heading)}</h2>\n{html}</section>'
        for key, heading, html in sections
    )
    banner = f'<p class="notice"><strong>{escape(notice)}</strong></p>' if notice else ""
    health_note = (
        "A pair is overdue when its last check-in is more than a week older than its agreed "
        "frequency allows, and stuck when its check-ins have reported the same stage for "
        "four months or more."
    )
    return standalone_page(
        title=title,
        language="en",
        style=STYLE,
        main=f"""{banner}
<h1>{escape(title)}</h1>
<p class="lead">{escape(h.cycle.starts_on.isoformat())} to {escape(h.cycle.ends_on.isoformat())};
as of {escape(h.as_of.isoformat())}. {escape(who)}</p>
<p>{escape(health_note)}</p>
{body}
""",
    )
