"""Helpers for the event store tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.core import events as ev

T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # a Monday, 09:00 in Riga


def taken(n: int, at: datetime | None = None) -> ev.TicketTaken:
    """The n-th ticket of service "a", taken n seconds after T0."""
    return ev.TicketTaken(
        at=at or T0 + timedelta(seconds=n),
        ticket=f"A{n:03d}",
        service="a",
        priority=None,
        lang="lv",
        token=f"tok{n}",
        device="k1",
    )


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` read-only even for root (who ignores file modes): chattr +i then."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    # chattr comes with e2fsprogs on every Debian; without it this test cannot make its case,
    # which is a failure to see, not a skip to overlook.
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"chattr +i failed, cannot make {path} read-only: {done.stderr.decode()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
