"""How wide each column of the centres' table is, free of Textual: every cell on one line
when the room allows; otherwise each column as narrow as it may be (a header a word a line,
a figure or a time whole) and the room left to the columns that wrap (a name, a reason),
so that on an 80-column terminal no column is off-screen."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Column:
    label: str
    cells: tuple[str, ...]  # as shown, lines split at "\n"
    # How narrow the column may wrap its cells (None: never narrower than its widest line).
    wraps_to: int | None = None

    @property
    def widest(self) -> int:
        return max((cell_len(line) for cell in self.cells for line in cell.split("\n")), default=0)

    @property
    def natural(self) -> int:
        """Its label and every cell on one line."""
        return max(cell_len(self.label), self.widest)

    @property
    def least(self) -> int:
        """Its label a word a line, its cells wrapped as far as they may be."""
        word = max((cell_len(w) for w in self.label.split()), default=0)
        cells = self.widest if self.wraps_to is None else min(self.wraps_to, self.widest)
        return max(word, cells)


def one_line(columns: list[Column], room: int) -> list[int] | None:
    """The natural widths if they fit in `room` (0: not known yet, so they do); else None."""
    widths = [c.natural for c in columns]
    return widths if room <= 0 or sum(widths) <= room else None


def squeezed(columns: list[Column], room: int) -> list[int]:
    """Each column at its least, the room left given to the wrapping columns from the last
    (the state's reason before a centre's name), each up to its natural width. Wider than
    `room` only if even the least does not fit."""
    widths = [c.least for c in columns]
    spare = room - sum(widths)
    for i, column in reversed(list(enumerate(columns))):
        if column.wraps_to is not None and spare > 0:
            more = min(spare, column.natural - widths[i])
            widths[i] += more
            spare -= more
    return widths
