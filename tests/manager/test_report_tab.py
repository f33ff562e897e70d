"""The history and report tabs against a real server: a morning of tickets made by hand, the
charts and the report table showing its figures, and "Export to Excel" writing a workbook that
openpyxl opens with the same figures (and saying where it went)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import Button, Input, TabbedContent

from manager import export
from manager.app import ManagerApp
from manager.screens.confirm import ConfirmDialog
from manager.widgets.chart import Chart
from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.manager.harness import loaded, manager_app
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    """Three social tickets and one tax ticket taken from 09:00 UTC (11:00 in Riga), two
    social ones served at counter 2, 4 and 10 minutes after they were taken."""
    async with start_server(loads(centre_toml()), db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        start = clock.now
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            for service in ("social", "social", "tax", "social"):
                await kiosk.ok("take_ticket", service=service)
            await counter.ok("sign_in", clerk="anna", pin="4821")
            for number, minutes in (("A001", 4), ("A002", 10)):
                clock.now = start + timedelta(minutes=minutes)
                await counter.ok("call_next")
                await counter.ok("start", ticket=number)
                clock.now += timedelta(minutes=5)
                await counter.ok("finish", ticket=number)
        clock.now = start + timedelta(minutes=30)
        yield running


def social_row(app: ManagerApp) -> list[str]:
    for line in screen_text(app).splitlines():
        if "Social services" in line:
            return line.partition("Social services")[2].split()
    raise AssertionError(screen_text(app))


async def test_the_history_charts_are_todays(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f2")
        # The tab loads today (and the usual Wednesday) by itself.
        await until(pilot, lambda: app.history.state == "ready", what="the history")
        await showing(pilot, "From 2026-11-25 to 2026-11-25.")
        arrivals = app.screen.query_one("#chart-arrivals", Chart).series
        assert arrivals.labels == ("11",) and arrivals.series[0][1] == (4.0,)
        service = app.screen.query_one("#chart-service", Chart).series
        assert service.labels == ("Social services",)
        assert service.series[0][1] == (5.0,)  # minutes, both served in 5
        # No Wednesday before had tickets: said beside the period.
        assert "No tickets on the same weekday in the 8 weeks before it" in screen_text(app)
        # A typed period that is not one is refused under the fields.
        await pilot.click("#history-period .end")
        await pilot.press(*"2026-11-20", "enter")
        await showing(pilot, "The last day is before the first.")


async def test_the_report_and_its_excel_export(
    server: Running, clock: Clock, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.xlsx"
    app = manager_app(server, clock, export_to=tmp_path / "missing" / "report.xlsx")
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await pilot.click("#report-period .pick")
        await until(pilot, lambda: app.report.state == "ready", what="the report")
        await showing(pilot, "Social services")
        # tickets, served, no-shows, transfers, cancelled, unserved (A003, still waiting:
        # for today, unserved as of now), then the mean wait: (4 + 10) / 2 minutes.
        assert social_row(app)[:7] == ["3", "2", "0", "0", "0", "1", "7.0"]
        await showing(pilot, "Total")
        await showing(pilot, "Wait mean (min)")

        # A folder that does not exist: said, nothing written.
        await pilot.click("#export-button")
        await showing(pilot, "The Excel file could not be written")
        assert not (tmp_path / "missing").exists()
        target.parent.mkdir()
        path = app.screen.query_one("#export-path", Input)
        path.value = str(target)
        await pilot.click("#export-button")
        await showing(pilot, f"Written to {target}")

        # Figures per clerk are off in this centre: the server's reason, nothing else changes.
        await pilot.click("#report-by")
        await pilot.press("down", "down", "down", "enter")
        await pilot.click("#report-period .pick")
        await showing(pilot, "Figures per clerk are switched off")
        assert app.report.state == "failed" and app.report.report is None

    book = load_workbook(target)
    assert book.sheetnames == ["service", "hour", "weekday"]
    # One request made all three sheets: one reading of the log, one period said.
    assert ": 2026-11-25 – 2026-11-25 (" in book.properties.title
    totals = [next(r for r in ws.iter_rows(values_only=True) if r[0] == "*") for ws in book]
    assert {t[2] for t in totals} == {4}
    sheet = book["service"]
    header = [c.value for c in sheet[1]]
    social = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Social services")
    row = dict(zip(header, social, strict=True))
    assert (row["tickets"], row["served"], row["unserved"]) == (3, 2, 1)
    assert row["wait mean (min)"] == pytest.approx(7.0)


async def test_one_day_is_compared_with_its_usual_weekday(db_path: Path, clock: Clock) -> None:
    """Two Wednesdays, a 6-minute wait at 11:00 (Riga) on the first and a 2-minute one on the
    second: picked, the second is drawn against the first, in that hour."""
    today = clock.now
    async with start_server(loads(centre_toml()), db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            await counter.ok("sign_in", clerk="anna", pin="4821")
            for weeks, wait_min in ((2, 6), (1, 2)):
                clock.now = today - timedelta(weeks=weeks)
                await kiosk.ok("take_ticket", service="social")
                clock.now += timedelta(minutes=wait_min)
                called = await counter.ok("call_next")
                number = called["ticket"]["number"]
                await counter.ok("start", ticket=number)
                await counter.ok("finish", ticket=number)
            clock.now = today
            await kiosk.ok("take_ticket", service="tax")  # today begins: those days are closed
        app = manager_app(running, clock)
        async with app.run_test(size=(150, 40)) as pilot:
            await loaded(pilot)
            await pilot.press("f2")
            await until(pilot, lambda: app.history.state == "ready", what="today's history")
            await pilot.click("#history-period .start")
            await pilot.press("end", "ctrl+u", *"2026-11-18", "enter")
            chart = app.screen.query_one("#chart-wait", Chart)
            await until(pilot, lambda: not chart.series.empty, what="the wait chart")
            assert chart.series.labels == ("11",)
            assert [values for _, values in chart.series.series] == [(2.0,), (6.0,)]


async def replace_asked(pilot: Pilot[None], path: Path) -> None:
    """The dialog asking to replace `path` (it names the whole path, wrapped on screen)."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), what="the dialog")
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.question.startswith(f"Replace {path}?")


async def test_the_export_never_replaces_a_file_unasked(
    server: Running, clock: Clock, tmp_path: Path
) -> None:
    """A name with another extension is refused, one without gets .xlsx, a file already there
    is replaced only after "Replace …?" is answered yes, and a pipe or folder is never
    written to (a pipe opened for writing would hang the export)."""
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    kept = tmp_path / "kept.xlsx"
    kept.write_text("an older workbook")
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    app = manager_app(server, clock, export_to=precious)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await pilot.click("#report-period .pick")
        await until(pilot, lambda: app.report.state == "ready", what="the report")
        path = app.screen.query_one("#export-path", Input)

        await pilot.click("#export-button")
        await showing(pilot, "the file name must end in .xlsx")
        path.value = str(pipe)
        await pilot.click("#export-button")
        await showing(pilot, f"{pipe} is not a regular file.")
        path.value = str(tmp_path)
        await pilot.click("#export-button")
        await showing(pilot, f"{tmp_path} is a folder: type a file name in it.")
        assert "--output" not in screen_text(app)

        path.value = str(kept)
        await pilot.click("#export-button")
        await replace_asked(pilot, kept)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#export-path"), what="the dialog closed")
        assert kept.read_text() == "an older workbook"
        await pilot.click("#export-button")
        await replace_asked(pilot, kept)
        await pilot.click("#yes")
        await showing(pilot, f"Written to {kept}")
        assert load_workbook(kept).sheetnames == ["service", "hour", "weekday"]

        path.value = str(tmp_path / "fresh")
        await pilot.click("#export-button")
        await showing(pilot, f"Written to {tmp_path / 'fresh.xlsx'}")
    assert precious.read_text() == "keep me"
    assert load_workbook(tmp_path / "fresh.xlsx").sheetnames == ["service", "hour", "weekday"]


def test_the_export_refuses_to_replace_unless_told(tmp_path: Path) -> None:
    """The writer itself guards the file, whatever the screen asked."""
    kept = tmp_path / "kept.xlsx"
    kept.write_text("an older workbook")
    with pytest.raises(export.ExportRefused) as refused:
        export.write([], kept, replace=False)
    assert refused.value.key == "exists"
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    with pytest.raises(export.ExportRefused) as refused:
        export.write([], precious, replace=True)
    assert refused.value.key == "not_xlsx"
    assert kept.read_text() == "an older workbook"
    assert precious.read_text() == "keep me"


async def test_the_tab_keys_work_from_a_date_field(server: Running, clock: Clock) -> None:
    """F1, F2 and F3 switch tabs whatever has the focus: a date field, the Show button."""
    app = manager_app(server, clock)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("f2")
        await until(pilot, lambda: tabs.active == "history", what="the history tab")
        await pilot.click("#history-period .end")
        assert isinstance(app.focused, Input)
        await pilot.press("f3")
        await until(pilot, lambda: tabs.active == "report", what="the report tab")
        await pilot.click("#report-period .start")
        assert isinstance(app.focused, Input)
        await pilot.press("f1")
        await until(pilot, lambda: tabs.active == "floor", what="the floor tab")
        await pilot.press("f3")
        await until(pilot, lambda: tabs.active == "report", what="the report tab again")
        show = app.screen.query_one("#report-period .pick", Button)
        show.focus()
        await until(pilot, lambda: app.focused is show, what="the Show button focused")
        await pilot.press("f2")
        await until(pilot, lambda: tabs.active == "history", what="the history tab again")


async def test_a_refused_report_is_one_sentence_in_the_managers_language(
    server: Running, clock: Clock
) -> None:
    app = manager_app(server, clock, lang="ru")
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await pilot.click("#report-by")
        await pilot.press("down", "down", "down", "enter")  # by clerk: off in this centre
        await pilot.click("#report-period .pick")
        await until(pilot, lambda: app.report.state == "failed", what="the refusal")
        assert app.report.error.startswith("Этот отчёт нельзя составить: Figures per clerk")
        assert "Отчёт не удалось составить" not in screen_text(app)


async def test_the_latvian_placeholder_is_whole(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock, lang="lv")
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await showing(pilot, "tā pati diena")
