"""The event log: append and load back, snapshots, atomic batches, replies, refusals."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import msgspec
import pytest

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.model import State
from server.store.errors import StoreError
from server.store.events import EventStore
from tests.store.helpers import T0, read_only, taken


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def run(centre: Centre, cmd: c.AnyCommand, minutes: float) -> list[ev.AnyEvent]:
    """Execute like the server does: roll the service day first when it has changed."""
    now = T0 + timedelta(minutes=minutes)
    events = centre.execute(c.RollDay(), now) if centre.needs_roll(now) else []
    return events + centre.execute(cmd, now)


def working_days(centre: Centre) -> list[list[ev.AnyEvent]]:
    """Two service days of a small centre, one list of events per command."""
    out: list[list[ev.AnyEvent]] = []
    t = 0.0

    def step(cmd: c.AnyCommand, minutes: float) -> list[ev.AnyEvent]:
        events = run(centre, cmd, t + minutes)
        out.append(events)
        return events

    for day in (0, 1):
        t = day * 24 * 60.0
        # Bookings: one checked in, one moved and then missed, one cancelled.
        for i, minutes in enumerate((30, 60, 90)):
            start = T0 + timedelta(minutes=t + minutes)
            step(c.Book(service="a", start=start, booking=f"{day}b{i}", code=f"{day}ABCD{i + 2}",
                        secret=f"s{day}{i}", by="desk"), 0.1 * (i + 1))  # fmt: skip
        step(c.CancelBooking(booking=f"{day}b2", by="desk"), 0.5)
        step(c.MoveBooking(booking=f"{day}b1", start=T0 + timedelta(minutes=t + 30), by="x"), 0.6)
        step(c.CheckIn(code=f"{day}ABCD2", token=f"a{day}", device="k1"), 0.7)
        # Two join from home: the first is passed over and lapses, the second checks in.
        for i in range(2):
            step(c.JoinQueue(service="a", token=f"r{day}{i}", code=f"{day}RMT{i + 2}",
                             device="web"), 0.8 + i / 10)  # fmt: skip

        for i in range(12):
            prio = "senior" if i % 5 == 0 else None
            step(c.TakeTicket(service="ab"[i % 2], priority=prio, token=f"t{i}", device="k1"), i)
        step(c.OpenCounter(counter="1", clerk="anna"), 12)
        step(c.OpenCounter(counter="2", clerk="boris"), 12)
        for k in range(5):
            for counter in ("1", "2"):
                called = step(c.CallNext(counter=counter), 13 + 7 * k)
                (call,) = [e for e in called if isinstance(e, ev.TicketCalled)]
                ticket = call.ticket
                if k == 0 and counter == "1":
                    step(c.CheckIn(code=f"{day}RMT3", token="-", device="k1"), 13.5)
                if k == 1 and counter == "2":
                    step(c.NoShow(counter=counter, ticket=ticket), 15 + 7 * k)
                    continue
                if k == 2 and counter == "1":
                    step(c.Recall(counter=counter, ticket=ticket), 14 + 7 * k)
                step(c.StartServing(counter=counter, ticket=ticket), 15 + 7 * k)
                if k == 3 and counter == "1":
                    step(c.Transfer(counter=counter, ticket=ticket, service="b"), 18 + 7 * k)
                else:
                    step(c.Finish(counter=counter, ticket=ticket), 19 + 7 * k)
        step(c.Pause(counter="2", reason="lunch"), 60)
        step(c.Resume(counter="2"), 90)
        # Ratings: a visitor's phone rates and changes it; a tablet rates anonymously.
        done = [t for t in centre.state.tickets.values() if t.status == "done"]
        last = max(done, key=lambda t: t.ended_at or T0).number
        for score in (2, 4):
            rating = c.RateVisit(ticket=last, counter=None, score=score, reason=None, by="phone")
            step(rating, 90.1)
        step(c.RateVisit(ticket=None, counter="1", score=5, reason="other", by="fb1"), 90.2)
        step(c.LapseRemote(), 90.5)
        waiting = [t for t in centre.state.tickets.values() if t.status == "waiting"]
        step(c.Cancel(ticket=waiting[0].number, by="manager"), 91)
        step(c.MarkMissed(), 91.5)
        step(c.CloseCounter(counter="2"), 92)
        step(c.CloseCounter(counter="1", by="m1"), 92.5)
        # A manager's stop and notice outlast the day: the second day ends with "b" stopped.
        step(c.StopIssuing(service="b", reason=f"r{day}", by="m1"), 93)
        step(c.SetNotice(text=f"notice {day}", by="m1"), 93.5)
        if day == 0:
            step(c.ResumeIssuing(service="b", by="m1"), 94)
    return out


def assert_same_centre(rebuilt: Centre, full: Centre) -> None:
    assert rebuilt.state == full.state
    assert rebuilt.appointments.index.taken == full.appointments.index.taken
    assert rebuilt.appointments.index.by_code.keys() == full.appointments.index.by_code.keys()
    assert msgspec.json.encode(rebuilt.state) == msgspec.json.encode(full.state)
    assert {s: list(w) for s, w in rebuilt.waiting.items()} == {
        s: list(w) for s, w in full.waiting.items()
    }
    # And the two decide alike from here on.
    later = T0 + timedelta(days=1, hours=2)
    for centre in (rebuilt, full):
        centre.execute(c.OpenCounter(counter="2", clerk="boris"), later)
    assert rebuilt.execute(c.CallNext(counter="2"), later) == full.execute(
        c.CallNext(counter="2"), later
    )


async def test_an_empty_store_loads_nothing(store: EventStore) -> None:
    assert await store.load() == (None, 0, [])
    assert store.last_seq == 0
    assert await store.append([]) == 0


async def test_events_load_back_in_order(store: EventStore, store_path: Path) -> None:
    events = [taken(n) for n in range(1, 31)]
    seqs = []
    for start, size in ((0, 1), (1, 3), (4, 20), (24, 6)):
        seqs.append(await store.append(events[start : start + size]))
    assert seqs == [1, 4, 24, 30]
    assert store.last_seq == 30
    assert await store.append([]) == 30
    assert await store.load() == (None, 0, events)
    await store.close()
    async with await EventStore.open(store_path) as again:
        assert again.last_seq == 30
        state, seq, loaded = await again.load()
        assert (state, seq) == (None, 0)
        assert loaded == events
        assert [type(e) for e in loaded] == [ev.TicketTaken] * 30
    with raw(store_path) as conn:
        rows = conn.execute("SELECT seq, at, type FROM events ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == list(range(1, 31))
    assert rows[0][1:] == ("2026-03-02T07:00:01.000000Z", "taken")


async def test_a_snapshot_and_the_events_after_it_rebuild_the_same_centre(
    store: EventStore, store_path: Path, store_config: CentreConfig
) -> None:
    full = Centre(store_config)
    batches = working_days(full)
    assert {type(e) for b in batches for e in b} == set(ev.AnyEvent.__args__)
    cut = len(batches) * 2 // 3
    mid = Centre(store_config)
    for batch in batches[:cut]:
        seq = await store.append(batch)
        for e in batch:
            mid.apply(e)
    await store.save_snapshot(seq, mid.state)
    # The snapshot was encoded on the spot: changing the live state afterwards is harmless.
    mid.state.last_number["a"] = 999
    for batch in batches[cut:]:
        await store.append(batch)
    await store.close()

    async with await EventStore.open(store_path) as again:
        state, covered, tail = await again.load()
    assert covered == seq
    assert isinstance(state, State)
    assert len(tail) == sum(len(b) for b in batches[cut:])
    rebuilt = Centre(store_config, state)
    for e in tail:
        rebuilt.apply(e)
    assert_same_centre(rebuilt, full)


async def test_without_a_snapshot_the_whole_log_rebuilds_the_centre(
    store: EventStore, store_config: CentreConfig
) -> None:
    full = Centre(store_config)
    for batch in working_days(full):
        await store.append(batch)
    state, covered, events = await store.load()
    rebuilt = Centre(store_config, state)
    for e in events:
        rebuilt.apply(e)
    assert (state, covered) == (None, 0)
    assert_same_centre(rebuilt, full)


async def test_only_the_newest_three_snapshots_are_kept(
    store: EventStore, store_path: Path
) -> None:
    for n in range(1, 6):
        await store.append([taken(n)])
        await store.save_snapshot(n, State(last_number={"a": n}))
    with raw(store_path) as conn:
        assert [r[0] for r in conn.execute("SELECT seq FROM snapshots ORDER BY seq")] == [3, 4, 5]
    await store.append([taken(6)])
    state, covered, events = await store.load()
    assert state is not None and state.last_number == {"a": 5}
    assert (covered, events) == (5, [taken(6)])


async def test_an_unreadable_snapshot_falls_back_to_an_older_one(
    store: EventStore, store_path: Path
) -> None:
    for n in (1, 2):
        await store.append([taken(n)])
        await store.save_snapshot(n, State(last_number={"a": n}))
    with raw(store_path) as conn:
        conn.execute("UPDATE snapshots SET data = ? WHERE seq = 2", (b'{"day": 17}',))
    state, covered, events = await store.load()
    assert state is not None and state.last_number == {"a": 1}
    assert (covered, events) == (1, [taken(2)])


async def test_a_snapshot_past_the_end_of_the_log_is_refused(store: EventStore) -> None:
    await store.append([taken(1)])
    with pytest.raises(ValueError, match="seq 2"):
        await store.save_snapshot(2, State())
    assert await store.load() == (None, 0, [taken(1)])


async def test_a_failing_batch_leaves_nothing(store: EventStore, store_path: Path) -> None:
    await store.append([taken(1)])
    # Make the third event of the next batch fail inside the transaction.
    with raw(store_path) as conn:
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.type = 'counter_closed' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    batch: list[ev.AnyEvent] = [
        taken(2),
        ev.CounterOpened(at=T0, counter="1", clerk=None),
        ev.CounterClosed(at=T0, counter="1"),
        taken(3),
    ]
    with pytest.raises(StoreError, match="injected failure"):
        await store.append(batch, [("k1", "req-2", b'{"type":"ok"}')])
    assert store.last_seq == 1
    assert await store.load() == (None, 0, [taken(1)])
    assert await store.reply_ids_since(T0 - timedelta(days=1)) == []
    with raw(store_path) as conn:
        conn.execute("DROP TRIGGER boom")
    # The store is still usable, and the sequence has no gap.
    assert await store.append(batch) == 5
    assert (await store.load())[2] == [taken(1), *batch]


async def test_a_bad_reply_undoes_the_events_of_its_batch(store: EventStore) -> None:
    replies = [("k1", "req-1", b"ok"), (None, "req-2", b"ok")]
    with pytest.raises(StoreError, match="NOT NULL"):
        await store.append([taken(1), taken(2)], replies)  # type: ignore[arg-type]
    assert await store.load() == (None, 0, [])
    assert await store.reply_ids_since(T0 - timedelta(days=1)) == []
    assert await store.append([taken(1)]) == 1


async def test_a_naive_time_is_refused_before_anything_is_written(store: EventStore) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        await store.append([taken(1), taken(2, at=T0.replace(tzinfo=None))])
    assert await store.load() == (None, 0, [])


async def test_replies_round_trip(store: EventStore) -> None:
    await store.append([taken(1)], [("k1", "r1", b'{"re":"r1"}'), ("k2", "r1", b'{"re":"k2"}')])
    await store.append([taken(2, at=T0 + timedelta(hours=1))], [("k1", "r2", b'{"re":"r2"}')])
    # The same request again replaces its reply instead of failing the batch.
    await store.append(
        [taken(3, at=T0 + timedelta(hours=2))], [("k2", "r1", b"newer")], at=T0 + timedelta(hours=2)
    )
    h = timedelta(hours=1)
    assert await store.reply_ids_since(T0 - timedelta(seconds=1)) == [
        ("k1", "r1", taken(1).at),
        ("k1", "r2", T0 + h),
        ("k2", "r1", T0 + 2 * h),
    ]
    assert await store.find_reply("k1", "r1", T0) == b'{"re":"r1"}'
    assert await store.find_reply("k2", "r1", T0) == b"newer"
    assert await store.find_reply("k3", "r1", T0) is None
    # Stamped with the time of the batch's last event: that is what `since` compares with.
    assert await store.reply_ids_since(T0 + timedelta(minutes=30)) == [
        ("k1", "r2", T0 + h),
        ("k2", "r1", T0 + 2 * h),
    ]
    assert await store.find_reply("k1", "r1", T0 + timedelta(minutes=30)) is None
    assert await store.reply_ids_since(T0 + timedelta(hours=3)) == []
    assert await store.prune_replies(T0 + timedelta(minutes=30)) == 1
    assert await store.find_reply("k1", "r1", T0 - timedelta(days=1)) is None
    assert await store.find_reply("k1", "r2", T0 - timedelta(days=1)) == b'{"re":"r2"}'


async def test_a_read_only_database_refuses_to_write(store_path: Path) -> None:
    async with await EventStore.open(store_path) as store:
        await store.append([taken(1)])
    with read_only(store_path), pytest.raises(StoreError) as info:
        store = await EventStore.open(store_path)
        try:
            await store.append([taken(2)])
        finally:
            await store.close()
    assert "read-only" in str(info.value)
    assert str(store_path) in str(info.value)
    async with await EventStore.open(store_path) as store:
        assert (await store.load())[2] == [taken(1)]


async def test_a_second_writer_is_caught_not_interleaved(
    store: EventStore, store_path: Path
) -> None:
    await store.append([taken(1)])
    with raw(store_path) as conn:
        conn.execute(
            "INSERT INTO events (seq, at, type, data) VALUES (2, 'x', 'taken', ?)",
            (ev.encode(taken(9)),),
        )
    with pytest.raises(StoreError, match="only one Rinda server"):
        await store.append([taken(2)])
    # It now knows where the log ends and appends after the intruder.
    assert await store.append([taken(3)]) == 3


async def test_check_and_close(store: EventStore) -> None:
    assert await store.check() is True
    await store.close()
    await store.close()
    assert await store.check() is False
    with pytest.raises(StoreError, match="closed"):
        await store.append([taken(1)])


async def test_a_store_that_loads_after_another_wrote_counts_on_from_the_end(
    store: EventStore, store_path: Path
) -> None:
    """A command opened the database while another process owned the log and appended to
    it; once that one is gone, loading is what makes this one the owner, from the log's end."""
    async with await EventStore.open(store_path) as other:
        await other.append([taken(1), taken(2)])
    _state, _covered, events = await store.load()
    assert events == [taken(1), taken(2)]
    assert await store.append([taken(3)]) == 3


async def test_a_snapshot_from_before_ratings_still_loads(
    store: EventStore, store_path: Path
) -> None:
    await store.append([taken(1)])
    await store.save_snapshot(1, State(last_number={"a": 1}))
    with raw(store_path) as conn:
        (data,) = conn.execute("SELECT data FROM snapshots").fetchone()
        old = msgspec.json.decode(data)
        del old["ratings"]  # as the server wrote it before visitors could rate
        conn.execute("UPDATE snapshots SET data = ?", (msgspec.json.encode(old),))
    state, covered, _ = await store.load()
    assert state is not None and (state.last_number, state.ratings, covered) == ({"a": 1}, {}, 1)
