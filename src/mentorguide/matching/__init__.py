"""Matching mentees with mentors.

``solve`` holds the assignment algorithms (pure functions over score matrices, no I/O):
:func:`mentorguide.matching.solve.solve_optimal` and
:func:`mentorguide.matching.solve.solve_stable`.
"""
