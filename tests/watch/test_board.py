"""What a row says, worked out from a centre's live view: the worst service, the people
waiting, and what a failed read leaves of the last good one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from server.i18n import Catalog
from server.protocol.live import Live, LiveCounters, LiveService
from server.staff_words import StaffWords
from watch.board import Board, Worst, waiting, worst
from watch.fetch import Failure
from watch.widgets.centres_table import MAX_SERVICE_CHARS, NARROW_SERVICE_CHARS, CentresTable

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def service(waiting: int, longest_s: int, target_s: int) -> LiveService:
    return LiveService(
        name={"lv": "x"},
        waiting=waiting,
        longest_wait_s=longest_s,
        target_s=target_s,
        expected_wait_s=0,
        issuing=True,
    )


def live(**services: LiveService) -> Live:
    counters = LiveCounters(open=1, paused=0, closed=0)
    return Live(
        centre={"lv": "C"}, now="2026-11-25T09:00:00Z", services=services, counters=counters
    )


def test_the_worst_is_the_furthest_over_its_own_target() -> None:
    # 20 of 30 minutes is better than 12 of 10, though longer.
    view = live(a=service(4, 20 * 60, 30 * 60), b=service(1, 12 * 60, 10 * 60))
    found = worst(view)
    assert found == Worst("b", 12 * 60, 10 * 60) and found.over
    assert waiting(view) == 5


def test_a_service_without_a_target_ranks_after_those_with_one() -> None:
    view = live(a=service(1, 3600, 0), b=service(1, 60, 600))
    assert worst(view) == Worst("b", 60, 600)
    assert not Worst("a", 3600, 0).over
    assert worst(live(a=service(1, 3600, 0))) == Worst("a", 3600, 0)


def test_nobody_waiting_has_no_worst() -> None:
    assert worst(live(a=service(0, 0, 600))) is None
    # Just taken: nobody has waited a second yet, but someone waits.
    assert worst(live(a=service(1, 0, 600))) == Worst("a", 0, 600)


def test_a_failed_read_keeps_when_it_was_last_read_but_not_its_figures() -> None:
    board = Board.of(["A", "B"])
    assert board.centres["A"].current is None and board.centres["A"].failure is None
    board = board.read("A", live(a=service(1, 60, 600)), AT)
    assert board.centres["A"].current is not None and board.centres["A"].read_at == AT
    failed = board.read("A", Failure("unreachable", "timeout", "5"), AT + timedelta(seconds=10))
    seen = failed.centres["A"]
    assert seen.current is None and seen.read_at == AT and seen.failure is not None
    again = failed.read("A", live(), AT + timedelta(seconds=20))
    assert again.centres["A"].failure is None and again.centres["A"].read_at == AT + timedelta(
        seconds=20
    )
    assert list(again.centres) == ["A", "B"]  # the watch list's order


def test_a_long_service_name_from_the_wire_is_cut_short() -> None:
    named = live(a=service(1, 60, 600))
    long_name = msgspec.structs.replace(named.services["a"], name={"en": "[b]Ta" + "x" * 190})
    table = CentresTable(StaffWords(Catalog("watch"), "en"), None)
    shown = table.longest(msgspec.structs.replace(named, services={"a": long_name}))
    assert shown.plain.startswith("1 min / 10 min · [b]Ta") and shown.plain.endswith("x…")
    assert len(shown.plain) == len("1 min / 10 min · ") + MAX_SERVICE_CHARS
    assert not shown.spans  # plain text: "[b]" is no markup
    # Narrow, the service goes under its wait, cut shorter.
    shown = table.longest(msgspec.structs.replace(named, services={"a": long_name}), narrow=True)
    wait, under = shown.plain.split("\n")
    assert wait == "1 min / 10 min" and under == "[b]Ta" + "x" * (NARROW_SERVICE_CHARS - 6) + "…"
