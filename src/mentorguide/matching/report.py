"""The match report: one self-contained, accessible HTML page a coordinator can keep or print.

No scripts, fonts, images or links to other hosts: the styles are inline and the score chart
is a table with proportional bars, so the page reads the same offline, in a screen reader
(the numbers are text; the bars are decoration) and on paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from statistics import mean, median

from ..edition.strings import Strings
from . import fields as f
from .match import MatchResult, Pair
from .responses import Responses
from .scoring import CRITERIA, SCORE_DECIMALS

STYLE = """
:root { color-scheme: light dark; --ink: #1b1b1b; --paper: #fff; --muted: #4a4a4a;
  --line: #c8c8c8; --bar: #00695c; --head: #eef4f3; }
@media (prefers-color-scheme: dark) { :root { --ink: #ececec; --paper: #161616;
  --muted: #c4c4c4; --line: #555; --bar: #4db6ac; --head: #223230; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--paper); margin: 0 auto; padding: 1rem 1.25rem 3rem;
  max-width: 72rem; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2.25rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.4rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--head); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.chart, table.narrow { width: auto; min-width: min(100%, 36rem); }
table.chart td.bars { width: 24rem; }
.bar { display: inline-block; height: 0.9rem; background: var(--bar); vertical-align: middle; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
.id { color: var(--muted); font-size: 0.9em; }
details summary { cursor: pointer; color: var(--muted); }
details ul { margin: 0.25rem 0; padding-left: 1.25rem; }
.pinned { font-weight: 600; }
@media print { body { max-width: none; } details { display: block; } a { color: inherit; } }
""".strip()


def _score(value: float) -> str:
    return f"{value:.{SCORE_DECIMALS}f}"


def _count(n: int) -> str:
    return f"{n:,}"


def _person(responses: Responses, index: int) -> str:
    name = responses.text(f.NAME, index)
    person = escape(responses.ids[index])
    return f'{escape(name)} <span class="id">({person})</span>' if name else person


def _table(
    caption: str, headers: Sequence[tuple[str, bool]], rows: Iterable[str], kind: str = ""
) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if numeric else ""}>{escape(text)}</th>'
        for text, numeric in headers
    )
    attributes = f' class="{kind}"' if kind else ""
    return (
        f"<table{attributes}>\n<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>"
    )


def _summary(result: MatchResult) -> str:
    t = result.strings
    pairs = result.pairs
    n, m = len(result.mentees), len(result.mentors)
    places = int(result.capacity.sum())
    with_mentees = int((result.load > 0).sum())
    scores = [p.score for p in pairs]
    items = [
        (t("match.method"), t(f"match.method_{result.method}")),
        (
            t("match.mentees_matched"),
            t("match.part_of_whole", part=_count(len(pairs)), whole=_count(n)),
        ),
        (
            t("match.mentors_with_mentees"),
            t("match.part_of_whole", part=_count(with_mentees), whole=_count(m)),
        ),
        (
            t("match.places_used"),
            t("match.places_used_value", used=_count(len(pairs)), offered=_count(places)),
        ),
        (t("match.pinned_forbidden"), f"{len(result.pinned)} / {len(result.forbidden)}"),
    ]
    if scores:
        items += [
            (t("match.total_score"), _score(result.total_score)),
            (
                t("match.pair_score"),
                t(
                    "match.pair_score_value",
                    mean=_score(mean(scores)),
                    median=_score(median(scores)),
                    lowest=_score(min(scores)),
                    highest=_score(max(scores)),
                ),
            ),
        ]
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>\n" for k, v in items)
    return f'<dl class="summary">\n{body}</dl>'


def _distribution(pairs: Sequence[Pair], t: Strings) -> str:
    bins = [0] * 10
    for pair in pairs:
        bins[min(9, int(pair.score // 10))] += 1
    top = max(bins) or 1
    rows = []
    for k, count in enumerate(bins):
        label = f"{k * 10}–{k * 10 + 9.9:.1f}" if k < 9 else "90–100"
        width = round(100 * count / top, 1)
        rows.append(
            f'<tr><th scope="row">{label}</th><td class="num">{_count(count)}</td>'
            f'<td class="bars"><span class="bar" style="width:{width}%" aria-hidden="true">'
            "</span></td></tr>\n"
        )
    return _table(
        t("match.distribution_caption"),
        [(t("match.score"), False), (t("match.pairs"), True), ("", False)],
        rows,
        "chart",
    )


def _breakdown(pair: Pair, t: Strings) -> str:
    items = []
    for criterion in CRITERIA:
        points = pair.explanation.points[criterion]
        shown = (
            t("match.does_not_apply")
            if points is None
            else t("match.points_value", points=f"{points:.1f}")
        )
        items.append(f"<li>{escape(t(f'match.criterion.{criterion}'))}: {escape(shown)}</li>")
    summary = escape(t("match.points"))
    return f"<details><summary>{summary}</summary><ul>{''.join(items)}</ul></details>"


def _pairs(result: MatchResult) -> str:
    t = result.strings
    rows = []
    for pair in result.pairs:
        mark = ' class="pinned"' if pair.pinned else ""
        rows.append(
            f"<tr{mark}><td>{_person(result.mentors, pair.mentor)}</td>"
            f"<td>{_person(result.mentees, pair.mentee)}</td>"
            f'<td class="num">{_score(pair.score)}</td>'
            f"<td>{escape(pair.explanation.sentence)}{_breakdown(pair, t)}</td></tr>\n"
        )
    return _table(
        t.count("match.pairs_caption", len(rows)),
        [
            (t("match.mentor"), False),
            (t("match.mentee"), False),
            (t("match.score"), True),
            (t("match.why"), False),
        ],
        rows,
    )


def _unmatched(result: MatchResult) -> str:
    t = result.strings
    parts = [
        _left_out(
            result.mentees,
            result.unmatched_mentees,
            t.count("match.mentees_without", len(result.unmatched_mentees)),
            (t("match.mentee"), t("match.why")),
            t("match.every_mentee_matched"),
        ),
        _left_out(
            result.mentors,
            result.unmatched_mentors,
            t.count("match.mentors_without", len(result.unmatched_mentors)),
            (t("match.mentor"), t("match.why")),
            t("match.every_mentor_matched"),
        ),
    ]
    spare = int((result.capacity - result.load).clip(min=0).sum())
    if spare:
        parts.append(f"<p>{escape(t.count('match.places_unused', spare))}</p>")
    return "\n".join(parts)


def _left_out(
    people: Responses,
    left: Sequence[tuple[int, str]],
    caption: str,
    columns: tuple[str, str],
    everyone: str,
) -> str:
    """The table of the people ``left`` without a partner and why, or ``everyone`` if none."""
    if not left:
        return f"<p>{escape(everyone)}</p>"
    return _table(
        caption,
        [(columns[0], False), (columns[1], False)],
        (f"<tr><td>{_person(people, k)}</td><td>{escape(why)}</td></tr>\n" for k, why in left),
    )


def _weights(result: MatchResult) -> str:
    t = result.strings
    w = result.weights
    values = w.weights.model_dump()
    rows = [
        f'<tr><th scope="row">{escape(t(f"match.criterion.{c}"))}</th>'
        f'<td class="num">{values[c]:g}</td></tr>\n'
        for c in CRITERIA
    ]
    table = _table(
        t("match.weights_caption"),
        [(t("match.criterion"), False), (t("match.weight"), True)],
        rows,
        "narrow",
    )
    explained = t(
        "match.scoring_explained",
        experienced_gap=f"{w.experience.experienced_gap_years:g}",
        peer_range=f"{w.experience.peer_range_years:g}",
        adjacent=f"{w.frequency.adjacent:g}",
    )
    return f"<p>{escape(explained)}</p>\n{table}"


def render_report(result: MatchResult, *, title: str = "", sources: str = "") -> str:
    """The whole report as one HTML document, in the words (and language) of its strings."""
    t = result.strings
    title = title or t("match.title")
    language = t.language
    lead = f"<p class=lead>{escape(sources)}</p>" if sources else ""
    return standalone_page(
        title=title,
        language=language,
        style=STYLE,
        main=f"""<h1>{escape(title)}</h1>
{lead}
<h2 id="summary">{escape(t("match.heading_summary"))}</h2>
{_summary(result)}
<h2 id="distribution">{escape(t("match.heading_distribution"))}</h2>
{_distribution(result.pairs, t)}
<h2 id="pairs">{escape(t("match.heading_pairs"))}</h2>
{_pairs(result)}
<h2 id="unmatched">{escape(t("match.heading_unmatched"))}</h2>
{_unmatched(result)}
<h2 id="scoring">{escape(t("match.heading_scoring"))}</h2>
{_weights(result)}
""",
    )


def standalone_page(*, title: str, language: str, style: str, main: str) -> str:
    """A report as one HTML file that needs nothing else: its styles inline, no script, no
    font, no link to anywhere (the program report is made the same way)."""
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
{style}
</style>
</head>
<body>
<main>
{main}</main>
</body>
</html>
"""
