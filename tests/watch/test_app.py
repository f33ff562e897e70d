"""The watch app against real servers: two live centres and a port nobody listens on, read
together; what changes at a centre shows at the next read (by the key or the timer), and a
centre that is silent, refuses or goes away is shown as such while the others go on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot

from server.config import CentreConfig, loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until
from tests.watch.fakes import answering, nobody, watching
from watch.app import WatchApp
from watch.centres import Watched
from watch.widgets.centres_table import CentresTable

RIGA = ZoneInfo("Europe/Riga")
SIZE = (130, 16)
# Long enough that only the test's own reads (mount, the R key) happen, unless it asks.
NEVER_S = 3600.0
REFUSED = "refused: not a manager's token of this centre"


@pytest.fixture
async def two(
    config: CentreConfig, tmp_path: Path, clock: Clock
) -> AsyncIterator[tuple[Running, Running]]:
    async with AsyncExitStack() as stack:
        valka = await stack.enter_async_context(start_server(config, tmp_path / "v.db", clock))
        cesis = await stack.enter_async_context(start_server(config, tmp_path / "c.db", clock))
        yield valka, cesis


def app(centres: list[Watched], clock: Clock, every_s: float = NEVER_S) -> WatchApp:
    return WatchApp(tuple(centres), "en", clock=clock, tz=RIGA, every_s=every_s, timeout_s=5)


def row(pilot: Pilot[None], name: str) -> str:
    for line in screen_text(pilot.app).splitlines():
        if f" {name} " in line:
            return line
    raise AssertionError(f"no row for {name}:\n{screen_text(pilot.app)}")


def settled(watch: WatchApp) -> bool:
    """Every centre's first read came back."""
    seen = watch.board.centres.values()
    return bool(seen) and all(s.read_at or s.failure for s in seen)


async def test_two_live_centres_and_a_dead_one(two: tuple[Running, Running], clock: Clock) -> None:
    valka, cesis = two
    async with device(valka, "k1") as kiosk:
        for service in ("social", "social", "tax"):
            await kiosk.ok("take_ticket", service=service)
    clock.now += timedelta(minutes=20)  # over the 15-minute target
    async with device(valka, "c2") as counter:
        await counter.ok("call_next")
    watch = app([watching(valka, "Valka"), watching(cesis, "Cēsis"), nobody("Ogre")], clock)
    async with watch.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: settled(watch), what="every centre read")
        # The table widens its columns when next idle, after the cells changed.
        await showing(pilot, "Social services !")
        await showing(pilot, "unreachable: connection refused")
        assert "2 of 3 centres read" in screen_text(watch)
        line = row(pilot, "Valka")
        # 2 waiting; the worst is 20 min against 15 (marked over); 1 counter open; read 11:20.
        assert "ok" in line and " 2 " in line and "11:20:00" in line
        assert "20 min / 15 min · Social services !" in line
        line = row(pilot, "Cēsis")
        assert "ok" in line and "nobody waits" in line and " 0 " in line
        line = row(pilot, "Ogre")
        assert "unreachable: connection refused" in line and "never" in line

        # What happens at a centre shows at the next read, asked for with R.
        async with device(cesis, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="tax")
        clock.now += timedelta(minutes=1)
        await pilot.press("down", "r")
        await until(pilot, lambda: "1 min / 15 min" in row(pilot, "Cēsis"), what="a new read")
        assert "11:21:00" in row(pilot, "Cēsis") and "11:21:00" in row(pilot, "Valka")
        # The row the person moved to stays highlighted as the table is redrawn.
        assert watch.query_one(CentresTable).cursor_row == 1


async def test_the_timer_reads_again_and_a_centre_gone_is_shown_so(
    config: CentreConfig, tmp_path: Path, clock: Clock
) -> None:
    async with start_server(config, tmp_path / "v.db", clock) as valka:
        watch = app([watching(valka, "Valka")], clock, every_s=0.1)
        async with watch.run_test(size=SIZE) as pilot:
            await showing(pilot, "1 of 1 centres read")
            async with device(valka, "k1") as kiosk:
                await kiosk.ok("take_ticket", service="social")
            # No key pressed: the next round of the timer finds the ticket.
            await until(pilot, lambda: "0 s / 15 min" in row(pilot, "Valka"), what="the timer")
            read_at = watch.board.centres["Valka"].read_at
            assert read_at is not None
            await valka.server.close()  # the centre goes away (start_server closes it again)
            clock.now += timedelta(minutes=3)
            await until(pilot, lambda: "unreachable" in row(pilot, "Valka"), what="it gone")
            line = row(pilot, "Valka")
            # No figures as if they were now's; when it was last read stays.
            assert "0 s / 15 min" not in line and "—" in line
            assert read_at.astimezone(RIGA).strftime("%H:%M:%S") in line
            assert "0 of 1 centres read" in screen_text(watch)


async def test_a_silent_centre_holds_up_no_other(
    two: tuple[Running, Running], clock: Clock
) -> None:
    valka, cesis = two
    async with answering(None) as silent:
        silent = Watched("Silent", silent.host, silent.port, "/live", "t", None)
        watch = WatchApp(
            (silent, watching(valka, "Valka"), watching(cesis, "Cēsis", cesis.tokens["k1"])),
            "en",
            clock=clock,
            tz=RIGA,
            every_s=NEVER_S,
            timeout_s=30,
        )
        async with watch.run_test(size=SIZE) as pilot:
            await until(
                pilot,
                lambda: "ok" in row(pilot, "Valka") and REFUSED in row(pilot, "Cēsis"),
                what="the others read",
            )
            # Still asking the silent one (its timeout is far off), the others are shown.
            assert "reading…" in row(pilot, "Silent")
            # Asked again while still being read: not asked twice at once.
            await pilot.press("r")
            await until(pilot, lambda: "Valka" not in watch.asking, what="Valka read again")
            assert watch.asking == {"Silent"}


async def test_the_languages(two: tuple[Running, Running], clock: Clock) -> None:
    valka, _ = two
    for lang, words in (
        ("lv", "nav sasniedzams: savienojums atteikts"),
        ("ru", "недоступен: соединение отклонено"),
    ):
        watch = WatchApp((watching(valka, "Valka"), nobody()), lang, clock=clock, tz=RIGA)
        async with watch.run_test(size=SIZE) as pilot:
            await showing(pilot, words)


async def test_every_column_shows_on_an_80_by_24_terminal(tmp_path: Path, clock: Clock) -> None:
    long_name = "Taxes and the Electronic Declaration System"
    config = loads(centre_toml().replace('en = "Taxes"', f'en = "{long_name}"'))
    async with start_server(config, tmp_path / "v.db", clock) as valka:
        async with device(valka, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="tax")
        clock.now += timedelta(minutes=20)
        watch = app([watching(valka, "Valka"), nobody("Ogre")], clock)
        async with watch.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: settled(watch), what="every centre read")
            await showing(pilot, "Taxes and the E…")
            text = screen_text(watch)
            # Every header, the headers a word or two a line.
            for word in ("Centre", "Waiting", "Longest wait", "Counters", "Last", "State"):
                assert word in text, f"{word!r} not on screen:\n{text}"
            # The wait and its mark, the service under it; the reason wrapped in its column.
            assert "20 min / 15 min !" in row(pilot, "Valka") and "ok" in row(pilot, "Valka")
            assert "unreachable:" in row(pilot, "Ogre") and "connection" in text
            table = watch.query_one(CentresTable)
            assert table.max_scroll_x == 0  # nothing off to the side
            # Wider again: every cell back on one line.
            await pilot.resize_terminal(130, 24)
            await showing(pilot, f"20 min / 15 min · {long_name[:23]}…")
            assert "unreachable: connection refused" in row(pilot, "Ogre")
