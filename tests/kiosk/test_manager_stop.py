"""A manager stops a service while a kiosk shows its buttons: the button turns "Closed" with
the manager's words (as typed, never markup) and cannot be tapped; resuming opens it again."""

from __future__ import annotations

from textual.widgets import Button

from tests.kiosk.helpers import make_kiosk, open_services
from tests.server.harness import Running, device
from tests.ui import screen_text, showing, until

REASON = "Sistēma [b]nedarbojas[/b]"


async def test_a_stopped_service_shows_closed_with_the_reason_until_resumed(
    running: Running,
) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(100, 30)) as pilot, device(running, "m1") as manager:
        await open_services(pilot, "ru")
        button = app.query_one("#svc-social", Button)
        assert not button.disabled
        await manager.ok("stop_issuing", service="social", reason=REASON)
        await showing(pilot, f"Закрыто · {REASON}")
        assert button.disabled
        await pilot.click("#svc-social")
        await pilot.pause()
        assert "Выберите услугу" in screen_text(app)  # still the services page
        # Taxes still issue.
        assert not app.query_one("#svc-tax", Button).disabled
        await manager.ok("resume_issuing", service="social")
        await until(pilot, lambda: not button.disabled, what="the button enabled again")
        assert REASON not in screen_text(app)


async def test_a_kiosk_that_connects_later_shows_the_stop(running: Running) -> None:
    async with device(running, "m1") as manager:
        await manager.ok("stop_issuing", service="tax", reason="")
    app = make_kiosk(running)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(pilot, "en")
        tax = app.query_one("#svc-tax", Button)
        assert tax.disabled
        # No reason given: just "Closed", without a dangling separator.
        assert str(tax.label) == "Taxes\nClosed"
