"""Waiting lines: the head of each line is the one its policy would pick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.core.lines import WaitingLines
from server.core.model import Ticket

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def ticket(number: str, minutes: int, priority: str | None = None, front: bool = False) -> Ticket:
    at = T0 + timedelta(minutes=minutes)
    return Ticket(
        number=number,
        service="a",
        priority=priority,
        lang="lv",
        token=number,
        taken_at=at,
        queued_at=at,
        front=front,
    )


def test_heads_are_the_oldest_of_each_line_even_when_added_out_of_order() -> None:
    lines = WaitingLines(["a", "b"])
    late, early, senior, fronted = (
        ticket("A002", 5),
        ticket("A001", 1),
        ticket("A003", 7, "senior"),
        ticket("A004", 9, front=True),
    )
    for t in (late, senior, early, fronted):  # A001 comes back with its old arrival
        lines.add(t)
    assert {t.number for t in lines.heads(["a"])} == {"A001", "A003", "A004"}
    assert list(lines.by_service["a"]) == ["A002", "A003", "A001", "A004"]
    lines.remove(early)
    assert {t.number for t in lines.heads(["a"])} == {"A002", "A003", "A004"}
    assert list(lines.heads(["b"])) == []


def test_rebuilt_from_a_snapshot_in_any_order() -> None:
    tickets = [ticket("A003", 3), ticket("A001", 1), ticket("A002", 2)]
    lines = WaitingLines(["a"], tickets)
    assert [t.number for t in lines.heads(["a"])] == ["A001"]
