"""The ``mentorguide`` command run in-process, as the tests' ``cli``/``run`` fixtures do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorguide.cli.main import main


@dataclass(frozen=True)
class Run:
    """How a command ended: its exit code, standard output and standard error."""

    code: int
    out: str
    err: str


Cli = Callable[..., Run]


def run_main(capsys: pytest.CaptureFixture[str], argv: Sequence[str | Path]) -> Run:
    """``mentorguide ARGV`` in-process; argparse's exits (usage errors, --help) are codes."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)
