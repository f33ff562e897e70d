"""The display's state from the link's frames: the rules of display/board.py, without Textual."""

from __future__ import annotations

import msgspec

from display.board import Board, Call
from server.protocol.events import Called, CounterChanged, DayStarted, NoticeChanged, Queue
from server.protocol.views import (
    CallEntry,
    CentreInfo,
    CounterInfo,
    DisplaySettings,
    QueueState,
    ServiceInfo,
)
from server.protocol.welcome import DisplaySnapshot

COUNTERS = {"1": "1", "3": "Kase"}


def at(minute: int) -> str:
    return f"2026-11-25T09:{minute:02}:00Z"


def snapshot(calls: list[tuple[str, str, int]], history: int = 6) -> DisplaySnapshot:
    """A display's welcome with `calls` as (ticket, counter, minute), newest first."""
    return DisplaySnapshot(
        protocol=1,
        server_version="test",
        centre=CentreInfo(name={"lv": "Centrs"}, timezone="Europe/Riga"),
        day="2026-11-25",
        services=[
            ServiceInfo(
                id="social",
                prefix="A",
                name={"lv": "Sociālie"},
                institution="muni",
                institution_name=None,
                target_wait_min=15,
                waiting=0,
                estimated_wait_s=0,
                waiting_since=None,
                issuing=True,
                reason="",
                opens_at=None,
            )
        ],
        priorities=[],
        counters=[
            CounterInfo(
                id=id,
                name=name,
                services=[],
                status="open",
                clerk=None,
                ticket=None,
                served_today=0,
            )
            for id, name in COUNTERS.items()
        ],
        calls=[
            CallEntry(ticket=t, counter=c, counter_name=COUNTERS[c], at=at(m)) for t, c, m in calls
        ],
        display=DisplaySettings(notice=None, history=history),
    )


def called(ticket: str, counter: str, minute: int, recall: bool = False) -> Called:
    return Called(
        ticket=ticket,
        counter=counter,
        counter_name=COUNTERS[counter],
        service="social",
        recall=recall,
        at=at(minute),
    )


def lines(calls: tuple[Call, ...]) -> list[str]:
    return [c.line for c in calls]


def test_a_call_is_the_newest_and_news() -> None:
    board = Board.from_snapshot(snapshot([("A001", "1", 1)]))
    assert board.news == () and board.fresh is None  # what a display starts with is not news
    board = board.apply(called("A002", "3", 2))
    assert board.latest is not None and board.latest.line == "A002 → Kase"
    assert lines(board.earlier) == ["A001 → 1"]
    assert board.news == (board.latest,) and board.fresh == board.latest


def test_a_recall_moves_its_ticket_up_and_lists_it_once() -> None:
    board = Board.from_snapshot(snapshot([("B001", "3", 2), ("A001", "1", 1)]))
    board = board.apply(called("A001", "1", 3, recall=True))
    assert lines(board.calls) == ["A001 → 1", "B001 → Kase"]
    assert board.latest is not None and board.latest.recall
    assert board.fresh == board.latest  # said again, and it stands out again


def test_a_ticket_called_again_elsewhere_is_listed_at_its_new_counter_only() -> None:
    board = Board.from_snapshot(snapshot([("B001", "3", 2), ("A001", "1", 1)]))
    board = board.apply(called("A003", "1", 3)).apply(called("B001", "1", 4))
    assert lines(board.calls) == ["B001 → 1", "A003 → 1", "A001 → 1"]


def test_a_snapshot_with_a_recall_lists_the_ticket_once() -> None:
    # The server's recent calls list each call, recalls too.
    board = Board.from_snapshot(snapshot([("A001", "1", 3), ("B001", "3", 2), ("A001", "1", 1)]))
    assert lines(board.calls) == ["A001 → 1", "B001 → Kase"]


def test_the_history_shows_a_few_earlier_calls_and_twenty_are_kept() -> None:
    board = Board.from_snapshot(snapshot([], history=2))
    for n in range(1, 26):
        board = board.apply(called(f"A{n:03}", "1", n % 60))
    assert lines(board.earlier) == ["A024 → 1", "A023 → 1"]
    assert len(board.calls) == 20


def test_after_an_outage_the_latest_few_calls_missed_are_news_oldest_first() -> None:
    before = Board.from_snapshot(snapshot([("A001", "1", 1)]))
    missed = [(f"A{n:03}", "1", n) for n in range(6, 1, -1)]  # A006 (newest) .. A002
    board = Board.from_snapshot(snapshot([*missed, ("A001", "1", 1)]), before)
    assert [c.ticket for c in board.news] == ["A004", "A005", "A006"]
    assert board.fresh == board.latest
    # Back with nothing missed: nothing to say.
    again = Board.from_snapshot(snapshot([("A001", "1", 1)]), before)
    assert again.news == () and again == before


def test_a_new_day_clears_the_calls() -> None:
    board = Board.from_snapshot(snapshot([("A001", "1", 1)])).apply(called("A002", "1", 2))
    board = board.apply(DayStarted(day="2026-11-26", at=at(3)))
    assert board.calls == () and board.news == () and board.latest is None


def test_a_queue_frame_is_the_whole_queue_and_ends_the_news() -> None:
    board = Board.from_snapshot(snapshot([])).apply(called("A001", "1", 1))
    state = QueueState(
        waiting=4,
        estimated_wait_s=600,
        waiting_since=at(0),
        issuing=False,
        reason="stopped_issuing",
        opens_at=None,
    )
    board = board.apply(Queue(services={"social": state, "gone": state}))
    (line,) = board.services
    assert (line.waiting, line.estimated_wait_s, line.issuing) == (4, 600, False)
    assert board.news == () and board.fresh is None
    assert board.latest is not None and board.latest.ticket == "A001"  # still the big call


def test_a_counter_opening_changes_nothing_shown() -> None:
    board = Board.from_snapshot(snapshot([("A001", "1", 1)]))
    opened = CounterChanged(
        counter="3",
        status="open",
        clerk="anna",
        ticket=None,
        reason="",
        served_today=0,
        clerk_served_today=0,
        at=at(2),
    )
    assert board.apply(opened) == board


def test_the_history_option_overrides_the_centre() -> None:
    board = Board.from_snapshot(snapshot([("B001", "3", 2), ("A001", "1", 1)]), history=0)
    assert board.earlier == ()


def test_an_appointment_stays_marked_through_calls_recalls_and_a_welcome() -> None:
    board = Board.from_snapshot(snapshot([]))
    booked = Called(
        ticket="B001",
        counter="3",
        counter_name="Kase",
        service="tax",
        recall=False,
        at=at(1),
        appointment=True,
    )
    board = board.apply(booked).apply(called("A001", "1", 2))
    assert [c.appointment for c in board.calls] == [False, True]
    board = board.apply(replace_recall(booked))
    assert board.latest is not None and board.latest.appointment and board.latest.recall
    welcome = snapshot([("A001", "1", 2)])
    welcome.calls.insert(
        0, CallEntry(ticket="B001", counter="3", counter_name="Kase", at=at(3), appointment=True)
    )
    again = Board.from_snapshot(welcome)
    assert [(c.ticket, c.appointment) for c in again.calls] == [("B001", True), ("A001", False)]


def replace_recall(frame: Called) -> Called:
    return msgspec.structs.replace(frame, recall=True, at=at(3))


def test_the_managers_notice_replaces_the_configs_while_set() -> None:
    configured = msgspec.structs.replace(
        snapshot([]), display=DisplaySettings(notice={"lv": "Sveiki", "ru": "Привет"}, history=6)
    )
    board = Board.from_snapshot(configured)
    assert (board.notice_in("lv"), board.notice_in("ru"), board.notice_in("en")) == (
        "Sveiki", "Привет", "Sveiki",
    )  # fmt: skip
    board = board.apply(NoticeChanged(text="Kase līdz 15:00", by="m1", at=at(1)))
    assert {board.notice_in(lang) for lang in ("lv", "ru", "en")} == {"Kase līdz 15:00"}
    board = board.apply(NoticeChanged(text="", by="m1", at=at(2)))
    assert board.notice_in("ru") == "Привет"
    # A display that (re)connects while one is set shows it from its welcome.
    again = Board.from_snapshot(msgspec.structs.replace(configured, manager_notice="Slēgts"))
    assert again.notice_in("ru") == "Slēgts"
