"""Every command is one transaction, and two commands at once never mix their changes."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from mentorguide.program import BUSY, Program, add_cycle, list_cycles, open_program

from .conftest import fails_with
from .support import another_command_writing

START, END = date(2027, 3, 1), date(2027, 8, 31)


def test_a_command_that_fails_changes_nothing(program: Program) -> None:
    with pytest.raises(RuntimeError), program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
        raise RuntimeError("the next step failed")
    with program.reading() as tx:
        assert list_cycles(tx) == []


def test_a_failed_command_leaves_the_sqlite_file_byte_for_byte(sqlite_program: Program) -> None:
    before = sqlite_program.location.path.read_bytes()
    with pytest.raises(RuntimeError), sqlite_program.writing() as tx:
        for n in range(200):
            add_cycle(tx, f"cycle-{n}", starts_on=START, ends_on=END)
        raise RuntimeError("the next step failed")
    assert sqlite_program.location.path.read_bytes() == before
    assert [p.name for p in sqlite_program.location.path.parent.iterdir()] == ["program.sqlite"]


def test_a_second_writer_is_told_the_program_file_is_busy(program: Program) -> None:
    with another_command_writing(program):
        started = time.monotonic()
        with fails_with(BUSY), program.writing() as tx:
            add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
        assert time.monotonic() - started < 5
    with program.reading() as tx:
        assert [c.id for c in list_cycles(tx)] == ["2027-fall"]


def test_a_reader_sees_the_last_committed_state_while_another_command_writes(
    program: Program,
) -> None:
    with program.writing() as tx:
        add_cycle(tx, "2027-spring", starts_on=START, ends_on=END)
    with another_command_writing(program), program.reading() as tx:
        assert [c.id for c in list_cycles(tx)] == ["2027-spring"]


def test_two_writers_at_once_take_turns_and_lose_nothing(program: Program) -> None:
    # Each reads how many cycles there are, dawdles, then adds the next one: interleaved,
    # both would read the same count and the second would fail on a duplicate id.
    failures: list[BaseException] = []

    def command() -> None:
        try:
            with open_program(program.location, busy_timeout=10) as mine, mine.writing() as tx:
                count = len(list_cycles(tx))
                time.sleep(0.2)
                add_cycle(tx, f"cycle-{count}", starts_on=START, ends_on=END)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=command) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with program.reading() as tx:
        assert sorted(c.id for c in list_cycles(tx)) == ["cycle-0", "cycle-1"]
