"""What the manager looks at, as pictures: the history charts drawn from fixed reports (one
day against its usual weekday), and the live floor and the report tab against a real server
with fixed data and a frozen clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from manager.app import ManagerApp
from manager.history import History, Part
from manager.period import Period
from manager.widgets.history_pane import HistoryPane
from manager.words import Words
from server.config import CentreConfig
from server.i18n import Catalog
from server.protocol.reports import Report
from server.store.clerks import add_clerk
from tests.conftest import Clock
from tests.counter.threaded import server_thread
from tests.manager.harness import manager_app
from tests.manager.reports_kit import DAY, by_service, day_by_hour, usual_by_hour
from tests.server.harness import Running, device
from tests.ui import until

SIZE = (150, 40)


class ChartsApp(App[None]):
    """The history tab on its own, fed fixed reports (the charts draw what they are given)."""

    CSS_PATH = Path(ManagerApp.CSS_PATH)

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        yield HistoryPane(Words(Catalog("manager"), "en"), DAY, id="history-pane")

    def on_mount(self) -> None:
        self.query_one(HistoryPane).history = self.history
        # The focused date field's cursor blinks every 0.5 s: on a loaded machine the picture
        # was once taken in its dark half (CI-like run with -n 2). A steady cursor is drawn
        # the same however long the app takes to settle.
        for field in self.query(Input):
            field.cursor_blink = False


def test_history_charts(snap_compare: Any) -> None:
    reports: dict[Part, Report] = {
        "day": day_by_hour(),
        "usual": usual_by_hour(),
        "services": by_service(),
    }
    history = History(Period(DAY, DAY), "ready", reports=reports)
    assert snap_compare(ChartsApp(history), terminal_size=SIZE)


def test_floor(snap_compare: Any, config: CentreConfig, db_path: Path, clock: Clock) -> None:
    start = clock.now

    async def busy_morning(running: Running) -> None:
        running.use_estimator("naive")  # the expected waits stay put when the default changes
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        await add_clerk(running.server.store, "juris", "Juris Ozols", "5832")
        running.server.router.clerks_exist = True
        async with device(running, "k1") as kiosk:
            for minutes, service in ((0, "social"), (2, "social"), (3, "tax"), (20, "social")):
                clock.now = start + timedelta(minutes=minutes)
                await kiosk.ok("take_ticket", service=service)
            await kiosk.ok("printer_status", status="paper_out")
        async with device(running, "c1") as one, device(running, "c2") as two:
            clock.now = start + timedelta(minutes=21)
            await one.ok("sign_in", clerk="anna", pin="4821")
            await one.ok("call_next")
            await two.ok("sign_in", clerk="juris", pin="5832")
            await two.ok("pause", reason="paperwork")
        clock.now = start + timedelta(minutes=24, seconds=9)

    async def loaded(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ManagerApp)
        await until(pilot, lambda: app.floor.loaded and app.floor.link == "online")
        await pilot.pause()

    with server_thread(config, db_path, clock, busy_morning) as running:
        app = manager_app(running, clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_report_tab(snap_compare: Any, config: CentreConfig, db_path: Path, clock: Clock) -> None:
    start = clock.now

    async def served(running: Running) -> None:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        async with device(running, "k1") as kiosk, device(running, "c1") as counter:
            for service in ("social", "tax", "social"):
                await kiosk.ok("take_ticket", service=service)
            await counter.ok("sign_in", clerk="anna", pin="4821")
            for minutes in (3, 12):
                clock.now = start + timedelta(minutes=minutes)
                number = (await counter.ok("call_next"))["ticket"]["number"]
                await counter.ok("start", ticket=number)
                clock.now += timedelta(minutes=4)
                await counter.ok("finish", ticket=number)
        clock.now = start + timedelta(minutes=40)

    async def shown(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ManagerApp)
        await until(pilot, lambda: app.floor.loaded and app.floor.link == "online")
        await pilot.press("f3")
        await pilot.click("#report-period .pick")
        await until(pilot, lambda: app.report.state == "ready")
        await pilot.pause()

    with server_thread(config, db_path, clock, served) as running:
        app = manager_app(running, clock, export_to=Path("/srv/reports/rinda-report.xlsx"))
        assert snap_compare(app, terminal_size=SIZE, run_before=shown)
