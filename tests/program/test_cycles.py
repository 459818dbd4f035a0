"""Cycles: one round of the program, with its dates."""

from __future__ import annotations

from datetime import date

from mentorguide.program import Program, add_cycle, get_cycle, list_cycles

from .conftest import fails_with

START, END = date(2027, 3, 1), date(2027, 8, 31)


def test_a_cycle_has_an_id_a_name_and_dates(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", name="Spring 2027", starts_on=START, ends_on=END)
    with program.reading() as tx:
        cycle = get_cycle(tx, "2027-spring")
    assert (cycle.id, cycle.name, cycle.starts_on, cycle.ends_on, cycle.matched_at) == (
        "2027-spring",
        "Spring 2027",
        START,
        END,
        None,
    )


def test_a_cycle_is_named_by_its_id_unless_given_a_name(program: Program) -> None:
    with program.writing() as tx:
        assert add_cycle(tx, "2027-spring", starts_on=START, ends_on=END).name == "2027-spring"


def test_cycles_are_listed_earliest_first(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2028-spring", starts_on=date(2028, 3, 1), ends_on=date(2028, 8, 31))
        add_cycle(tx, "2027-fall", starts_on=date(2027, 9, 1), ends_on=date(2028, 2, 28))
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
    with program.reading() as tx:
        assert [c.id for c in list_cycles(tx)] == ["2027-spring", "2027-fall", "2028-spring"]


def test_a_cycle_id_is_lower_case_words_joined_by_hyphens(program: Program) -> None:
    with (
        fails_with(
            "'Spring 2027' is not a cycle id: use lower-case letters, digits and hyphens, at "
            "most 40 characters (e.g. 2027-spring)"
        ),
        program.writing() as tx,
    ):
        add_cycle(tx, "Spring 2027", starts_on=START, ends_on=END)


def test_a_cycle_ends_after_it_starts(program: Program) -> None:
    with (
        fails_with("cycle '2027-spring' would end (2027-03-01) before it starts (2027-08-31)"),
        program.writing() as tx,
    ):
        add_cycle(tx, "2027-spring", starts_on=END, ends_on=START)


def test_a_cycle_id_is_used_once(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", name="Spring 2027", starts_on=START, ends_on=END)
    with (
        fails_with("there is already a cycle '2027-spring' (Spring 2027)"),
        program.writing() as tx,
    ):
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)


def test_a_mistyped_cycle_is_told_the_closest_one(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
        add_cycle(tx, "2027-fall", starts_on=date(2027, 9, 1), ends_on=date(2028, 2, 28))
    with (
        fails_with("there is no cycle '2027-sprng' (did you mean '2027-spring'?)"),
        program.reading() as tx,
    ):
        get_cycle(tx, "2027-sprng")


def test_an_unknown_cycle_is_told_the_cycles_there_are(program: Program) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
        add_cycle(tx, "2027-fall", starts_on=date(2027, 9, 1), ends_on=date(2028, 2, 28))
    with (
        fails_with("there is no cycle 'summer' (the cycles are '2027-spring' or '2027-fall')"),
        program.reading() as tx,
    ):
        get_cycle(tx, "summer")


def test_a_program_without_cycles_says_how_to_add_one(program: Program) -> None:
    with (
        fails_with(
            "there is no cycle '2027-spring': the program has no cycles yet (add one with: "
            "mentorguide program add-cycle)"
        ),
        program.reading() as tx,
    ):
        get_cycle(tx, "2027-spring")
