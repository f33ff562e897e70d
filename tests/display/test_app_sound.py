"""The app announces each call it shows, and says once when it cannot."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from display.announce import Announcer
from display.app import DisplayApp, create_app
from tests.display.helpers import banner, fake_player, frozen
from tests.server.harness import Running, device
from tests.ui import showing, until


async def test_each_call_is_announced_with_a_chime_then_speech(
    running: Running, tmp_path: Path
) -> None:
    player, log = fake_player(tmp_path)
    app = DisplayApp(running.url, clock=frozen)
    app.announcer = Announcer(["lv", "en"], app.warn, player=player)
    async with app.run_test() as pilot:
        await showing(pilot, "Testa centrs")
        async with device(running, "k1") as kiosk, device(running, "c3") as c3:
            await kiosk.ok("take_ticket", service="tax")
            await c3.ok("call_next")
            await until(pilot, lambda: banner(app) == "B001 → 3")
            await c3.ok("recall", ticket="B001")
        async with asyncio.timeout(60):
            while not (app.announcer.idle.is_set() and not app.announcer.pending):
                await app.announcer.idle.wait()
    starts = [line.split()[1] for line in log.read_text().splitlines() if line.startswith("start")]
    # The recall came while the first announcement was still playing: it is said again.
    assert starts == ["chime.wav", "B001-3-lv.wav", "B001-3-en.wav"] * 2


async def test_a_missing_voice_is_said_once_on_screen(running: Running) -> None:
    app = DisplayApp(running.url, clock=frozen)
    app.announcer = Announcer(["lv"], app.warn, espeak="no-such-espeak-ng")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        lines = await showing(pilot, "Paziņojumi izslēgti: nav atrasts espeak-ng")
        assert sum("Paziņojumi izslēgti" in line for line in lines) == 1


def args(*extra: str) -> argparse.Namespace:
    from display.cli import add_arguments

    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="ws://127.0.0.1:1/ws")
    parser.add_argument("--token", default=None)
    add_arguments(parser)
    return parser.parse_args(list(extra))


def test_options_choose_languages_history_and_silence() -> None:
    app = create_app(args("--languages", "lv,ru", "--history", "3"))
    assert app.announcer is not None and app.announcer.languages == ["lv", "ru"]
    assert app.history == 3
    assert create_app(args("--no-sound")).announcer is None


@pytest.mark.parametrize(
    "bad", [["--languages", "lv,de"], ["--languages", ""], ["--history", "21"]]
)
def test_a_wrong_option_is_refused_with_a_reason(
    bad: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        args(*bad)
    assert "give" in capsys.readouterr().err
