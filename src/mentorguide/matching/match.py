"""Survey responses to pairs: score every pair, apply the coordinator's overrides, solve.

:func:`match` is the whole pipeline as a library call (the ``mentorguide match`` command and
the tests call it); :func:`write_pairs` and :func:`write_scores` write its results.

Hard constraints: a mentor takes at most ``capacity`` mentees; nobody is paired with
themself (same id or same email, ignoring case, since one person may sign up as both
mentor and mentee); forbidden pairs are never made; pinned pairs always are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Literal

import numpy as np
import numpy.typing as npt

from ..content.errors import suggest
from ..edition.strings import Strings, english
from ..files.cells import neutral, neutral_row
from ..files.inputs import InputError, InputProblem
from . import fields as f
from .explain import Explanation, explain, why_mentee_unmatched, why_mentor_unmatched
from .responses import Responses
from .scoring import SCORE_DECIMALS, FitModel, Matrix, Weights, default_weights, fit_model
from .solve import AssignmentProblem, MatchingInputError, solve_optimal, solve_stable

Method = Literal["optimal", "stable"]
METHODS: tuple[Method, ...] = ("optimal", "stable")
IntArray = npt.NDArray[np.int64]

#: A coordinator's override as given: (mentor id, mentee id).
IdPair = tuple[str, str]


@dataclass(frozen=True)
class Pair:
    mentee: int
    mentor: int
    score: float
    pinned: bool
    explanation: Explanation


@dataclass(frozen=True)
class MatchResult:
    """The pairs, and everything a report needs to show how they were made."""

    mentees: Responses
    mentors: Responses
    weights: Weights
    method: Method
    model: FitModel
    scores: Matrix  # [mentee, mentor]
    capacity: IntArray
    mentor_of: IntArray  # per mentee: mentor index, or -1
    pinned: frozenset[tuple[int, int]]  # (mentee, mentor)
    forbidden: frozenset[tuple[int, int]]  # by the coordinator
    same_person: frozenset[tuple[int, int]]
    #: The words of the reasons and the report: the society's language.
    strings: Strings

    @cached_property
    def closed(self) -> frozenset[tuple[int, int]]:
        """Pairs that may not be made: forbidden or the same person."""
        return self.forbidden | self.same_person

    @cached_property
    def load(self) -> IntArray:
        matched = self.mentor_of[self.mentor_of >= 0]
        return np.bincount(matched, minlength=len(self.mentors)).astype(np.int64)

    @cached_property
    def pairs(self) -> list[Pair]:
        """Every pair, mentor by mentor (in file order), then mentee by mentee."""
        out = []
        order = np.lexsort((np.arange(len(self.mentees)), self.mentor_of))
        for i in order[self.mentor_of[order] >= 0]:
            i, j = int(i), int(self.mentor_of[i])
            pinned = (i, j) in self.pinned
            why = explain(
                self.mentees, self.mentors, self.weights, i, j, pinned=pinned, t=self.strings
            )
            out.append(Pair(i, j, float(self.scores[i, j]), pinned, why))
        return out

    @property
    def total_score(self) -> float:
        return round(sum(p.score for p in self.pairs), SCORE_DECIMALS)

    @cached_property
    def unmatched_mentees(self) -> list[tuple[int, str]]:
        """Each mentee without a mentor, and why."""
        closed_for: dict[int, set[int]] = {}
        for i, j in self.closed:
            closed_for.setdefault(i, set()).add(j)
        return [
            (
                i,
                why_mentee_unmatched(
                    i,
                    self.mentors,
                    self.scores[i],
                    closed_for.get(i, set()),
                    self.capacity,
                    self.load,
                    self.strings,
                ),
            )
            for i in np.flatnonzero(self.mentor_of < 0).tolist()
        ]

    @cached_property
    def unmatched_mentors(self) -> list[tuple[int, str]]:
        """Each mentor who got no mentee, and why."""
        left = np.flatnonzero(self.mentor_of < 0).tolist()
        closed_to: dict[int, set[int]] = {}
        for i, j in self.closed:
            closed_to.setdefault(j, set()).add(i)
        return [
            (
                j,
                why_mentor_unmatched(
                    j,
                    int(self.capacity[j]),
                    left,
                    closed_to.get(j, set()),
                    self.mentees,
                    self.strings,
                ),
            )
            for j in np.flatnonzero(self.load == 0).tolist()
        ]


def same_person_pairs(mentees: Responses, mentors: Responses) -> set[tuple[int, int]]:
    """(mentee, mentor) pairs that are one person: same id or same email, ignoring case."""
    mentor_by_id = {person.casefold(): j for j, person in enumerate(mentors.ids)}
    mentor_by_email: dict[str, list[int]] = {}
    for j, email in enumerate(mentors.values[f.EMAIL]):
        if isinstance(email, str):
            mentor_by_email.setdefault(email.casefold(), []).append(j)
    pairs: set[tuple[int, int]] = set()
    for i, person in enumerate(mentees.ids):
        if person.casefold() in mentor_by_id:
            pairs.add((i, mentor_by_id[person.casefold()]))
        email = mentees.values[f.EMAIL][i]
        if isinstance(email, str):
            pairs.update((i, j) for j in mentor_by_email.get(email.casefold(), []))
    return pairs


def parse_pair(text: str, option: str) -> IdPair:
    """``MENTOR:MENTEE`` as given to ``--pin`` or ``--forbid``."""
    mentor, colon, mentee = text.partition(":")
    if not colon or not mentor.strip() or not mentee.strip():
        raise InputError(
            [
                InputProblem(
                    f"{option} {text}",
                    0,
                    "",
                    "expected MENTOR:MENTEE (a mentor id, a colon, a mentee id)",
                )
            ]
        )
    return mentor.strip(), mentee.strip()


def _resolve(
    pairs: Iterable[IdPair], option: str, mentees: Responses, mentors: Responses
) -> tuple[list[tuple[int, int]], list[InputProblem]]:
    """(mentee, mentor) indices of the overrides, and a problem for each unknown id."""
    found: list[tuple[int, int]] = []
    problems: list[InputProblem] = []
    for n, (mentor_id, mentee_id) in enumerate(pairs):
        where = f"{option} {mentor_id}:{mentee_id}"
        j, i = mentors.find(mentor_id), mentees.find(mentee_id)
        for index, person, side in ((j, mentor_id, mentors), (i, mentee_id, mentees)):
            if index is None:
                problems.append(
                    InputProblem(
                        where,
                        n,
                        "",
                        f"no {side.role} with id '{person}' in {side.file}"
                        f"{suggest(person, side.ids)}",
                    )
                )
        if i is not None and j is not None:
            found.append((i, j))
    return found, problems


def _check_pins(
    pins: Sequence[tuple[int, int]],
    forbids: set[tuple[int, int]],
    same: set[tuple[int, int]],
    capacity: IntArray,
    mentees: Responses,
    mentors: Responses,
) -> list[InputProblem]:
    problems: list[InputProblem] = []
    pinned_to: dict[int, int] = {}
    load: dict[int, int] = {}
    for n, (i, j) in enumerate(pins):
        where = f"--pin {mentors.ids[j]}:{mentees.ids[i]}"

        def problem(message: str, where: str = where, n: int = n) -> None:
            problems.append(InputProblem(where, n, "", message))

        if (i, j) in same:
            problem("pairs a person with themself (same id or same email)")
            continue
        if (i, j) in forbids:
            problem(f"the same pair is forbidden (--forbid {mentors.ids[j]}:{mentees.ids[i]})")
            continue
        if i in pinned_to:
            if pinned_to[i] != j:
                problem(
                    f"mentee '{mentees.ids[i]}' is already pinned to mentor "
                    f"'{mentors.ids[pinned_to[i]]}'"
                )
            continue  # the same pin twice is harmless
        pinned_to[i] = j
        load[j] = load.get(j, 0) + 1
        if load[j] > capacity[j]:
            problem(
                f"mentor '{mentors.ids[j]}' has capacity {int(capacity[j])} but "
                f"{load[j]} pinned mentees"
            )
    return problems


def capacities(mentors: Responses) -> IntArray:
    return np.array(
        [int(c) if isinstance(c, float) else 0 for c in mentors.values[f.CAPACITY]],
        dtype=np.int64,
    )


@dataclass(frozen=True)
class Overrides:
    """The coordinator's pins and forbids as (mentee, mentor) indices, the same-person
    pairs, and every problem with them."""

    pins: dict[tuple[int, int], None]  # ordered, without repeats
    forbids: set[tuple[int, int]]
    same_person: set[tuple[int, int]]
    problems: list[InputProblem]

    @classmethod
    def check(
        cls,
        mentees: Responses,
        mentors: Responses,
        capacity: IntArray,
        pins: Sequence[IdPair],
        forbids: Sequence[IdPair],
    ) -> Overrides:
        pin_pairs, problems = _resolve(pins, "--pin", mentees, mentors)
        forbid_pairs, forbid_problems = _resolve(forbids, "--forbid", mentees, mentors)
        problems += forbid_problems
        same = same_person_pairs(mentees, mentors)
        forbidden = set(forbid_pairs)
        problems += _check_pins(pin_pairs, forbidden, same, capacity, mentees, mentors)
        return cls(dict.fromkeys(pin_pairs), forbidden, same, problems)


def match(
    mentees: Responses,
    mentors: Responses,
    *,
    weights: Weights | None = None,
    method: Method = "optimal",
    pins: Sequence[IdPair] = (),
    forbids: Sequence[IdPair] = (),
    strings: Strings | None = None,
) -> MatchResult:
    """Score every pair and solve; pins and forbids are ``(mentor id, mentee id)``; the
    reasons are in the words of ``strings`` (English unless a project's are given).

    ``optimal`` matches as many mentees as capacity allows, then maximises the total
    score; ``stable`` runs mentee-proposing deferred acceptance on the scores. Raises
    ``InputError`` for overrides naming unknown people or contradicting each other.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    weights = weights or default_weights()
    capacity = capacities(mentors)
    overrides = Overrides.check(mentees, mentors, capacity, pins, forbids)
    if overrides.problems:
        raise InputError(overrides.problems)
    pinned, forbidden, same = overrides.pins, overrides.forbids, overrides.same_person

    model = fit_model(mentees, mentors, weights)
    scores = model.matrix()
    problem = AssignmentProblem(
        scores=scores,
        capacity=capacity,
        pins=tuple(pinned),
        forbids=tuple(sorted(forbidden | same)),
    )
    try:
        solver = solve_optimal if method == "optimal" else solve_stable
        assignment = solver(problem)
    except MatchingInputError as error:  # pragma: no cover - the checks above come first
        raise InputError([InputProblem("matching", 0, "", str(error))]) from None
    return MatchResult(
        mentees=mentees,
        mentors=mentors,
        weights=weights,
        method=method,
        model=model,
        scores=scores,
        capacity=capacity,
        mentor_of=np.asarray(assignment.mentor_of, dtype=np.int64),
        pinned=frozenset(pinned),
        forbidden=frozenset(forbidden),
        same_person=frozenset(same),
        strings=strings or english(),
    )


# --- writing results -------------------------------------------------------------------


def write_pairs(result: MatchResult, stream: IO[str]) -> None:
    """``pairs.csv``: ``mentor_id,mentee_id,score,reasons``, one row per pair (CRLF rows, as
    :func:`~.writers.write_csv` writes)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(["mentor_id", "mentee_id", "score", "reasons"])
    for pair in result.pairs:
        writer.writerow(
            neutral_row(
                [
                    result.mentors.ids[pair.mentor],
                    result.mentees.ids[pair.mentee],
                    f"{pair.score:.{SCORE_DECIMALS}f}",
                    pair.explanation.sentence,
                ]
            )
        )


def _csv_field(text: str) -> bytes:
    """One CSV field, quoted only when it must be (as the csv module would), never a formula
    (files/cells.py)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([neutral(text)])
    return buffer.getvalue().encode("utf-8")


def _padded(pieces: Sequence[bytes]) -> npt.NDArray[np.uint8]:
    """The pieces as rows of a byte matrix, right-padded with NUL bytes."""
    width = max((len(p) for p in pieces), default=0)
    out = np.zeros((len(pieces), width), dtype=np.uint8)
    for k, piece in enumerate(pieces):
        out[k, : len(piece)] = np.frombuffer(piece, dtype=np.uint8)
    return out


#: Pairs formatted per step of :func:`write_scores` (about 20 MB of bytes at a time).
_SCORE_ROWS_PER_STEP = 1 << 20


def write_scores(result: MatchResult, target: Path) -> int:
    """``scores.csv``: ``mentor_id,mentee_id,score`` of every pair that may be made, mentee by
    mentee; returns the number of rows.

    At 10,000 × 5,000 that is 50 million rows, so rows are never formatted one by one in
    Python. A block of rows is laid out as a byte array ``[mentee, mentor, byte]`` holding
    three NUL-padded pieces (``mentor_id,`` | ``mentee_id,`` | ``score\n``), filled by
    broadcasting and one gather; dropping the NUL padding leaves the CSV text. Text from a
    CSV or JSON file holds no NUL bytes (the survey reader removes them).
    """
    n, m = result.scores.shape
    tenths = 10**SCORE_DECIMALS
    mentor_part = _padded([_csv_field(p) + b"," for p in result.mentors.ids])
    mentee_part = _padded([_csv_field(p) + b"," for p in result.mentees.ids])
    score_part = _padded(
        [f"{u / tenths:.{SCORE_DECIMALS}f}\n".encode() for u in range(100 * tenths + 1)]
    )
    # Each piece as one fixed-size element, so filling a block moves whole pieces.
    layout = np.dtype(
        [
            (name, f"V{part.shape[1]}")
            for name, part in (
                ("mentor", mentor_part),
                ("mentee", mentee_part),
                ("score", score_part),
            )
        ]
    )
    mentor_v, mentee_v, score_v = (
        part.view(layout[k]).reshape(-1)
        for k, part in enumerate((mentor_part, mentee_part, score_part))
    )
    closed_rows: dict[int, set[int]] = {}
    for i, j in result.closed:
        closed_rows.setdefault(i, set()).add(j)
    rows_written = 0
    step = max(1, _SCORE_ROWS_PER_STEP // max(1, m))
    with target.open("wb") as stream:
        stream.write(b"mentor_id,mentee_id,score\n")
        for start in range(0, n if m else 0, step):
            stop = min(n, start + step)
            units = np.rint(result.scores[start:stop] * tenths).astype(np.intp)
            block = np.empty((stop - start, m), dtype=layout)
            block["mentor"] = mentor_v[None, :]
            block["mentee"] = mentee_v[start:stop, None]
            block["score"] = score_v[units]
            rows_written += block.size
            as_bytes = block.view(np.uint8).reshape(stop - start, m, layout.itemsize)
            for i in range(start, stop):
                if i in closed_rows:
                    as_bytes[i - start, sorted(closed_rows[i]), :] = 0  # dropped below
                    rows_written -= len(closed_rows[i])
            flat = as_bytes.reshape(-1)
            stream.write(flat[flat != 0].tobytes())
    return rows_written
