"""The five faces as the tablet draws them: three lines of box-drawing characters each, from
the worst (1) to the best (5). Each face also has its words under it and its own colour
(app.tcss `.face-N`), so it is told apart without colour too."""

from __future__ import annotations

FACES: dict[int, tuple[str, str, str]] = {
    1: ("╲   ╱", "●   ●", "╭───╮"),
    2: ("     ", "●   ●", " ╭─╮ "),
    3: ("     ", "●   ●", " ─── "),
    4: ("     ", "●   ●", " ╰─╯ "),
    5: ("     ", "●   ●", "╰───╯"),
}


def face_label(score: int, words: str) -> str:
    """A face button's label: the face, a blank line, its words."""
    return "\n".join((*FACES[score], "", words))
