"""Mentor–mentee assignment: an exact optimum and a stable matching (pure functions, no I/O).

* :func:`solve_optimal` (``optimal.py``) matches as many mentees as possible and, among
  those assignments, maximises the total score, proven by an LP-duality certificate.
* :func:`solve_stable` (``stable.py``) runs mentee-proposing deferred acceptance with
  capacities: no mentee and mentor would both rather be together.

Both read a :class:`AssignmentProblem` and return an :class:`Assignment` (``problem.py``).
"""

from __future__ import annotations

from .optimal import solve_optimal
from .problem import SCORE_STEP, Assignment, AssignmentProblem, MatchingInputError
from .stable import solve_stable

__all__ = [
    "SCORE_STEP",
    "Assignment",
    "AssignmentProblem",
    "MatchingInputError",
    "solve_optimal",
    "solve_stable",
]
