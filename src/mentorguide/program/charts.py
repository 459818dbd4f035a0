"""Inline SVG charts for the program report: no script, no fonts or images fetched, each
chart an image with a text alternative and the same numbers in a data table beside it
(WCAG 1.1.1: the table is the chart's full equivalent).

Every text that enters a chart or a table is escaped here (``html.escape``), whatever its
source: names of people and stages are data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Series colours: distinguishable in print and with common colour blindness (Okabe–Ito),
#: each at least 3:1 against white (WCAG 1.4.11) — and every value is in the table anyway.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#A8457F", "#56554F", "#8A6D00")
_BAR = 22
_GAP = 10
_WIDTH = 680


@dataclass(frozen=True)
class Shown:
    """A number as the report shows it: its value, or None when suppressed, and its text
    (``1,234``, or the report's words for a suppressed count)."""

    value: int | None
    text: str


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _label_width(labels: Sequence[str]) -> int:
    """Room for the longest label at the charts' 13 px (about 7 px a character)."""
    return min(340, 16 + 7 * max([len(label) for label in labels] + [4]))


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, Shown]]) -> str:
    """Horizontal bars, one per category, each labelled with its number (one colour: the
    bars are categories of one measure, not series)."""
    top = max([b.value or 0 for _, b in bars] + [1])
    label_width = _label_width([label for label, _ in bars])
    span = _WIDTH - label_width - 110
    height = len(bars) * (_BAR + _GAP) + _GAP
    parts = []
    for n, (label, shown) in enumerate(bars):
        y = _GAP + n * (_BAR + _GAP)
        width = span * (shown.value or 0) / top
        parts.append(_text(label_width - 8, y + _BAR * 0.7, label, "end"))
        if width > 0:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{_BAR}" '
                f'fill="{COLORS[0]}"/>'
            )
        parts.append(_text(label_width + width + 6, y + _BAR * 0.7, shown.text))
    return _svg(chart_id, title, height, parts)


def stacked_chart(
    chart_id: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Shown]]],
) -> str:
    """One horizontal stacked bar per row (e.g. a month), a segment per series, with a
    legend; a suppressed segment is left out of its bar."""
    top = max([sum(s.value or 0 for s in values) for _, values in rows] + [1])
    label_width = _label_width([label for label, _ in rows])
    span = _WIDTH - label_width - 20
    legend = 28
    height = legend + len(rows) * (_BAR + _GAP) + _GAP
    parts = []
    x = 10.0
    for n, name in enumerate(series):
        parts.append(
            f'<rect x="{x:.1f}" y="6" width="14" height="14" fill="{COLORS[n % len(COLORS)]}"/>'
        )
        parts.append(_text(x + 19, 18, name))
        x += 24 + 7.2 * len(name)
    for r, (label, values) in enumerate(rows):
        y = legend + _GAP + r * (_BAR + _GAP)
        parts.append(_text(label_width - 8, y + _BAR * 0.7, label, "end"))
        x = float(label_width)
        for n, shown in enumerate(values):
            width = span * (shown.value or 0) / top
            if width > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" '
                    f'fill="{COLORS[n % len(COLORS)]}"/>'
                )
            x += width
    return _svg(chart_id, title, height, parts)


def _svg(chart_id: str, title: str, height: int, parts: Sequence[str]) -> str:
    # role="img" with a <title>: one image with a name; the table beside it has the numbers.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>' + "".join(parts) + "</svg>"
    )


def data_table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], *, row_headers: bool = True
) -> str:
    """A table with a caption and column headers; the first cell of each row is its
    header when ``row_headers``."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for n, cell in enumerate(row):
            if n == 0 and row_headers:
                cells.append(f'<th scope="row">{escape(cell)}</th>')
            else:
                cells.append(f"<td>{escape(cell)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def figure(chart: str, table: str) -> str:
    """A chart and its data table, side by side on a wide page, kept together in print."""
    return f'<div class="figure"><div class="chart">{chart}</div>{table}</div>'
