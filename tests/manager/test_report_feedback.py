"""Visitor feedback in the manager's report tab, against a real server whose log holds a
morning's rated visits (written as the core writes `rated` events): the rating columns, their
figures per counter, and a reason's column headed by its label as plain text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.widgets import DataTable

from manager.app import ManagerApp
from manager.report_table import title
from manager.words import Words
from server.config import loads
from server.i18n import Catalog
from server.protocol.reports import Reason
from server.reports.columns import columns_of
from tests.conftest import Clock, centre_toml
from tests.manager.harness import loaded, manager_app
from tests.manager.reports_kit import by_service
from tests.reports.helpers import LogBuilder
from tests.server.harness import Running, start_server
from tests.ui import until

RATING_TITLES = [
    "Rated",
    "Rated: anonymous",
    "Answered",
    "Mean score (1–5)",
    "Satisfied (4–5)",
    "Unhappy (1–2)",
    "Reason: I waited too long",
    "Reason: I could not be helped",
    "Reason: Unclear information",
    "Reason: Something else",
    "Reason: [b]rude[/b]",
]


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    """From 11:00 in Riga: three social tickets served at counter 1 (rated 5, 4 and 1 with
    "waited too long"), one at counter 2 unrated, and a 2 at counter 2's tablet giving a
    reason the configuration does not have, in square brackets as markup would read them."""
    config = loads(centre_toml())
    log = LogBuilder(config)
    start = clock.now
    at = [start + timedelta(minutes=m) for m in range(0, 60, 5)]
    tickets = [log.take("social", at[0]) for _ in range(4)]
    for n, ticket in enumerate(tickets[:3]):
        log.serve("1", ticket, at[n + 1], at[n + 2])
    log.serve("2", tickets[3], at[4], at[5])
    log.rate(tickets[0], 5, at[6], counter="1")
    log.rate(tickets[1], 4, at[6], counter="1")
    log.rate(tickets[2], 1, at[7], "waited_too_long", counter="1")
    log.rate(None, 2, at[8], "[b]rude[/b]", counter="2")
    await log.save(db_path)
    clock.now = at[9]
    async with start_server(config, db_path, clock) as running:
        yield running


def table_rows(app: ManagerApp) -> tuple[list[str], dict[str, list[str]]]:
    """The report table's column titles, and each row's cells by its label."""
    table = app.screen.query_one("#report-table", DataTable)
    titles = [str(c.label) for c in table.columns.values()]
    cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    return titles, {row[0]: row for row in cells}


async def test_the_report_tab_shows_the_ratings_per_counter(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await pilot.click("#report-by")
        await pilot.press("down", "down", "enter")  # by counter
        await pilot.click("#report-period .pick")
        await until(pilot, lambda: app.report.state == "ready", what="the report")
        assert app.report.report is not None and app.report.report.by == "counter"
        titles, by = table_rows(app)
        assert titles[-len(RATING_TITLES) :] == RATING_TITLES
        at = -len(RATING_TITLES)
        # Counter 1: 3 served, all rated 5, 4, 1: mean 3.3, 2 of 3 satisfied, 1 unhappy.
        assert by["1"][at:] == ["3", "0", "100 %", "3.3", "67 %", "33 %", "1", "0", "0", "0", "0"]
        # Counter 2: 1 served, unrated; the tablet's 2 is anonymous.
        assert by["2"][at:] == ["1", "1", "0 %", "2.0", "0 %", "100 %", "0", "0", "0", "0", "1"]
        # Total: 4 served, 3 rated visits (75 %), 4 ratings: 12 / 4 = 3.0.
        assert by["Total"][at:] == [
            "4",
            "1",
            "75 %",
            "3.0",
            "50 %",
            "50 %",
            "1",
            "0",
            "0",
            "0",
            "1",
        ]


def test_a_reason_is_titled_by_its_label_in_the_managers_language() -> None:
    report = replace(by_service(), reasons=[Reason(id="slow", label="Ilgi gaidīju")])
    words = Words(Catalog("manager"), "lv")
    column = next(c for c in columns_of(report) if c.reason)
    assert title(column, words.t) == "Iemesls: Ilgi gaidīju"
