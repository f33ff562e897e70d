"""Shared by the display tests: a frozen clock, what the display's widgets show, a fake player."""

from __future__ import annotations

import sys
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


# The big call is drawn in block letters, which a test cannot read off the screen: these say
# what the widgets were given to draw, as the plain text they draw it from.


def banner(app: DisplayApp) -> str:
    """The newest call, "A001 → 1", or "" while there is none."""
    return app.screen.query_one(CallBanner).line


def history(app: DisplayApp) -> list[str]:
    """The earlier calls listed, newest first."""
    return [call.line for call in app.screen.query_one(CallHistory).calls]


def queue_rows(app: DisplayApp) -> list[tuple[str, str, str]]:
    """(service, waiting, wait) per service, as drawn."""
    return app.screen.query_one(QueuePanel).rows


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
