"""Output piped into a reader that leaves early (``mentorguide … | head``) ends quietly, as
a Unix tool does: no traceback, no "Error: broken pipe"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mentorguide.cli.main import BROKEN_PIPE
from tests.conftest import ROOT

#: The installed command, as people run it.
COMMAND = Path(sys.executable).with_name("mentorguide")


def test_a_closed_pipe_ends_the_command_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write fails
    try:
        result = subprocess.run(
            [str(COMMAND), "worksheet", "fields", "smart-goal"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (BROKEN_PIPE, b"")


def test_piping_into_head_shows_the_first_line_and_nothing_else() -> None:
    command = f"{COMMAND} worksheet fields career-development-plan"
    result = subprocess.run(
        f"{command} | head -n 1", shell=True, capture_output=True, cwd=ROOT, check=False
    )
    assert result.stdout == b"mentee_name\ttext\tMentee\n"
    assert result.stderr == b""
