"""Properties of the whole ``mentorguide match`` pipeline (CSV in, CSV out) on random programs.

Whatever people answer and whatever the coordinator pins or forbids: capacities hold, each
mentee has at most one mentor, pins are kept, forbidden and same-person pairs never made;
``optimal`` matches as many mentees as possible; ``stable`` leaves no blocking pair; and
the same input always gives the same output.
"""

from __future__ import annotations

import csv
import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import maximum_bipartite_matching

from mentorguide.cli import survey as survey_cli
from mentorguide.cli.main import main
from mentorguide.content.load import Content
from mentorguide.project.load import load_project
from tests.conftest import ROOT
from tests.matching.conftest import MENTEE_FIELDS, MENTOR_FIELDS, mentee, mentor, write_csv

EXPERTISE = ["sterile-compounding", "inventory-management", "automation", "leadership"]
CERTS = ["CSPT", "CPhT", "medication-history-certificate"]
FREQUENCIES = ["biweekly", "monthly", "quarterly"]
PLATFORMS = ["in-person", "virtual", "email", "text"]
QUALITIES = ["active-listener", "flexible", "confidant"]
HOBBIES = ["chess", "hiking", "Board Games"]


def some(items: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(items), max_size=3, unique=True).map(";".join)


def one_or_more(items: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(items), min_size=1, max_size=3, unique=True).map(";".join)


@dataclass
class Program:
    mentees: list[dict[str, str]]
    mentors: list[dict[str, str]]
    pins: list[tuple[int, int]]  # (mentee, mentor)
    forbids: list[tuple[int, int]]


@st.composite
def programs(draw: st.DrawFn) -> Program:
    n_mentors = draw(st.integers(0, 5))
    mentors = [
        mentor(
            f"M{j}",
            years_in_practice=str(draw(st.integers(0, 25))),
            expertise=draw(one_or_more(EXPERTISE)),
            certifications=draw(some(CERTS)),
            frequency=draw(st.sampled_from(FREQUENCIES)),
            platform=draw(one_or_more(PLATFORMS)),
            capacity=str(draw(st.integers(0, 3))),
            qualities=draw(some(QUALITIES)),
            interests=draw(some(HOBBIES)),
        )
        for j in range(n_mentors)
    ]
    mentees = []
    unused = list(mentors)  # each mentor signs up as a mentee at most once
    for i in range(draw(st.integers(0, 8))):
        row = mentee(
            f"E{i}",
            years_in_practice=str(draw(st.integers(0, 10))),
            career_goals=draw(some(EXPERTISE)),
            areas_to_improve=draw(some(EXPERTISE)),
            certifications_wanted=draw(some(CERTS)),
            frequency=draw(st.sampled_from(FREQUENCIES)),
            platform=draw(one_or_more(PLATFORMS)),
            preferred_qualities=draw(some(QUALITIES)),
            interests=draw(some(HOBBIES)),
            preferred_model=draw(st.sampled_from(["experienced", "peer"])),
        )
        if unused and draw(st.integers(0, 5)) == 0:  # also a mentor: same id or same email
            other = draw(st.sampled_from(unused))
            unused.remove(other)
            if draw(st.booleans()):
                row["id"] = other["id"]
            else:
                row["email"] = other["email"].upper()
        mentees.append(row)
    same = same_person(mentees, mentors)
    left = [int(m["capacity"]) for m in mentors]
    pins: list[tuple[int, int]] = []
    for i in draw(st.permutations(range(len(mentees))))[: draw(st.integers(0, 2))]:
        options = [j for j in range(len(mentors)) if left[j] > 0 and (i, j) not in same]
        if options:
            j = draw(st.sampled_from(options))
            pins.append((i, j))
            left[j] -= 1
    pairs = [(i, j) for i in range(len(mentees)) for j in range(len(mentors))]
    free = [p for p in pairs if p not in pins]
    forbids = draw(st.lists(st.sampled_from(free), max_size=4, unique=True)) if free else []
    return Program(mentees, mentors, pins, forbids)


def same_person(
    mentees: list[dict[str, str]], mentors: list[dict[str, str]]
) -> set[tuple[int, int]]:
    return {
        (i, j)
        for i, a in enumerate(mentees)
        for j, b in enumerate(mentors)
        if a["id"].casefold() == b["id"].casefold()
        or a["email"].casefold() == b["email"].casefold()
    }


@dataclass
class Outcome:
    mentor_of: dict[int, int]
    scores: dict[tuple[int, int], float]
    files: dict[str, bytes]


@functools.cache
def _content(project: Path) -> Content:
    return load_project(project).content


def run(program: Program, method: str) -> Outcome:
    # Content is loaded once per session, not once per example: the rest is the real CLI.
    with (
        mock.patch.object(survey_cli, "guide_content", _content),
        tempfile.TemporaryDirectory() as name,
    ):
        folder = Path(name)
        write_csv(folder / "mentees.csv", program.mentees, MENTEE_FIELDS)
        write_csv(folder / "mentors.csv", program.mentors, MENTOR_FIELDS)
        ids_e = [m["id"] for m in program.mentees]
        ids_m = [m["id"] for m in program.mentors]
        argv = [
            "match",
            "--project",
            str(ROOT),
            "--mentees",
            str(folder / "mentees.csv"),
            "--mentors",
            str(folder / "mentors.csv"),
            "-o",
            str(folder / "pairs.csv"),
            "--scores",
            str(folder / "scores.csv"),
            "--method",
            method,
        ]
        for option, pairs in (("--pin", program.pins), ("--forbid", program.forbids)):
            for i, j in pairs:
                argv += [option, f"{ids_m[j]}:{ids_e[i]}"]
        assert main(argv) == 0
        # A mentee who is also a mentor shares their id: look mentees up among mentees only.
        mentee_index = {person: i for i, person in enumerate(ids_e)}
        mentor_index = {person: j for j, person in enumerate(ids_m)}
        mentor_of: dict[int, int] = {}
        with (folder / "pairs.csv").open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                i = mentee_index[row["mentee_id"]]
                assert i not in mentor_of, "a mentee is matched twice"
                mentor_of[i] = mentor_index[row["mentor_id"]]
        with (folder / "scores.csv").open(encoding="utf-8", newline="") as stream:
            scores = {
                (mentee_index[r["mentee_id"]], mentor_index[r["mentor_id"]]): float(r["score"])
                for r in csv.DictReader(stream)
            }
        files = {p.name: p.read_bytes() for p in folder.iterdir()}
        return Outcome(mentor_of, scores, files)


def check_constraints(program: Program, outcome: Outcome) -> None:
    same = same_person(program.mentees, program.mentors)
    load = np.bincount(list(outcome.mentor_of.values()), minlength=len(program.mentors))
    capacity = [int(m["capacity"]) for m in program.mentors]
    assert all(load[j] <= capacity[j] for j in range(len(capacity)))
    made = set(outcome.mentor_of.items())
    assert set(program.pins) <= made
    assert not made & set(program.forbids)
    assert not made & same
    # scores.csv lists exactly the pairs that may be made
    every = {(i, j) for i in range(len(program.mentees)) for j in range(len(program.mentors))}
    assert set(outcome.scores) == every - same - set(program.forbids)


def most_matches(program: Program) -> int:
    """The largest number of mentees any assignment can match, with the pins kept."""
    capacity = [int(m["capacity"]) for m in program.mentors]
    for _, j in program.pins:
        capacity[j] -= 1
    closed = same_person(program.mentees, program.mentors) | set(program.forbids)
    pinned = {i for i, _ in program.pins}
    slots = [j for j, c in enumerate(capacity) for _ in range(c)]
    rows, cols = [], []
    for i in range(len(program.mentees)):
        if i in pinned:
            continue
        for s, j in enumerate(slots):
            if (i, j) not in closed:
                rows.append(i)
                cols.append(s)
    if not slots or not rows:
        return len(pinned)
    graph = sp.csr_array(
        (np.ones(len(rows)), (rows, cols)), shape=(len(program.mentees), len(slots))
    )
    return len(pinned) + int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def check_stable(program: Program, outcome: Outcome) -> None:
    """No mentee and mentor (not pinned) both prefer each other to what they have.
    Ties: a mentee prefers the lower mentor index, a mentor the lower mentee index."""
    capacity = [int(m["capacity"]) for m in program.mentors]
    pinned = {i for i, _ in program.pins}

    def mentee_key(i: int, j: int) -> tuple[float, int]:
        return (outcome.scores[i, j], -j)

    def mentor_key(i: int, j: int) -> tuple[float, int]:
        return (outcome.scores[i, j], -i)

    for (i, j), _ in outcome.scores.items():
        if i in pinned or outcome.mentor_of.get(i) == j:
            continue
        current = outcome.mentor_of.get(i)
        if current is not None and mentee_key(i, current) >= mentee_key(i, j):
            continue
        held = [k for k, m in outcome.mentor_of.items() if m == j]
        if len(held) < capacity[j]:
            raise AssertionError(f"blocking pair: mentee {i} and mentor {j} (room left)")
        movable = [k for k in held if k not in pinned]
        if movable and min(mentor_key(k, j) for k in movable) < mentor_key(i, j):
            raise AssertionError(f"blocking pair: mentee {i} and mentor {j}")


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(programs())
def test_optimal_respects_every_constraint_and_matches_the_most(program: Program) -> None:
    outcome = run(program, "optimal")
    check_constraints(program, outcome)
    assert len(outcome.mentor_of) == most_matches(program)


@SETTINGS
@given(programs())
def test_stable_respects_every_constraint_and_has_no_blocking_pair(program: Program) -> None:
    outcome = run(program, "stable")
    check_constraints(program, outcome)
    check_stable(program, outcome)


@settings(max_examples=10, deadline=None)
@given(programs(), st.sampled_from(["optimal", "stable"]))
def test_the_same_input_gives_the_same_output(program: Program, method: str) -> None:
    first: Callable[[], Outcome] = lambda: run(program, method)  # noqa: E731
    assert first().files == first().files
