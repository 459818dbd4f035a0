"""A program cycle after matching, for tests and benchmarks: people enrolled from generated
survey files, paired by the solver and confirmed, then check-ins written as an online form
exports them (question text as headers), with the facts the report must show known ahead.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import update

from mentorguide.matching.readers import read_responses
from mentorguide.matching.spec import Role, survey_spec
from mentorguide.program import Pair, Program, add_cycle, enroll, list_pairs
from mentorguide.program import tables as program_tables
from mentorguide.program.matching import match_cycle
from mentorguide.program.people import survey_records
from mentorguide.project.load import Project, load_project

from .surveys import ROOT, generate

STAGES = ("initiation", "cultivation", "separation", "redefinition")


def guide() -> Project:
    return load_project(ROOT)


def start_cycle(
    program: Program,
    folder: Path,
    cycle_id: str,
    people: int,
    *,
    starts_on: date = date(2027, 1, 4),
    ends_on: date = date(2027, 12, 20),
    seed: int = 0,
    project: Project | None = None,
) -> list[Pair]:
    """A cycle of ``people`` mentees and as many mentors (one mentee each) enrolled from
    generated surveys, paired by the solver and every pair confirmed; the pairs."""
    project = project or guide()
    # A few generated mentees are mentors too (peer programs): generated over, then left out.
    mentees_csv, mentors_csv = generate(folder, people + people // 100, people, seed=seed)
    with program.writing() as tx:
        add_cycle(tx, cycle_id, starts_on=starts_on, ends_on=ends_on)
        roles: tuple[tuple[Role, Path], ...] = (("mentor", mentors_csv), ("mentee", mentees_csv))
        for role, path in roles:
            responses = read_responses(path, survey_spec(project.content, role))
            records = survey_records(responses)
            if role == "mentee":  # a mentor who also signed up as a mentee stays a mentor
                records = [r for r in records if not str(r.answers.get("id", "")).startswith("M")]
                records = records[:people]
            enroll(tx, cycle_id, role, records, source=path.name)
        match_cycle(tx, project, cycle_id)
        # Confirming thousands of pairs one by one is slow and not what is measured.
        p = program_tables.pairs
        tx.connection.execute(
            update(p)
            .where(p.c.cycle_id == cycle_id)
            .values(status="confirmed", confirmed_at=p.c.proposed_at)
        )
        return list_pairs(tx, cycle_id)


@dataclass
class Meeting:
    met_on: date
    stage: str
    milestones: tuple[str, ...] = ()


@dataclass
class Plan:
    """What each pair's check-ins say, by pair id."""

    meetings: dict[int, list[Meeting]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(m) for m in self.meetings.values())

    def milestones(self) -> int:
        return sum(len(m.milestones) for ms in self.meetings.values() for m in ms)


def regular_plan(
    pairs: Sequence[Pair], first: date, meetings: int, every_days: int, seed: int = 0
) -> Plan:
    """Every pair meets ``meetings`` times, ``every_days`` apart from ``first``, moving
    through the stages in order; about one meeting in four reaches a milestone."""
    rng = np.random.default_rng(seed)
    plan = Plan()
    for pair in pairs:
        shift = int(rng.integers(0, 5))
        rows = []
        for k in range(meetings):
            stage = STAGES[min(3, k * 4 // max(1, meetings))]
            reached = (f"Milestone {k + 1} of pair {pair.id}",) if rng.random() < 0.25 else ()
            rows.append(Meeting(first + timedelta(days=shift + k * every_days), stage, reached))
        plan.meetings[pair.id] = rows
    return plan


#: The check-in's questions as an online form asks them (its headers), and the column each
#: answer goes in.
HEADERS = (
    "Timestamp",
    "Pair id",
    "Date we met",
    "Stage of the relationship we have reached",
    "Progress on our short-term goals",
    "Progress on our long-term goals",
    "Milestones reached since the last check-in",
    "Next meeting",
    "Anything the coordinator should know",
)


def write_check_ins(path: Path, plan: Plan, *, every_days: int = 30) -> Path:
    """The plan's check-ins as an online form's CSV export (names of stages, not ids)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADERS)
        for pair_id, meetings in plan.meetings.items():
            for m in meetings:
                writer.writerow(
                    [
                        f"{m.met_on.isoformat()} 18:02:11",
                        str(pair_id),
                        m.met_on.isoformat(),
                        m.stage.title(),
                        "Studied for the exam together",
                        "Talked about leading a project",
                        ";".join(m.milestones),
                        (m.met_on + timedelta(days=every_days)).isoformat(),
                        "",
                    ]
                )
    return path
