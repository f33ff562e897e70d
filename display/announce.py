"""Announcements: for each call a chime, then the sentence in each chosen language.

Speech is espeak-ng (offline; voices lv, ru, en) rendered to a WAV file with `-w`, then played
with the first player found (paplay, pw-play, aplay, ffplay) — the same path for the chime and
the speech, so one player check covers both.

- **Never overlapping, never cut off.** One task plays everything, one file after another,
  each to its end. Calls wait in a queue and are spoken in the order they arrived, however
  fast they come: nobody's number is skipped.
- **Merged only when saying it twice adds nothing:** a call for the same ticket and counter
  as one still waiting in the queue (a quick recall of a number not yet spoken) is dropped.
  A recall made after the first announcement has started is spoken again, as the clerk meant.
- **Silent, not broken.** With espeak-ng or a player missing, or when the first play fails
  (no audio device), `warn` is called once with a reason and the display carries on in
  silence.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from display.board import Call
from display.chime import bundled
from display.speech import sentence

logger = logging.getLogger("rinda.display")

PLAYERS: tuple[tuple[str, ...], ...] = (
    ("paplay",),
    ("pw-play",),
    ("aplay", "-q"),
    ("ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"),
)
# Reasons given to `warn` (keys of the display's i18n catalog, under "warning.").
NO_ESPEAK, NO_PLAYER, PLAY_FAILED = "no_espeak", "no_player", "play_failed"


def find_player() -> list[str] | None:
    for command in PLAYERS:
        path = shutil.which(command[0])
        if path:
            return [path, *command[1:]]
    return None


async def render(lang: str, text: str, path: Path, espeak: str = "espeak-ng") -> None:
    """Speak `text` with the `lang` voice into the WAV file `path`."""
    proc = await asyncio.create_subprocess_exec(
        espeak,
        "-v",
        lang,
        "-s",
        "150",  # words per minute; the default 175 is hard to follow across a noisy hall
        "-w",
        str(path),
        text,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()
    if proc.returncode != 0:
        raise OSError(f"espeak-ng failed ({proc.returncode}): {err.decode(errors='replace')}")


class Announcer:
    def __init__(
        self,
        languages: Sequence[str],
        warn: Callable[[str], None],
        *,
        espeak: str = "espeak-ng",
        player: Sequence[str] | None = None,
    ) -> None:
        """`player` is a command to which a WAV path is appended; by default the first of
        `PLAYERS` installed."""
        self.languages = list(languages)
        self.warn = warn
        self.espeak = shutil.which(espeak)
        self.player = list(player) if player else find_player()
        self.pending: deque[Call] = deque()
        self._wake = asyncio.Event()
        self.idle = asyncio.Event()  # set while nothing is queued or playing
        self.idle.set()
        self.silent = False

    def announce(self, call: Call) -> None:
        """Queue a call; returns at once."""
        if self.silent:
            return
        if any((c.ticket, c.counter) == (call.ticket, call.counter) for c in self.pending):
            return
        self.pending.append(call)
        self.idle.clear()
        self._wake.set()

    def _go_silent(self, reason: str) -> None:
        self.silent = True
        self.pending.clear()
        self.idle.set()
        logger.warning("announcements off: %s", reason)
        self.warn(reason)

    async def run(self) -> None:
        """Play queued announcements until cancelled (run it as the app's worker)."""
        if self.espeak is None:
            return self._go_silent(NO_ESPEAK)
        if self.player is None:
            return self._go_silent(NO_PLAYER)
        with tempfile.TemporaryDirectory(prefix="rinda-display-") as tmp:
            while True:
                while not self.pending:
                    self.idle.set()
                    self._wake.clear()
                    await self._wake.wait()
                call = self.pending.popleft()
                try:
                    await self._speak(call, Path(tmp))
                except OSError as e:
                    logger.warning("announcement of %s failed: %s", call.ticket, e)
                    return self._go_silent(PLAY_FAILED)

    async def _speak(self, call: Call, tmp: Path) -> None:
        assert self.espeak is not None
        speech = [tmp / f"{call.ticket}-{call.counter}-{lang}.wav" for lang in self.languages]
        for lang, path in zip(self.languages, speech, strict=True):
            await render(lang, sentence(lang, call.ticket, call.counter_name), path, self.espeak)
        for path in [bundled(), *speech]:
            await self._play(path)
        for path in speech:
            path.unlink()

    async def _play(self, path: Path) -> None:
        assert self.player is not None
        proc = await asyncio.create_subprocess_exec(
            *self.player,
            str(path),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await proc.communicate()
        if proc.returncode != 0:
            raise OSError(f"{self.player[0]} failed ({proc.returncode}): {err.decode()[:200]}")
