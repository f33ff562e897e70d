"""Print operations → ESC/POS bytes for one printer profile.

Latvian and Cyrillic text goes out in the printer's own code pages when its profile has one
that holds the whole line (CP1257/CP775 for Latvian, CP866/CP1251 for Russian), switching with
`ESC t n` only when the page changes. A line no code page of the profile can hold is drawn
with the bundled DejaVu Sans Bold (Pillow) and sent as a raster image, so a printer without
Baltic pages still prints "Sociālie pakalpojumi" correctly. The QR code is always a raster
image (not the printer's native QR), so every printer prints it the same and tests can read it
back from the bytes.
"""

from __future__ import annotations

import atexit
import os
import shutil
from functools import cache
from importlib import resources

from escpos import capabilities
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from kiosk.ticket import QR, Cut, Feed, Line, Op

# Importing python-escpos made a fresh temporary folder for its parsed printer profiles (unless
# $ESCPOS_CAPABILITIES_PICKLE_DIR names one), which it never removes and never finds again: a
# 70 kB folder left in /tmp by every kiosk start. It goes when the kiosk exits. (A shared cache
# folder instead would be unsafe: python-escpos writes the file in place, so a second kiosk
# starting meanwhile could read half of it.)
if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
    atexit.register(shutil.rmtree, capabilities.pickle_dir, ignore_errors=True)

# Tried in this order; the first the profile has and that can encode the whole line wins.
CODE_PAGES = ("CP437", "CP1257", "CP775", "CP866", "CP1251")
DEFAULT_WIDTH_PX = 512
FONT_PX = {"normal": 24, "double": 56}


@cache
def _font(px: int) -> ImageFont.FreeTypeFont:
    path = resources.files("kiosk").joinpath("assets", "DejaVuSans-Bold.ttf")
    with resources.as_file(path) as f:
        return ImageFont.truetype(str(f), px)


def _pages(printer: Dummy) -> dict[str, int]:
    pages = printer.profile.profile_data.get("codePages", {})
    return {name: int(n) for n, name in pages.items() if name in CODE_PAGES}


def _width_px(printer: Dummy) -> int:
    width = printer.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    return width if isinstance(width, int) else DEFAULT_WIDTH_PX


def encode(text: str, pages: dict[str, int]) -> tuple[int, bytes] | None:
    """The first usable code page number and the line's bytes in it, or None."""
    for name in CODE_PAGES:
        if name in pages:
            try:
                return pages[name], text.encode(name.lower())
            except UnicodeEncodeError:
                continue
    return None


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def text_image(line: Line, width: int) -> Image.Image:
    """The line drawn black on white, wrapped to the paper width, 1 bit per pixel."""
    font = _font(FONT_PX[line.size])
    rows = _wrap(line.text, font, width)
    ascent, descent = font.getmetrics()
    height = ascent + descent + 4
    img = Image.new("1", (width, height * len(rows)), 1)
    draw = ImageDraw.Draw(img)
    for i, row in enumerate(rows):
        x = (width - font.getlength(row)) / 2 if line.align == "center" else 0
        draw.text((x, i * height + 2), row, font=font, fill=0)
    return img


def render(ops: list[Op], profile: str) -> bytes:
    """The ticket's bytes. python-escpos writes the printer commands (styles, images, cut)
    to its `Dummy` printer; lines of text already encoded in their code page go straight into
    the stream between them, so what it collected so far is taken out first (its public
    `output` and `clear()`) to keep everything in order."""
    p = Dummy(profile=profile)
    pages = _pages(p)
    width = _width_px(p)
    out = bytearray()

    def write(data: bytes) -> None:
        out.extend(p.output)
        p.clear()
        out.extend(data)

    page: int | None = None
    p.hw("INIT")
    for op in ops:
        match op:
            case Line():
                p.set(
                    align=op.align,
                    bold=op.bold,
                    double_height=op.size == "double",
                    double_width=op.size == "double",
                    normal_textsize=op.size == "normal",
                )
                coded = encode(op.text, pages)
                if coded is None:
                    p.image(text_image(op, width), impl="bitImageRaster")
                    continue
                number, data = coded
                if number != page:
                    write(b"\x1bt" + bytes([number]))  # ESC t n: select the code page
                    page = number
                write(data + b"\n")
            case QR():
                p.set(align="center", normal_textsize=True)
                p.qr(
                    op.data,
                    size=6,
                    native=False,
                    image_arguments={"impl": "bitImageRaster", "center": True},
                )
            case Feed():
                write(b"\n" * op.lines)
            case Cut():
                p.cut()
    write(b"")
    return bytes(out)
