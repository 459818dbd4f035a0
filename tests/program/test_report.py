"""What the report shows each audience: the leadership report suppresses every count under 5,
and a second count where one alone would let the small one be found by subtraction."""

from __future__ import annotations

from dataclasses import replace

from mentorguide.edition.edition import Edition
from mentorguide.edition.strings import english
from mentorguide.program import ProgramInfo
from mentorguide.program.report import Counts, render_report
from mentorguide.program.sample import sample_health


def test_leadership_hides_counts_under_5_and_their_shares() -> None:
    counts = Counts(english(), leadership=True)
    assert [counts.show(n).text for n in (0, 4, 5, 1200)] == [
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,200",
    ]
    assert counts.rate(4, 40) == counts.rate(40, 4) == "not shown (a count under 5)"
    assert counts.rate(10, 40) == "25%"


def test_one_small_count_in_a_group_hides_the_next_smallest_too() -> None:
    counts = Counts(english(), leadership=True)
    assert [s.value for s in counts.group([12, 3, 7, 20])] == [12, None, None, 20]
    assert [s.value for s in counts.group([12, 3, 2, 20])] == [12, None, None, 20]
    assert [s.value for s in counts.group([12, 8, 7, 20])] == [12, 8, 7, 20]


def test_the_coordinator_sees_every_count() -> None:
    counts = Counts(english(), leadership=False)
    assert [s.value for s in counts.group([12, 3, 7, 0])] == [12, 3, 7, 0]


def test_every_text_of_the_report_is_escaped() -> None:
    health = sample_health(english())
    hostile = '<script>alert("x")</script>'
    silent = health.pairs[2]  # no check-in yet: named among the pairs that need attention
    assert silent.health == "no-check-in"
    mentee = replace(silent.pair.mentee, name=hostile)
    pairs = list(health.pairs)
    pairs[2] = replace(silent, pair=replace(silent.pair, mentee=mentee))
    info = ProgramInfo("Ours & theirs <b>", None, silent.pair.proposed_at, "")
    html = render_report(info, replace(health, pairs=tuple(pairs)), edition=Edition())
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Ours &amp; theirs &lt;b&gt;" in html


def test_a_report_on_a_cycle_with_no_pairs_yet_says_so_and_counts_nothing() -> None:
    health = replace(sample_health(english()), pairs=(), enrollments=(), later_mentors=frozenset())
    info = ProgramInfo("Ours", None, health.cycle.created_at, "")
    html = render_report(info, health, edition=Edition())
    assert "<p>Every running pair is on track.</p>" in html
    assert '<tr><th scope="row">Match rate (mentees paired)</th><td>—</td></tr>' in html
