"""The command lines of the demo's four apps: the same `rinda kiosk|display|counter|manager` a
real centre runs, pointed at the demo server, each with its own device token."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from server.demo.centre import HUMAN_COUNTER, DemoCentre


@dataclass(frozen=True)
class AppCommand:
    name: str  # "kiosk", "display", "counter" or "manager"
    argv: list[str]
    # The token travels in the environment, not on the command line where `ps` shows it.
    env: dict[str, str]


def app_commands(centre: DemoCentre, *, sound: bool = True, lang: str = "lv") -> list[AppCommand]:
    """`lang`: the language each app starts in (the kiosk's start screen, the display's
    labels before they cycle and its announcements, the counter, the manager)."""
    rinda = [sys.executable, "-m", "server.cli"]
    url = ["--url", centre.url]
    display = [*rinda, "display", *url, "--lang", lang, "--languages", lang]
    return [
        AppCommand(
            "kiosk",
            [*rinda, "kiosk", *url, "--lang", lang],
            {"RINDA_TOKEN": centre.tokens["kiosk-1"]},
        ),
        AppCommand(
            "display",
            display + ([] if sound else ["--no-sound"]),
            {"RINDA_TOKEN": centre.tokens["display-1"]},
        ),
        AppCommand(
            "counter",
            [*rinda, "counter", *url, "--counter", HUMAN_COUNTER, "--lang", lang],
            {"RINDA_TOKEN": centre.counter_token(HUMAN_COUNTER)},
        ),
        AppCommand(
            "manager",
            [*rinda, "manager", *url, "--lang", lang],
            {"RINDA_TOKEN": centre.tokens["manager-1"]},
        ),
    ]
