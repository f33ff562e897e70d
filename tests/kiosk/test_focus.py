"""The focused button stands out on every page: its text has at least 4.5:1 contrast (WCAG AA
for text) with its background, and that background is set apart from the unfocused buttons'
and from the page by at least 3:1 (WCAG's contrast for a focus indicator). Read from the
styles Textual computes for the buttons."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import Button

from kiosk.app import KioskApp
from tests.kiosk.helpers import make_kiosk
from tests.server.harness import Running
from tests.ui import showing


def luminance(c: Color) -> float:
    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def drawn(button: Button) -> tuple[Color, Color]:
    """The text's and the background's colour as Textual computes them for the button."""
    style = button.visual_style
    # Reversing is not enough: the browser page (textual-serve) showed a reversed focused
    # button as its plain colours, 235 on 234.
    assert not style.reverse, button.id
    background = style.background
    text = background + (style.foreground or Color(255, 255, 255))  # alpha blended on it
    return text, background


def check_focus(app: KioskApp, page: str) -> None:
    focused = app.screen.focused
    assert isinstance(focused, Button), f"nothing focused on {page}"
    text, background = drawn(focused)
    assert contrast(text, background) >= 4.5, (page, text, background)
    around = [("the page", app.screen.styles.background)] + [
        (b.id, drawn(b)[1])
        for b in app.query(f"#{page} Button").results(Button)
        if b is not focused and b.display
    ]
    for what, other in around:
        assert contrast(background, other) >= 3, (page, what, background, other)


async def test_the_focused_button_stands_out_on_every_page(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Testa centrs")
        check_focus(app, "start-page")
        await pilot.press("enter")
        await showing(pilot, "Sociālie pakalpojumi")
        check_focus(app, "services-page")
        await pilot.press("enter")
        await showing(pilot, "Vai jums ir prioritāte?")
        check_focus(app, "priority-page")
        await pilot.press("enter")
        await showing(pilot, "Jūsu numurs")
        await showing(pilot, "atcerieties savu numuru")  # printing done: "Print again" hidden
        check_focus(app, "ticket-page")
