"""Facts made into rows directly: the visitor's rating, what is not a visit, and a service the
configuration no longer has (whatever its id holds, it reads back as written)."""

from __future__ import annotations

from pathlib import Path

from server.network.facts_file import write_facts
from server.network.facts_rows import FactRows
from server.reports.visits import Fact
from tests.network.facts_log import centre, read, utc


def visit(**changed: object) -> Fact:
    fact = Fact(
        day="2026-11-02", kind="visit", ref="A001", leg=0, weekday=1, hour=9,
        service="social", priority="", counter="1", clerk="anna", outcome="served",
        wait_s=60, service_s=120, booking=0, punctual=0, joined_at=utc(7, 0),
        called_at=utc(7, 1), began_at=utc(7, 1), ended_at=utc(7, 3),
    )  # fmt: skip
    return fact._replace(**changed)


def test_a_rating_goes_with_its_visit_and_what_is_no_visit_stays_out(tmp_path: Path) -> None:
    facts = [
        visit(score=4, reason="waited_too_long"),
        visit(kind="booking", ref="K1"),
        visit(kind="rating", service="", outcome="rated", score=1, joined_at=None),
        visit(score=5),
    ]
    out = tmp_path / "f.parquet"
    assert write_facts(FactRows(centre(), "testa").lines(facts), out) == 2
    assert [(r["score"], r["reason"]) for r in read(out)] == [(4, "waited_too_long"), (5, None)]


def test_a_service_no_longer_configured_keeps_its_id_and_the_default_target(
    tmp_path: Path,
) -> None:
    old = 'old,"service"\nid'
    out = tmp_path / "f.parquet"
    write_facts(FactRows(centre(), "testa").lines([visit(service=old, wait_s=901)]), out)
    (row,) = read(out)
    assert (row["service"], row["institution"], row["target_s"]) == (old, "", 900)
    assert row["within_target"] is False
