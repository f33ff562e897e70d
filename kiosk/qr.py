"""The status link as a QR code drawn with half-block characters, for the screen."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(data: str, border: int = 2) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_text(data: str) -> str:
    """Two modules per character cell (upper/lower half), dark modules drawn as light cells
    so that the code reads as dark-on-light on a dark terminal theme too: phone cameras need a
    light quiet zone around dark modules, so the quiet zone is drawn in blocks."""
    m = qr_matrix(data)
    if len(m) % 2:
        m.append([False] * len(m[0]))
    chars = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    lines = [
        "".join(chars[(top, bottom)] for top, bottom in zip(m[y], m[y + 1], strict=True))
        for y in range(0, len(m), 2)
    ]
    return "\n".join(lines)
