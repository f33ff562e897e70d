"""The display against a real server: calls, recalls, history, the queue, a new day."""

from __future__ import annotations

from datetime import timedelta

from display.app import DisplayApp
from tests.conftest import Clock
from tests.display.helpers import FROZEN, banner, frozen, history, queue_rows
from tests.server.harness import Running, device
from tests.ui import showing, until


def make(running: Running, **options: object) -> DisplayApp:
    return DisplayApp(running.url, clock=frozen, backoff_initial=0.05, **options)  # type: ignore[arg-type]


async def test_a_call_shows_big_with_the_counter_and_earlier_calls_below(running: Running) -> None:
    app = make(running, history=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")  # connected: no call yet
        async with device(running, "k1") as kiosk, device(running, "c1") as c1:
            for _ in range(4):
                await kiosk.ok("take_ticket", service="social")
            for n in range(1, 5):
                await c1.ok("call_next")
                await until(pilot, lambda: banner(app) == f"A00{n} → 1")  # noqa: B023 (awaited here)
                await c1.ok("finish", ticket=f"A00{n}")
        # The newest is big; only `history` earlier calls are listed, newest first.
        assert banner(app) == "A004 → 1"
        assert history(app) == ["A003 → 1", "A002 → 1"]


async def test_a_recall_moves_the_ticket_up_and_lists_it_once(running: Running) -> None:
    app = make(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        async with (
            device(running, "k1") as kiosk,
            device(running, "c1") as c1,
            device(running, "c3") as c3,
        ):
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="tax")
            await kiosk.ok("take_ticket", service="tax")
            await c1.ok("call_next")
            await until(pilot, lambda: banner(app) == "A001 → 1")
            await c3.ok("call_next")
            await until(pilot, lambda: banner(app) == "B001 → 3")
            await c1.ok("recall", ticket="A001")
            await until(pilot, lambda: banner(app) == "A001 → 1")
            # The recalled ticket is the big call and no longer among the earlier ones.
            assert history(app) == ["B001 → 3"]
            assert app.screen.query_one("#banner").has_class("-fresh")  # a new call stands out
            await c3.ok("finish", ticket="B001")
            await c3.ok("call_next")
            await until(pilot, lambda: banner(app) == "B002 → 3")
        assert history(app) == ["A001 → 1", "B001 → 3"]
        lines = await showing(pilot, "B001")
        assert sum(line.count("A001") for line in lines) == 1, "\n".join(lines)


async def test_a_new_call_is_highlighted_for_a_few_seconds_only(running: Running) -> None:
    # Long enough to be seen on a loaded machine (0.2 s came and went unseen there).
    app = make(running, highlight_s=2.0)
    async with app.run_test() as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        banner_widget = app.screen.query_one("#banner")
        async with device(running, "k1") as kiosk, device(running, "c1") as c1:
            await kiosk.ok("take_ticket", service="social")
            await c1.ok("call_next")
            await until(pilot, lambda: banner_widget.has_class("-fresh"))
        await until(pilot, lambda: not banner_widget.has_class("-fresh"))
        assert banner(app) == "A001 → 1"


async def test_the_queue_panel_follows_waiting_counts(running: Running) -> None:
    running.use_estimator("naive")
    app = make(running)
    async with app.run_test(size=(120, 30)) as pilot:
        await showing(pilot, "Sociālie pakalpojumi")
        assert queue_rows(app) == [
            ("A  Sociālie pakalpojumi", "0", "gandrīz nav"),
            ("B  Nodokļi", "0", "gandrīz nav"),
        ]
        async with device(running, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="social")
        await until(pilot, lambda: queue_rows(app)[0][1] == "2")
        # Two visitors of 10 minutes, two counters: a newcomer waits about 10 minutes, shown
        # as the band every screen shows (server/protocol/waits.py).
        assert queue_rows(app)[0] == ("A  Sociālie pakalpojumi", "2", "10–15 min")
        await showing(pilot, "10–15 min")


async def test_the_snapshot_draws_calls_made_before_the_display_started(
    running: Running,
) -> None:
    async with device(running, "k1") as kiosk, device(running, "c1") as c1:
        await kiosk.ok("take_ticket", service="tax")
        await c1.ok("call_next")
    app = make(running)
    async with app.run_test() as pilot:
        await until(pilot, lambda: banner(app) == "B001 → 1")
        assert history(app) == []
        # An old call is not news: it does not stand out.
        assert not app.screen.query_one("#banner").has_class("-fresh")


async def test_a_new_day_clears_the_calls(running: Running, clock: Clock) -> None:
    app = make(running)
    async with app.run_test() as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        async with device(running, "k1") as kiosk, device(running, "c1") as c1:
            await kiosk.ok("take_ticket", service="social")
            await c1.ok("call_next")
            await until(pilot, lambda: banner(app) == "A001 → 1")
            await c1.ok("finish", ticket="A001")
            clock.now += timedelta(days=1)
            await kiosk.ok("take_ticket", service="social")  # the next request rolls the day
        await showing(pilot, "Vēl neviens nav izsaukts")
        assert banner(app) == ""
        assert history(app) == []


async def test_a_display_with_a_token_connects_as_its_device(running: Running) -> None:
    app = DisplayApp(running.url, running.tokens["d1"], clock=frozen)
    async with app.run_test() as pilot:
        await showing(pilot, "Testa centrs")


async def test_a_refused_token_is_shown_and_not_retried(running: Running) -> None:
    app = DisplayApp(running.url, "not-a-token", clock=frozen)
    async with app.run_test() as pilot:
        await showing(pilot, "Serveris šo displeju neatļāva")


async def test_labels_cycle_latvian_russian_english(running: Running) -> None:
    now = [FROZEN]
    app = DisplayApp(running.url, clock=lambda: now[0], cycle_s=8)
    async with app.run_test() as pilot:
        for caption, centre in [
            ("Klients → lodziņš", "Testa centrs"),
            ("Клиент → окно", "Тестовый центр"),
            ("Ticket → counter", "Test centre"),
            ("Klients → lodziņš", "Testa centrs"),
        ]:
            lines = await showing(pilot, caption)
            assert centre in lines[0], lines[0]
            now[0] += timedelta(seconds=8)
