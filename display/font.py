"""A 5×5 block font for the big call line, scalable to fill any screen.

Textual's `Digits` knows only 0-9 and A-F, but ticket prefixes run A-Z and the call needs an
arrow, so the display draws its own: each glyph is a 5×5 bitmap, each pixel becomes an s×s
square, and two pixel rows share one terminal row through half blocks (a cell is about twice
as tall as it is wide, so the squares stay square).

The window display's words ("SLĒGTS", "ЗАКРЫТО", "PAUZE") need a few Cyrillic letters and
Latvian long vowels: a letter with a mark (`MARKED`) is its plain glyph under a mark row and
a blank row, and a line with any such letter is drawn 7 pixel rows tall (the others sit on
the same baseline).
"""

from __future__ import annotations

GLYPHS: dict[str, tuple[str, ...]] = {
    " ": ("     ", "     ", "     ", "     ", "     "),
    "-": ("     ", "     ", "#####", "     ", "     "),
    "→": ("  #  ", "   # ", "#####", "   # ", "  #  "),
    "0": (" ### ", "#  ##", "# # #", "##  #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", " ### "),
    "2": ("#### ", "    #", " ### ", "#    ", "#####"),
    "3": ("#### ", "    #", " ### ", "    #", "#### "),
    "4": ("#   #", "#   #", "#####", "    #", "    #"),
    "5": ("#####", "#    ", "#### ", "    #", "#### "),
    "6": (" ### ", "#    ", "#### ", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", "  #  "),
    "8": (" ### ", "#   #", " ### ", "#   #", " ### "),
    "9": (" ### ", "#   #", " ####", "    #", " ### "),
    "A": (" ### ", "#   #", "#####", "#   #", "#   #"),
    "B": ("#### ", "#   #", "#### ", "#   #", "#### "),
    "C": (" ####", "#    ", "#    ", "#    ", " ####"),
    "D": ("#### ", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#### ", "#    ", "#####"),
    "F": ("#####", "#    ", "#### ", "#    ", "#    "),
    "G": (" ####", "#    ", "#  ##", "#   #", " ### "),
    "H": ("#   #", "#   #", "#####", "#   #", "#   #"),
    "I": (" ### ", "  #  ", "  #  ", "  #  ", " ### "),
    "J": ("  ###", "    #", "    #", "#   #", " ### "),
    "K": ("#   #", "#  # ", "###  ", "#  # ", "#   #"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#### ", "#    ", "#    "),
    "Q": (" ### ", "#   #", "# # #", "#  # ", " ## #"),
    "R": ("#### ", "#   #", "#### ", "#  # ", "#   #"),
    "S": (" ####", "#    ", " ### ", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", " ### "),
    "V": ("#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
    "X": ("#   #", " # # ", "  #  ", " # # ", "#   #"),
    "Y": ("#   #", " # # ", "  #  ", "  #  ", "  #  "),
    "Z": ("#####", "   # ", "  #  ", " #   ", "#####"),
    # Enough Cyrillic for the appointment mark ("ЗАПИСЬ") in big letters.
    "А": (" ### ", "#   #", "#####", "#   #", "#   #"),
    "З": ("#### ", "    #", " ### ", "    #", "#### "),
    "И": ("#   #", "#  ##", "# # #", "##  #", "#   #"),
    "П": ("#####", "#   #", "#   #", "#   #", "#   #"),
    "С": (" ####", "#    ", "#    ", "#    ", " ####"),
    "Ь": ("#    ", "#    ", "#### ", "#   #", "#### "),
    # And for the window display's words in Russian (ЗАКРЫТО, ОТКРЫТО, ПЕРЕРЫВ).
    "В": ("#### ", "#   #", "#### ", "#   #", "#### "),
    "Е": ("#####", "#    ", "#### ", "#    ", "#####"),
    "К": ("#   #", "#  # ", "###  ", "#  # ", "#   #"),
    "О": (" ### ", "#   #", "#   #", "#   #", " ### "),
    "Р": ("#### ", "#   #", "#### ", "#    ", "#    "),
    "Т": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "Ы": ("#   #", "#   #", "##  #", "# # #", "##  #"),
    ":": ("     ", "  #  ", "     ", "  #  ", "     "),
}
# A Latvian letter with a mark above: (its plain glyph, the mark's row).
MACRON, CARON = " ### ", " # # "
MARKED: dict[str, tuple[str, str]] = {
    "Ā": ("A", MACRON),
    "Ē": ("E", MACRON),
    "Ī": ("I", MACRON),
    "Ū": ("U", MACRON),
    "Č": ("C", CARON),
    "Š": ("S", CARON),
    "Ž": ("Z", CARON),
}
SIZE = 5
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def covers(text: str) -> bool:
    """Whether every character of `text` has a glyph (letters in any case)."""
    return all(ch in GLYPHS or ch in MARKED for ch in text.upper())


def width(text: str, scale: int) -> int:
    """Columns `text` takes at `scale` (one pixel of space between glyphs)."""
    return max(0, len(text) * (SIZE + 1) - 1) * scale


def _pixel_rows(text: str) -> int:
    return SIZE + 2 if any(ch in MARKED for ch in text.upper()) else SIZE


def height(scale: int, text: str = "") -> int:
    """Terminal rows `text` takes at `scale` (taller with a marked letter)."""
    return (_pixel_rows(text) * scale + 1) // 2


def fit(text: str, columns: int, rows: int) -> int:
    """The largest scale (0 if none) at which `text` fits `columns` × `rows`."""
    scale = 0
    while width(text, scale + 1) <= columns and height(scale + 1, text) <= rows:
        scale += 1
    return scale


def _glyph(ch: str, tall: bool) -> tuple[str, ...]:
    blank = GLYPHS[" "]
    if ch in MARKED:
        plain, mark = MARKED[ch]
        return (mark, blank[0], *GLYPHS[plain])
    glyph = GLYPHS.get(ch, blank)
    return (blank[0], blank[0], *glyph) if tall else glyph


def render(text: str, scale: int) -> list[str]:
    """`text` as lines of block characters (check `covers` first: others show as blanks)."""
    tall = _pixel_rows(text) > SIZE
    glyphs = [_glyph(ch, tall) for ch in text.upper()]
    pixels: list[list[bool]] = []
    for y in range(_pixel_rows(text)):
        row: list[bool] = []
        for i, glyph in enumerate(glyphs):
            if i:
                row.append(False)
            row += [p == "#" for p in glyph[y]]
        pixels += [[p for p in row for _ in range(scale)]] * scale
    if len(pixels) % 2:
        pixels.append([False] * (len(pixels[0]) if pixels else 0))
    return [
        "".join(_HALF[top, bottom] for top, bottom in zip(pixels[y], pixels[y + 1], strict=True))
        for y in range(0, len(pixels), 2)
    ]
