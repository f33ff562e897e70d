"""The fault drill a centre can run: `rinda drill` kills its server with SIGKILL mid-day."""

from __future__ import annotations

import re
import subprocess
import sys

from display import font
from server.demo.drill import RECONNECT_LIMIT_S, DrillReport, display_shows


def test_the_drill_passes_every_app_back_within_3_s_and_nothing_lost(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "drill", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    back = dict(re.findall(r"^  (\w+) +back after ([\d.]+) s$", out, re.MULTILINE))
    assert set(back) == {"kiosk", "display", "window", "counter"}, out
    assert all(float(s) <= RECONNECT_LIMIT_S for s in back.values()), out
    ticket_lines = re.search(
        r"(\d+) on the server at the kill, (\d+) acknowledged.*none missing", out
    )
    assert ticket_lines and int(ticket_lines[1]) >= 1 and int(ticket_lines[2]) >= 1, out
    assert "PASSED" in out
    # It worked in its own folder, on its own database.
    assert (tmp_path / "rinda.db").exists()


def test_a_lost_ticket_or_a_slow_app_fails_the_drill():
    good = DrillReport(3, 4, [], "D001", {"kiosk": 0.5, "display": 1.0, "counter": 2.9})
    assert good.ok and "PASSED" in good.describe()
    lost = DrillReport(3, 4, ["A002"], "D001", {"kiosk": 0.5, "display": 1.0, "counter": 0.9})
    assert not lost.ok and "MISSING: A002" in lost.describe()
    slow = DrillReport(3, 4, [], "D001", {"kiosk": 0.5, "display": 3.2, "counter": 0.9})
    assert not slow.ok and "FAILED" in slow.describe()
    never = DrillReport(3, 4, [], "D001", {"kiosk": None, "display": 1.0, "counter": 0.9})
    assert not never.ok and "not back within" in never.describe()


def test_the_display_is_read_in_block_letters_and_in_its_history():
    banner = ["", *("   " + row + "   " for row in font.render("D001 → 1", 2)), ""]
    assert display_shows(banner, "D001")
    assert not display_shows(banner, "D002")
    assert display_shows(["  Earlier calls", "  A003   2"], "A003")
