"""Shared by the display tests: a frozen clock, awaiting what the screen shows, a fake player."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from display.app import DisplayApp
from display.widgets.call_banner import CallBanner
from display.widgets.call_history import CallHistory
from display.widgets.queue_panel import QueuePanel

# Wednesday 25 Nov 2026, 11:00 in Riga; with cycle_s=8 this instant shows Latvian labels.
FROZEN = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def frozen() -> datetime:
    return FROZEN


async def until(app: DisplayApp, check: Callable[[], object], timeout: float = 10) -> None:
    """Wait until `check()` holds, re-checking after each change the server caused."""
    async with asyncio.timeout(timeout):
        while not check():
            app.changed.clear()
            await app.changed.wait()


def banner(app: DisplayApp) -> str:
    return app.query_one(CallBanner).line


def history(app: DisplayApp) -> list[str]:
    return app.query_one(CallHistory).lines


def queue_rows(app: DisplayApp) -> list[tuple[str, str, str]]:
    return app.query_one(QueuePanel).rows


# A stand-in audio player: logs when each file starts and ends playing.
FAKE_PLAYER = """
import sys, time
log, path = sys.argv[1], sys.argv[2]
name = path.rsplit("/", 1)[-1]
with open(log, "a") as f:
    f.write(f"start {name}\\n")
time.sleep(0.05)
with open(log, "a") as f:
    f.write(f"end {name}\\n")
"""


def fake_player(tmp_path: Path) -> tuple[list[str], Path]:
    script, log = tmp_path / "player.py", tmp_path / "played.log"
    script.write_text(FAKE_PLAYER)
    return [sys.executable, str(script), str(log)], log
