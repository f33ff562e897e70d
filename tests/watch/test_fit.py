"""The centres' table's column widths: whole on one line when they fit; otherwise each column
at its least (a header a word a line, a figure whole) and the room left to the wrapping
columns, the last first."""

from __future__ import annotations

from watch.widgets.fit import Column, one_line, squeezed

CENTRE = Column("Centre", ("Valka", "Dienvidkurzemes novads"), wraps_to=12)
WAITING = Column("Waiting", ("3", "—"))
OPEN = Column("Counters open", ("1",))
STATE = Column("State", ("ok", "unreachable: connection refused"), wraps_to=12)
COLUMNS = [CENTRE, WAITING, OPEN, STATE]  # natural: 22 + 7 + 13 + 31 = 73


def test_one_line_when_the_room_allows_or_is_not_known_yet() -> None:
    assert one_line(COLUMNS, 73) == [22, 7, 13, 31]
    assert one_line(COLUMNS, 0) == [22, 7, 13, 31]
    assert one_line(COLUMNS, 72) is None


def test_squeezed_the_room_left_goes_to_the_reason_then_the_name() -> None:
    # Least: 12 + 7 + 8 ("Counters") + 12 = 39.
    assert squeezed(COLUMNS, 39) == [12, 7, 8, 12]
    assert squeezed(COLUMNS, 50) == [12, 7, 8, 23]
    assert squeezed(COLUMNS, 60) == [14, 7, 8, 31]
    assert squeezed(COLUMNS, 72) == [22, 7, 8, 31]  # each at most its natural width
    # Narrower than the least: the least all the same (the table scrolls sideways).
    assert squeezed(COLUMNS, 20) == [12, 7, 8, 12]


def test_a_cell_of_two_lines_counts_its_widest_line() -> None:
    longest = Column("Longest wait / target", ("22 min / 15 min !\nTaxes and the E…",))
    assert (longest.least, longest.natural) == (17, 21)
    # A short cell never wraps narrower than its header's longest word.
    assert Column("Stāvoklis", ("ok",), wraps_to=12).least == 9
