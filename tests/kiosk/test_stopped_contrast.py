"""A service a manager stopped is still read by visitors (the reason says why they cannot take
a ticket): its button's text keeps a WCAG contrast of at least 4.5:1 with its background."""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.widgets import Button

from tests.kiosk.helpers import make_kiosk, open_services
from tests.server.harness import Running, device
from tests.ui import showing


def luminance(c: Color) -> float:
    """WCAG 2's relative luminance."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(style: Style) -> float:
    assert style.color is not None and style.bgcolor is not None
    a, b = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


async def test_a_stopped_services_text_is_readable(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(100, 30)) as pilot, device(running, "m1") as manager:
        await open_services(pilot, "en")
        await manager.ok("stop_issuing", service="tax", reason="System down")
        await showing(pilot, "Closed · System down")
        button = app.query_one("#svc-tax", Button)
        assert button.disabled
        region = button.content_region
        texts = [
            style
            for y in range(region.y, region.bottom)
            for x in range(region.x, region.right)
            if (style := app.screen.get_style_at(x, y)).color is not None
        ]
        assert texts, "no text drawn on the button"
        assert min(contrast(s) for s in texts) >= 4.5, {str(s) for s in texts}
