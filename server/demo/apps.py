"""The command lines of the demo's five apps: the same `rinda kiosk|display|counter|manager` a
real centre runs, pointed at the demo server, each with its own device token; the fifth is
the window display above counter 1 (`rinda display --counter 1`)."""

from __future__ import annotations

from dataclasses import dataclass

from server.app_run import rinda_command
from server.demo.centre import HUMAN_COUNTER, WINDOW_DISPLAY, DemoCentre


@dataclass(frozen=True)
class AppCommand:
    name: str  # "kiosk", "display", "counter", "manager" or "window"
    argv: list[str]
    # The token travels in the environment, not on the command line where `ps` shows it.
    env: dict[str, str]


def app_commands(centre: DemoCentre, *, sound: bool = True, lang: str = "lv") -> list[AppCommand]:
    """`lang`: the language each app starts in (the kiosk's start screen, the display's
    labels before they cycle and its announcements, the counter, the manager)."""
    rinda = rinda_command()
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
        # Its device entry makes it a window display; --counter says so before the welcome.
        AppCommand(
            "window",
            [*rinda, "display", *url, "--lang", lang, "--counter", HUMAN_COUNTER],
            {"RINDA_TOKEN": centre.tokens[WINDOW_DISPLAY]},
        ),
    ]
