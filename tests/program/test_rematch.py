"""Re-pairing after the fit checks, over the program file's own records: a pair either
person wants to stop is ended and forbidden, every other pair is kept, and nobody is paired
with someone they were paired with before, in this cycle or an earlier one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from testdata.program import guide, start_cycle

from mentorguide.program import (
    Program,
    SurveyRecord,
    add_cycle,
    enroll,
    list_enrollments,
    list_pairs,
)
from mentorguide.program.checkins import FitCheck, record_answers
from mentorguide.program.matching import match_cycle
from mentorguide.program.rematch import rematch

CYCLE = "2027-spring"
ENDED_BY_FIT_CHECK = "the fit check after the first meeting said not to continue"


def test_a_pair_one_person_wants_to_stop_is_ended_with_why_and_its_people_paired_again(
    program: Program, tmp_path: Path
) -> None:
    pairs = start_cycle(program, tmp_path, CYCLE, 3)
    with program.writing() as tx:
        record_answers(tx, CYCLE, [FitCheck(pairs[0].id, "mentor", False)])
        done = rematch(tx, CYCLE, guide())
        after = list_pairs(tx, CYCLE)
    assert [p.id for p in done.dissolved] == [pairs[0].id]
    assert [p.id for p in done.kept] == [p.id for p in pairs[1:]]
    (ended,) = [p for p in after if p.status == "ended"]
    assert (ended.id, ended.end_reason) == (pairs[0].id, ENDED_BY_FIT_CHECK)
    # Everyone else holds their mentor: the two left have no one but each other, and that
    # pairing is forbidden, so they stay unpaired, saying why.
    assert done.proposed == ()
    assert list(done.unpaired) == [pairs[0].mentee.email]


def test_nobody_is_paired_again_with_a_partner_of_an_earlier_cycle(
    program: Program, tmp_path: Path
) -> None:
    first = start_cycle(program, tmp_path, CYCLE, 3)
    with program.writing() as tx:
        add_cycle(tx, "2028-spring", starts_on=date(2028, 1, 3), ends_on=date(2028, 12, 18))
        for role in ("mentee", "mentor"):
            records = [
                SurveyRecord(e.person.email, e.person.name, e.answers)
                for e in list_enrollments(tx, CYCLE, role)
            ]
            enroll(tx, "2028-spring", role, records, source="again.csv")
        done = match_cycle(tx, guide(), "2028-spring")
    before = {(p.mentee.email, p.mentor.email) for p in first}
    again = {(p.mentee.email, p.mentor.email) for p in done.proposed}
    assert len(again) == 3 and dict(done.unpaired_mentees) == {}
    assert again.isdisjoint(before)
