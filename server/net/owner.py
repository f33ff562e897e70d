"""The single owner of the centre's state: commands are applied one at a time, in arrival order.

Group commit: everything queued while the previous transaction was being written is decided
in one go and appended in ONE transaction; only after COMMIT do replies and broadcasts go out.
An acknowledgement therefore always means "on disk", and under load one fsync serves many.

Idempotency: every answered request is remembered per device, and the answer to one that
changed something is stored in the same transaction as its events (server/net/replies.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec

from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.errors import DomainError
from server.net import frames
from server.net.hub import Hub
from server.net.replies import ReplyMemory
from server.store.errors import StoreError
from server.store.events import EventStore

log = logging.getLogger("rinda.owner")

Frame = dict[str, Any]
# Builds the body of an ok reply from the events the command produced (already applied).
ReplyBuilder = Callable[[list[ev.AnyEvent], datetime], Frame]

MAX_BATCH = 256
# Waiting counts go out at most this often: a burst of tickets makes one `queue` frame, and a
# call makes one frame per wall screen instead of two. Nobody notices a quarter second here.
QUEUE_INTERVAL_S = 0.25
SNAPSHOT_EVERY = 2000
# Stored answers are looked up within 24 h (replies.WINDOW); older rows are pruned in passing.
REPLIES_KEPT = timedelta(days=2)
INTERNAL = "The server failed to handle this request; please try again."


@dataclass
class Job:
    cmd: c.AnyCommand
    device: str
    request_id: str | None
    build: ReplyBuilder
    future: asyncio.Future[Frame]


def describe(e: ev.AnyEvent) -> str:
    """One log line per committed event: its type and fields, without the status token."""
    fields = msgspec.structs.asdict(e)
    fields.pop("at")
    fields.pop("token", None)
    return f"{e.__struct_config__.tag} " + " ".join(f"{k}={v}" for k, v in fields.items())


def error_frame(code: str, message: str, request_id: str | None = None) -> Frame:
    frame: Frame = {"type": "error", "code": code, "message": message}
    if request_id is not None:
        frame["re"] = request_id
    return frame


@dataclass
class Owner:
    centre: Centre
    store: EventStore
    hub: Hub
    clock: Callable[[], datetime]
    seq: int = 0
    snapshot_seq: int = 0
    queue: asyncio.Queue[Job] = field(default_factory=asyncio.Queue)
    inflight: dict[tuple[str, str], asyncio.Future[Frame]] = field(default_factory=dict)
    last_queue_text: str = ""
    queue_pending: bool = False
    # Called with every coalesced `queue` round, changed or not: phones follow their tickets.
    on_settled: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self.replies = ReplyMemory(self.store)

    async def submit(
        self, cmd: c.AnyCommand, device: str, request_id: str | None, build: ReplyBuilder
    ) -> Frame:
        if request_id is not None:
            done = await self.replies.find(device, request_id, self.clock())
            if done is not None:
                return done
            running = self.inflight.get((device, request_id))
            if running is not None:
                return await asyncio.shield(running)
        fut: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        if request_id is not None:
            self.inflight[(device, request_id)] = fut
        self.queue.put_nowait(Job(cmd, device, request_id, build, fut))
        # Shielded: a client that disconnects mid-request must not cancel a half-done commit.
        return await asyncio.shield(fut)

    async def run(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while len(batch) < MAX_BATCH and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            try:
                await self._process(batch)
            except Exception:
                # A bug must not take the centre down: memory is rebuilt from what is on disk
                # and whoever is still waiting is told to ask again.
                log.exception("internal error handling %d requests; reloading", len(batch))
                await self.reload()
                for job in batch:
                    self._settle(
                        job, error_frame("internal_error", INTERNAL, job.request_id), cache=False
                    )

    async def _process(self, batch: list[Job]) -> None:
        now = self.clock()
        applied: list[ev.AnyEvent] = []
        if self.centre.needs_roll(now):
            applied += self.centre.execute(c.RollDay(), now)
        answers: list[tuple[Job, Frame, bool]] = []
        persist: list[tuple[str, str, bytes]] = []
        for job in batch:
            events: list[ev.AnyEvent] = []
            try:
                events = self.centre.execute(job.cmd, now)
                frame = {"type": "ok", "re": job.request_id, **job.build(events, now)}
                applied += events
            except DomainError as e:
                frame = error_frame(e.code, e.message, job.request_id)
            stored = job.request_id is not None and bool(events)
            if stored:
                persist.append((job.device, str(job.request_id), msgspec.json.encode(frame)))
            answers.append((job, frame, stored))
        if applied or persist:
            try:
                self.seq = await self.store.append(applied, persist, at=now)
            except StoreError as e:
                log.error("could not save %d events, refusing the batch: %s", len(applied), e)
                await self.reload()
                for job, _frame, _stored in answers:
                    self._settle(
                        job,
                        error_frame("storage_failed", f"Nothing was saved: {e}", job.request_id),
                        cache=False,
                    )
                return
        for job, frame, stored in answers:
            self._settle(job, frame, cache=True, stored_at=now if stored else None)
        self._broadcast(applied, now)
        # A snapshot costs in proportion to the day's tickets, so it is taken at most once per
        # that many events: replay after a crash stays short and snapshots stay cheap per event.
        if self.seq - self.snapshot_seq >= max(SNAPSHOT_EVERY, len(self.centre.state.tickets)):
            await self.snapshot()

    def _settle(
        self, job: Job, frame: Frame, cache: bool, stored_at: datetime | None = None
    ) -> None:
        if job.request_id is not None:
            self.inflight.pop((job.device, job.request_id), None)
            if cache:
                self.replies.remember(job.device, job.request_id, frame, stored_at)
        if not job.future.done():
            job.future.set_result(frame)

    def _broadcast(self, applied: list[ev.AnyEvent], now: datetime) -> None:
        for e in applied:
            if log.isEnabledFor(logging.INFO):
                log.info("%s", describe(e))
            frame = frames.wire_event(self.centre, e)
            if frame is not None:
                self.hub.publish(frame["type"], msgspec.json.encode(frame).decode())
        if not self.queue_pending:
            self.queue_pending = True
            asyncio.get_running_loop().call_later(QUEUE_INTERVAL_S, self._publish_queue)

    def _publish_queue(self) -> None:
        self.queue_pending = False
        if self.on_settled is not None:
            self.on_settled()
        text = msgspec.json.encode(frames.queue_frame(self.centre, self.clock())).decode()
        if text != self.last_queue_text:
            self.last_queue_text = text
            self.hub.publish("queue", text)

    async def snapshot(self) -> None:
        if self.seq > self.snapshot_seq:
            await self.store.save_snapshot(self.seq, self.centre.state)
            self.snapshot_seq = self.seq
            await self.store.prune_replies(self.clock() - REPLIES_KEPT)

    async def reload(self) -> None:
        """Rebuild the state from the log after a failed write, so memory never runs ahead."""
        state, self.snapshot_seq, events = await self.store.load()
        self.centre = Centre(self.centre.config, state)
        for e in events:
            self.centre.apply(e)
        self.seq = self.snapshot_seq + len(events)
