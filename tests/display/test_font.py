"""The block font of the big call line."""

from __future__ import annotations

from display import font


def test_every_ticket_letter_digit_and_the_arrow_has_a_glyph() -> None:
    assert font.covers("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 → -")
    assert not font.covers("Kasē ņ")  # Ē has a glyph (the window display's SLĒGTS), ņ not


def test_the_window_display_s_words_have_glyphs_marks_included() -> None:
    for word in ("Slēgts", "Atvērts", "Pauze", "Закрыто", "Открыто", "Перерыв", "14:30"):
        assert font.covers(word), word
    # A long mark over a letter: its row, a blank row, then the letter, so a line with one is
    # two pixel rows taller and the others keep the baseline.
    assert font.render("ĒE", 1) == [" ▀▀▀       ", "█▀▀▀▀ █▀▀▀▀", "█▀▀▀  █▀▀▀ ", "▀▀▀▀▀ ▀▀▀▀▀"]
    assert font.height(1, "ĒE") == 4 and font.height(1, "EE") == 3


def test_the_largest_scale_that_fits_is_chosen() -> None:
    line = "A012 → 3"  # 8 glyphs: 47 pixels wide, 5 tall
    assert font.fit(line, 46, 24) == 0
    assert font.fit(line, 80, 24) == 1
    assert font.fit(line, 160, 48) == 3
    assert font.fit(line, 300, 5) == 2  # height-bound: 5 pixel rows x2 = 5 terminal rows


def test_glyphs_are_drawn_with_half_blocks_at_any_scale() -> None:
    one = font.render("1", 1)
    assert one == [" ▄█  ", "  █  ", " ▀▀▀ "]
    big = font.render("1", 2)
    assert len(big) == font.height(2) == 5 and {len(r) for r in big} == {font.width("1", 2)}
