"""The theme's built-in search finds the guide's words and lands on their anchors."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import GuardedPage, StaticServer, search_results

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("impostor", "mentorship-principles/#impostor-syndrome"),
        # The common spelling, from the challenge's search_terms.
        ("imposter", "mentorship-principles/#impostor-syndrome"),
        ("diversion", "career-pathways/#controlled-substance-auditor"),
        ("USP <825>", "career-pathways/#nuclear-pharmacy-technician"),
    ],
)
def test_search_result_links_to_the_anchor(
    guarded_page: GuardedPage, site_server: StaticServer, query: str, target: str
) -> None:
    page = guarded_page.page
    page.goto(site_server.url)
    hrefs = search_results(page, query)
    # search.highlight adds ?h=<terms>; what matters is the page and the anchor.
    landed = [f"{urlsplit(h).path.lstrip('/')}#{urlsplit(h).fragment}" for h in hrefs]
    assert target in landed
    assert guarded_page.foreign_requests == []
