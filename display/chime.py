"""The chime before each announcement: how the bundled `assets/chime.wav` was made.

The file is committed (the display never generates sound at run time); this function is kept
so the sound can be changed and rebuilt with `python -m display.chime`, and a test checks the
bundled file is exactly its output.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from importlib import resources
from pathlib import Path

RATE = 16_000


def chime_wav() -> bytes:
    """A two-tone "ding-dong" (G5 then C5), 0.9 s, mono 16-bit: gentle, and unlike a phone."""
    frames = bytearray()
    for i in range(int(RATE * 0.9)):
        t = i / RATE
        freq, t0 = (784.0, t) if t < 0.35 else (523.25, t - 0.35)
        envelope = math.exp(-4.5 * t0) * min(1.0, t0 * 200)  # 5 ms attack: no click
        v = (
            0.45
            * envelope
            * (math.sin(2 * math.pi * freq * t0) + 0.3 * math.sin(4 * math.pi * freq * t0))
        )
        frames += struct.pack("<h", int(max(-1.0, min(1.0, v)) * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return out.getvalue()


def bundled() -> Path:
    """The committed chime file."""
    return Path(str(resources.files("display").joinpath("assets", "chime.wav")))


if __name__ == "__main__":
    bundled().write_bytes(chime_wav())
