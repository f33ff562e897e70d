"""A device app stopped by its service manager (SIGTERM) exits as from its own quit key, and
leaves nothing behind in the temporary folder."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from server.demo.terminal import Terminal

# Each app's first screen while its server cannot be reached (no server listens on port 1).
APPS = {
    "kiosk": (["--token", "t"], "Atvainojiet"),
    "display": ([], "Savienojas ar serveri"),
    "counter": (["--token", "t", "--counter", "1"], "Pieteikšanās lodziņā 1"),
    "manager": (["--token", "t"], "Rinda — vadītājs"),
    "feedback": (["--token", "t"], "Vērtēšana īslaicīgi nav pieejama"),
}


@pytest.mark.parametrize("app", list(APPS))
async def test_an_app_ends_cleanly_on_sigterm(tmp_path, app):
    options, first_screen = APPS[app]
    argv = [sys.executable, "-m", "server.cli", app, "--url", "ws://127.0.0.1:1/ws", *options]
    terminal = Terminal(argv, env={"TMPDIR": str(tmp_path)})
    await terminal.start()
    try:
        await terminal.wait_for(first_screen, 30)
        assert terminal.pid is not None
        os.kill(terminal.pid, signal.SIGTERM)
        assert await terminal.wait() == 0
    finally:
        await terminal.stop()
    # python-escpos's temporary folder (the kiosk's) is removed on the way out.
    assert list(tmp_path.iterdir()) == []
