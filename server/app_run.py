"""Running a device app (kiosk, display, counter) as its own program."""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

from textual.app import App


def rinda_command() -> list[str]:
    """`rinda` as a child process of ours (the demo's server and apps, `--web` sessions).

    `-P`: the current folder is not put on the module path, so a `kiosk.py` or `server.py` of
    the user's beside where they started `rinda demo` is never imported in place of ours.
    """
    return [sys.executable, "-P", "-m", "server.cli"]


def run(app: App[Any]) -> None:
    """Run `app` until it quits, also on SIGTERM (systemd stopping it, `kill`, `rinda demo`
    ending): then it exits as from its own quit key — the terminal restored, its link closed
    with a goodbye, exit handlers run — where Python's default would end the process on the
    spot. SIGHUP keeps its default: the terminal is gone, and restoring it would only block."""

    async def main() -> None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, app.exit)
        await app.run_async()

    asyncio.run(main())
