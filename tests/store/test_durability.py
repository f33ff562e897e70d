"""SIGKILL in the middle of a stream of appends: every seq that `append` returned survives."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from server.core import events as ev
from server.store.events import EventStore
from tests.store.helpers import T0

ACKS = 200

# Appends batches of 1-3 events (with a reply each) and prints the returned seq of each
# batch only after `append` has returned: a printed seq is an acknowledged one.
CHILD = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from server.core.events import TicketTaken
from server.store.events import EventStore

async def main():
    store = await EventStore.open(Path(sys.argv[1]))
    t0 = datetime(2026, 3, 2, 7, tzinfo=UTC)
    n = 0
    for i in range(100_000):
        batch = []
        for _ in range(1 + i % 3):
            n += 1
            batch.append(TicketTaken(at=t0 + timedelta(seconds=n), ticket=f"A{n:06d}",
                service="a", priority=None, lang="lv", token=f"t{n}", device="k1"))
        seq = await store.append(batch, [("k1", f"r{i}", b"ok")])
        sys.stdout.write(f"{seq}\\n")
        sys.stdout.flush()

asyncio.run(main())
"""


@pytest.mark.timeout(60)
async def test_every_acknowledged_append_survives_sigkill(store_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        str(store_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    acked: list[int] = []
    try:
        async with asyncio.timeout(45):
            while len(acked) < ACKS:
                line = await proc.stdout.readline()
                if not line:
                    await proc.wait()
                    err = (await proc.stderr.read()).decode()
                    raise AssertionError(f"the child stopped after {len(acked)} acks:\n{err}")
                acked.append(int(line))
        proc.send_signal(signal.SIGKILL)
        # Whatever it acknowledged while the signal was on its way counts too.
        acked += [int(line) for line in (await proc.stdout.read()).split()]
        assert await proc.wait() == -signal.SIGKILL
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()

    assert acked == sorted(acked) and len(acked) >= ACKS
    async with await EventStore.open(store_path) as store:
        assert store.last_seq >= acked[-1]
        state, covered, events = await store.load()
        replies = await store.reply_ids_since(T0 - timedelta(days=1))
    assert (state, covered) == (None, 0)
    # Seqs are contiguous from 1, so event i of the log is seq i + 1; every acked one is there.
    assert len(events) >= acked[-1]
    for n, e in enumerate(events[: acked[-1]], 1):
        assert isinstance(e, ev.TicketTaken) and e.ticket == f"A{n:06d}"
    assert len(replies) >= len(acked)
    with sqlite3.connect(store_path) as conn:
        present = {r[0] for r in conn.execute("SELECT seq FROM events")}
    assert set(acked) <= present
