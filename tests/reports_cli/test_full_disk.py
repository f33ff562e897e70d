"""A report or export that cannot be written, because the disk is full: one line on stderr
naming why, exit status 2, never a traceback and never "wrote ...". /dev/full is the full
disk: every write to it fails with "No space left on device"."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports_cli.run import rinda

FULL = Path("/dev/full")
WEEK = ["--from", "2026-11-02", "--to", "2026-11-08"]
COMMANDS = [
    ["report", *WEEK],
    ["report", *WEEK, "--format", "csv"],
    ["report", *WEEK, "--format", "xlsx"],
    ["export", "events", *WEEK],
    ["export", "events", *WEEK, "--format", "jsonl"],
]


def still_the_device() -> bool:
    return stat.S_ISCHR(FULL.stat().st_mode)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_output_to_a_full_disk(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, command: list[str]
) -> None:
    """`-o /dev/full`: written to as it is (a device is never replaced by a file) and the
    failure said."""
    assert still_the_device()
    where = ["--db", str(week), "--config", str(centre), "-o", str(FULL)]
    got = rinda(capsysbinary, *command, *where)
    assert (got.code, got.err) == (2, "rinda: cannot write /dev/full: No space left on device\n")
    assert still_the_device()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_standard_output_on_a_full_disk(week: Path, centre: Path, command: list[str]) -> None:
    """`rinda report ... > /dev/full`: Python's own flush at exit must not fail again."""
    cmd = [sys.executable, "-m", "server.cli", *command, "--db", str(week), "--config", str(centre)]
    with FULL.open("wb") as full:
        done = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, timeout=60, check=False)
    said = "rinda: cannot write to standard output: No space left on device\n"
    assert (done.returncode, done.stderr.decode()) == (2, said)
