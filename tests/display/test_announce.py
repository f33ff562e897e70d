"""Announcements: real espeak-ng audio, one after another, and silence with one warning."""

from __future__ import annotations

import asyncio
import struct
import sys
import wave
from pathlib import Path

import pytest

from display.announce import NO_ESPEAK, NO_PLAYER, PLAY_FAILED, Announcer, render
from display.board import Call
from display.chime import bundled, chime_wav
from display.speech import sentence
from tests.display.helpers import fake_player


def read_wav(path: Path) -> tuple[int, float, int]:
    """Sample rate, duration in seconds and the loudest sample of a 16-bit mono WAV."""
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        frames = w.readframes(w.getnframes())
        rate, n = w.getframerate(), w.getnframes()
    samples = struct.unpack(f"<{n}h", frames)
    return rate, n / rate, max(abs(s) for s in samples)


async def test_an_announcement_renders_to_real_speech(tmp_path: Path) -> None:
    for lang in ("lv", "ru", "en"):
        path = tmp_path / f"{lang}.wav"
        await render(lang, sentence(lang, "A012", "3"), path)
        rate, seconds, peak = read_wav(path)
        assert rate >= 16_000
        assert 1.0 <= seconds <= 10.0, (lang, seconds)
        assert peak > 3000, "all silence"


def test_the_bundled_chime_is_the_generated_one_and_audible() -> None:
    assert bundled().read_bytes() == chime_wav()
    rate, seconds, peak = read_wav(bundled())
    assert rate == 16_000 and 0.5 <= seconds <= 1.5 and peak > 10_000


async def test_calls_are_spoken_in_order_each_to_the_end(tmp_path: Path) -> None:
    player, log = fake_player(tmp_path)
    warnings: list[str] = []
    announcer = Announcer(["lv", "ru"], warnings.append, player=player)
    task = asyncio.create_task(announcer.run())
    try:
        # Faster than speech: all three are queued before the first is spoken.
        announcer.announce(Call("A001", "1", "1", "t"))
        announcer.announce(Call("B001", "3", "3", "t"))
        announcer.announce(Call("A002", "2", "2", "t"))
        async with asyncio.timeout(60):
            await announcer.idle.wait()
    finally:
        task.cancel()
    expected: list[str] = []
    for call in ("A001-1", "B001-3", "A002-2"):
        expected += ["chime.wav", f"{call}-lv.wav", f"{call}-ru.wav"]
    # Strictly start, end, start, end...: nothing overlaps, nothing is cut off.
    assert log.read_text().split("\n")[:-1] == [
        f"{edge} {name}" for name in expected for edge in ("start", "end")
    ]
    assert warnings == []


async def test_a_recall_of_a_call_not_yet_spoken_is_merged(tmp_path: Path) -> None:
    announcer = Announcer(["lv"], print, player=fake_player(tmp_path)[0])
    announcer.announce(Call("A001", "1", "1", "t"))
    announcer.announce(Call("A002", "1", "1", "t"))
    announcer.announce(Call("A001", "1", "1", "t", recall=True))  # A001 still waits: merged
    assert [c.ticket for c in announcer.pending] == ["A001", "A002"]


async def test_without_espeak_one_warning_and_silence(tmp_path: Path) -> None:
    warnings: list[str] = []
    announcer = Announcer(["lv"], warnings.append, espeak="no-such-espeak-ng")
    await announcer.run()
    announcer.announce(Call("A001", "1", "1", "t"))
    assert warnings == [NO_ESPEAK] and not announcer.pending


async def test_without_a_player_one_warning_and_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    warnings: list[str] = []
    announcer = Announcer(["lv"], warnings.append, espeak="/usr/bin/espeak-ng")
    await announcer.run()
    assert warnings == [NO_PLAYER]


async def test_a_failing_audio_device_warns_once_then_stays_silent() -> None:
    warnings: list[str] = []
    player = [sys.executable, "-c", "import sys; sys.exit('no audio device')"]
    announcer = Announcer(["lv"], warnings.append, player=player)
    announcer.announce(Call("A001", "1", "1", "t"))
    announcer.announce(Call("A002", "1", "1", "t"))
    async with asyncio.timeout(30):
        await announcer.run()  # returns once it has gone silent
    announcer.announce(Call("A003", "1", "1", "t"))
    assert warnings == [PLAY_FAILED]
    assert announcer.silent and not announcer.pending and announcer.idle.is_set()
