"""Page-load gate: what each page costs on a first visit, and that it loads cleanly.

Weight is the bytes of every response on a first load with an empty cache (HTML, CSS, JS,
the search index, images, fonts), compressed as a web server would send them: text types
gzip-compressed at level 6, images and fonts as they are (the test server does not compress).
Budgets are per kind of page, set from measurement with a little headroom: a page over its
budget fails, naming what it loaded. The table is printed at the end of the run and written to
benchmarks/results/page-weight.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.gates.conftest import WEIGHT_TABLE, Visit
from tests.gates.support import page_kind, shown

pytestmark = pytest.mark.browser

KB = 1024
#: Compressed bytes on first load, per kind of page. Measured with mkdocs-material 9.7: home
#: 92.1 KB, guide pages 91.9-93.6 KB, 404 page 90.7 KB, in 10 requests; ~84 KB of that is the
#: theme's CSS and JS, the search worker and the search index, which every page loads.
#: The after-matching page and worksheets (#17) grew the search index every page loads by
#: about 1 KB compressed (home 100.6 KB, the longest guide page 105.1 KB): budgets +2 KB.
#: The program cycle's commands on the matching page (#16), the home page's links to the
#: worksheets and the coordinators' page and the challenges' search terms (#14) added
#: about 3 KB more (home 103.3 KB, the matching page 110.1 KB, its own HTML 12.4 KB).
BUDGET = {
    "home": 105 * KB,
    "guide": 112 * KB,
    "error": 105 * KB,
    # The sample program report: one self-contained file, no theme, no script.
    "report": 30 * KB,
    # The form and its script; the PDF library (pdf-lib) loads only when a PDF is made.
    "worksheet": 125 * KB,
}
#: Scripts a worksheet page must not load until a PDF is made or opened.
LAZY_ONLY = re.compile(r"pdf-?lib", re.I)


def weight_table(site: Path, visits: dict[str, Visit]) -> str:
    rows = [
        "| page | kind | requests | served KB | compressed KB | budget KB | |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for page, visit in visits.items():
        kind = page_kind(site, page)
        served = sum(t.size for t in visit.transfers)
        compressed = sum(t.compressed for t in visit.transfers)
        verdict = "ok" if compressed <= BUDGET[kind] else "OVER"
        rows.append(
            f"| {shown(page)} | {kind} | {len(visit.transfers)} | {served / KB:.1f} | "
            f"{compressed / KB:.1f} | {BUDGET[kind] / KB:.0f} | {verdict} |"
        )
    return "\n".join(rows)


def test_every_page_is_within_its_weight_budget(
    built_site: Path,
    first_visits: dict[str, Visit],
    weight_report_dir: Path,
    request: pytest.FixtureRequest,
) -> None:
    table = weight_table(built_site, first_visits)
    request.config.stash[WEIGHT_TABLE] = table
    (weight_report_dir / "page-weight.md").write_text(table + "\n", encoding="utf-8")
    over = []
    for page, visit in first_visits.items():
        kind = page_kind(built_site, page)
        total = sum(t.compressed for t in visit.transfers)
        if total > BUDGET[kind]:
            biggest = sorted(visit.transfers, key=lambda t: -t.compressed)[:5]
            parts = ", ".join(f"{urlsplit(t.url).path} {t.compressed / KB:.1f} KB" for t in biggest)
            over.append(
                f"{shown(page)} ({kind}): {total / KB:.1f} KB compressed, budget "
                f"{BUDGET[kind] / KB:.0f} KB; largest: {parts}"
            )
    assert not over, "pages over their weight budget:\n" + "\n".join(over) + "\n\n" + table


def test_worksheet_pages_load_the_pdf_library_only_when_needed(
    built_site: Path, first_visits: dict[str, Visit]
) -> None:
    eager = [
        f"{shown(page)}: {t.url}"
        for page, visit in first_visits.items()
        if page_kind(built_site, page) == "worksheet"
        for t in visit.transfers
        if LAZY_ONLY.search(urlsplit(t.url).path)
    ]
    assert not eager, "the PDF library loaded on first visit:\n" + "\n".join(eager)


def test_every_page_loads_without_script_errors_or_missing_files(
    first_visits: dict[str, Visit],
) -> None:
    errors = [f"{shown(v.page)}: {error}" for v in first_visits.values() for error in v.errors]
    assert not errors, "\n".join(errors)
