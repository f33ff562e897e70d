"""The floor as a value: what the welcome builds and how each event changes it, and the alerts
worked out from it and the clock (no Textual, no server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from manager.alerts import Alert, alerts
from manager.floor import Floor
from server.protocol import events as e
from server.protocol import views as v
from server.protocol.welcome import ManagerSnapshot

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
Z = "2026-11-25T09:00:00Z"


def at(minutes: float) -> str:
    return (NOW + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def snapshot(*, paused: bool = False) -> ManagerSnapshot:
    service = v.ServiceInfo(
        id="tax",
        prefix="B",
        name={"lv": "Nodokļi", "en": "Taxes"},
        institution="muni",
        institution_name=None,
        target_wait_min=10,
        waiting=2,
        estimated_wait_s=600,
        waiting_since=at(-4),
        issuing=True,
        reason="",
        opens_at=None,
    )
    counter = v.CounterInfo(
        id="3",
        name="3",
        services=["tax"],
        status="paused" if paused else "open",
        clerk="anna",
        ticket=None,
        served_today=4,
        reason="lunch" if paused else "",
    )
    waiting = [
        v.TicketView(
            number=n,
            service="tax",
            priority=None,
            status="waiting",
            counter=None,
            taken_at=at(-4),
            called_at=None,
            calls=0,
            waited_s=240,
            note="",
        )
        for n in ("B001", "B002")
    ]
    return ManagerSnapshot(
        protocol=1,
        server_version="test",
        centre=v.CentreInfo(name={"lv": "Centrs"}, timezone="Europe/Riga"),
        day="2026-11-25",
        services=[service],
        priorities=[],
        counters=[counter],
        calls=[],
        tickets=waiting,
        printers=[],
        manager_notice="Kase līdz 15:00",
    )


def test_the_welcome_builds_the_floor() -> None:
    floor = Floor().welcomed(snapshot(paused=True), NOW)
    assert floor.loaded and floor.notice == "Kase līdz 15:00"
    assert floor.services["tax"].waiting == 2
    assert floor.services["tax"].longest_wait_s(NOW) == 240
    c = floor.counters["3"]
    # Paused before the app was welcomed: since the welcome, "at least".
    assert (c.status, c.reason, c.since, c.since_known) == ("paused", "lunch", NOW, False)
    assert floor.shows("3") == "paused"


def test_a_call_a_start_and_a_finish_move_the_counter_and_the_ticket() -> None:
    floor = Floor().welcomed(snapshot(), NOW)
    assert floor.shows("3") == "open"
    called = e.Called(
        ticket="B001", counter="3", counter_name="3", service="tax", recall=False, at=at(1)
    )
    floor = floor.pushed(called)
    assert floor.shows("3") == "called" and floor.current("3") is not None
    assert floor.current("3").called_at == NOW + timedelta(minutes=1)  # type: ignore[union-attr]
    floor = floor.pushed(e.Serving(ticket="B001", counter="3", at=at(2)))
    assert floor.shows("3") == "serving"
    assert floor.current("3").serving_at == NOW + timedelta(minutes=2)  # type: ignore[union-attr]
    # Another counter's finish does not touch this one.
    floor = floor.pushed(e.Finished(ticket="B002", counter="1", at=at(3)))
    assert floor.shows("3") == "serving"
    floor = floor.pushed(e.Finished(ticket="B001", counter="3", at=at(4)))
    assert floor.shows("3") == "open" and floor.tickets["B001"].status == "done"
    # One more served there today, as the server counts it (no `counter` event says so).
    assert floor.counters["3"].served_today == 5


def test_queue_counter_printer_notice_and_a_new_day() -> None:
    floor = Floor().welcomed(snapshot(), NOW)
    queue = v.QueueState(
        waiting=0,
        estimated_wait_s=0,
        waiting_since=None,
        issuing=False,
        reason="suspended",
        opens_at=None,
        reason_text="Sistēma nedarbojas",
    )
    floor = floor.pushed(e.Queue(services={"tax": queue}))
    tax = floor.services["tax"]
    assert (tax.waiting, tax.issuing, tax.reason_text) == (0, False, "Sistēma nedarbojas")
    assert tax.longest_wait_s(NOW) is None
    paused = e.CounterChanged(
        counter="3",
        status="paused",
        clerk="anna",
        ticket=None,
        reason="break",
        served_today=4,
        clerk_served_today=4,
        at=at(5),
    )
    floor = floor.pushed(paused)
    c = floor.counters["3"]
    assert (c.reason, c.since, c.since_known) == ("break", NOW + timedelta(minutes=5), True)
    floor = floor.pushed(e.PrinterChanged(kiosk="k1", status="paper_out", detail="", at=Z))
    assert floor.printers["k1"].status == "paper_out"
    floor = floor.pushed(e.NoticeChanged(text="", by="m1", at=Z))
    assert floor.notice == ""
    floor = floor.pushed(e.DayStarted(day="2026-11-26", at=Z))
    assert floor.day == "2026-11-26" and floor.tickets == {}
    assert floor.counters["3"].served_today == 0


def test_alerts_come_from_the_floor_and_the_clock() -> None:
    floor = Floor().welcomed(snapshot(paused=True), NOW)
    floor = floor.pushed(e.PrinterChanged(kiosk="k2", status="offline", detail="", at=Z))
    # 4 minutes waited of a 10-minute target; paused 0 of 15 allowed; a printer offline.
    assert alerts(floor, NOW, 15) == [Alert("offline", "k2")]
    later = NOW + timedelta(minutes=16)
    assert alerts(floor, later, 15) == [
        Alert("wait", "tax", 20),
        Alert("offline", "k2"),
        Alert("paused", "3", 16),
    ]
    # Exactly at the limit is not over it.
    assert alerts(floor, NOW + timedelta(minutes=6), 6) == [Alert("offline", "k2")]


def test_tickets_from_home_count_as_not_here_until_they_check_in_are_called_or_lapse() -> None:
    snap = snapshot()
    away = msgspec.structs.replace(snap.tickets[0], remote=True, here=False)
    floor = Floor().welcomed(msgspec.structs.replace(snap, tickets=[away, snap.tickets[1]]), NOW)
    assert floor.away()["tax"] == 1
    floor = floor.pushed(
        e.Taken(ticket="B003", service="tax", priority=None, at=at(1), remote=True)
    )
    floor = floor.pushed(e.Taken(ticket="B004", service="tax", priority=None, at=at(1)))
    assert floor.away()["tax"] == 2 and floor.away()["social"] == 0
    floor = floor.pushed(e.Arrived(ticket="B001", at=at(2)))
    assert floor.away()["tax"] == 1
    floor = floor.pushed(e.Passed(ticket="B003", counter="3", lapses_at=at(18), at=at(3)))
    assert floor.away()["tax"] == 1  # passed over, still not here
    floor = floor.pushed(e.Lapsed(ticket="B003", at=at(19)))
    assert floor.away()["tax"] == 0 and floor.tickets["B003"].status == "done"
