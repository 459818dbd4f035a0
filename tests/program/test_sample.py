"""The sample report on the coordinators' page: made-up people only, said at its top, and
judged by the same rules as a real report."""

from __future__ import annotations

import re

from mentorguide.edition.edition import Edition
from mentorguide.edition.strings import english
from mentorguide.program.health import HEALTHS
from mentorguide.program.sample import sample_health, sample_report

NOTICE = english()("report.sample.notice")


def test_the_sample_report_opens_by_saying_its_data_are_generated() -> None:
    html = sample_report(Edition())
    main = html.split("<main>", 1)[1]
    assert main.lstrip().startswith(f'<p class="notice"><strong>{NOTICE}</strong></p>')
    assert "generated data" in NOTICE


def test_every_person_in_the_sample_is_made_up() -> None:
    html = sample_report(Edition())
    emails = set(re.findall(r"[\w.]+@[\w.]+", html))
    assert emails and all(e.endswith("@example.org") and e.startswith("sample.") for e in emails)


def test_the_sample_shows_every_kind_of_pair_health() -> None:
    health = sample_health(english())
    assert {p.health for p in health.pairs} == set(HEALTHS)


def test_the_sample_has_no_check_in_after_the_day_it_is_for() -> None:
    health = sample_health(english())
    assert max(c.met_on for p in health.pairs for c in p.check_ins) <= health.as_of
