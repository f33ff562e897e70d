"""The fault drill a centre can run: `rinda drill` kills its server with SIGKILL mid-day.

How its report is judged and how it reads the display. The drill itself runs once in the
suite, from the installed wheel: tests/ops/test_wheel.py asserts that it passes (every app
back within the limit, no ticket lost, in its own folder)."""

from __future__ import annotations

from display import font
from server.demo.drill import DrillReport, display_shows


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
