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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import msgspec

from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.errors import DomainError
from server.core.estimate import Waits
from server.net import frames
from server.net.hub import Hub
from server.net.metrics import CommitStats
from server.net.notifier import Notifier
from server.net.replies import Answer, ReplyMemory
from server.protocol.replies import Ok, encode, error_frame
from server.store.apart import CommentRow, PersonalRow
from server.store.errors import StoreError
from server.store.events import EventStore

log = logging.getLogger("rinda.owner")

# Builds the ok reply to a request id from the events its command produced (already applied).
ReplyBuilder = Callable[[str | None, list[ev.AnyEvent], datetime], Ok]

MAX_BATCH = 256
# Waiting counts go out at most this often: a burst of tickets makes one `queue` frame, and a
# call makes one frame per wall screen instead of two. Nobody notices a quarter second here.
QUEUE_INTERVAL_S = 0.25
# The estimate of a round may take at most this share of the server's time: a queue far
# beyond any centre's (a load test's tens of thousands waiting) spaces the rounds out
# instead of starving the tickets. A real centre's estimate takes a few ms: no effect.
WAITS_SHARE = 0.1
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
    future: asyncio.Future[Answer]
    # A booking's personal data, stored with the command's events if it succeeds.
    personal: tuple[PersonalRow, ...] = ()
    # A visitor's comment with a rating: stored if the rating is taken (even unchanged).
    comments: tuple[CommentRow, ...] = ()


# Where a visit ended: that counter's tablets and window displays hear it (server/net/hub.py).
VISIT_ENDED = (ev.TicketFinished, ev.TicketNoShow, ev.TicketTransferred)


def describe(e: ev.AnyEvent) -> str:
    """One log line per committed event: its type and fields, without the secrets of a
    ticket's or a booking's link."""
    fields = msgspec.structs.asdict(e)
    fields.pop("at")
    fields.pop("token", None)
    fields.pop("secret", None)
    # A walk-in's ticket says nothing of bookings or of joining from home; a remote
    # ticket's check-in code stays out of the log like its link.
    for name in ("booking", "booked_for"):
        if fields.get(name, "") is None:
            del fields[name]
    if isinstance(e, ev.TicketTaken):
        del fields["code"]
        if not e.remote:
            del fields["remote"]
    return f"{e.__struct_config__.tag} " + " ".join(f"{k}={v}" for k, v in fields.items())


def nothing(request_id: str | None, _events: list[ev.AnyEvent], _now: datetime) -> Ok:
    """The reply builder of commands whose ok carries nothing."""
    return Ok(re=request_id)


@dataclass
class Owner:
    centre: Centre
    store: EventStore
    hub: Hub
    clock: Callable[[], datetime]
    seq: int = 0
    snapshot_seq: int = 0
    queue: asyncio.Queue[Job] = field(default_factory=asyncio.Queue)
    inflight: dict[tuple[str, str], asyncio.Future[Answer]] = field(default_factory=dict)
    last_queue_text: str = ""
    queue_pending: bool = False
    # Seconds from a change to its `queue` round: QUEUE_INTERVAL_S, longer if estimates cost.
    queue_interval: float = QUEUE_INTERVAL_S
    # The expected waits of the last queue round: the ONE estimate every screen shows, read
    # by frames, replies and phone pages alike (computed once per round, never per reader).
    # Estimates drift with time alone; the server's tick (every 10 s, server/net/app.py)
    # submits commands even when nobody acts, so a round, and a fresh estimate, follows at
    # least that often; it goes out only if a figure changed.
    waits: Waits = field(init=False)
    # The `status` frame of a ticket that a visitor's phone follows (None: no phone does).
    phone_status: Callable[[str], str | None] | None = None
    # Commit times, storage errors and tickets, for GET /metrics (server/net/metrics.py).
    stats: CommitStats = field(default_factory=CommitStats)
    # "Your turn is near" to visitors who left a contact (None: no gateway configured).
    notifier: Notifier | None = None

    def __post_init__(self) -> None:
        self.replies = ReplyMemory(self.store)
        self.waits = self.centre.waits(self.clock())

    async def submit(
        self,
        cmd: c.AnyCommand,
        device: str,
        request_id: str | None,
        build: ReplyBuilder,
        personal: tuple[PersonalRow, ...] = (),
        comments: tuple[CommentRow, ...] = (),
    ) -> Answer:
        if request_id is not None:
            done = await self.replies.find(device, request_id, self.clock())
            if done is not None:
                return done
            running = self.inflight.get((device, request_id))
            if running is not None:
                return await asyncio.shield(running)
        fut: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        if request_id is not None:
            self.inflight[(device, request_id)] = fut
        self.queue.put_nowait(Job(cmd, device, request_id, build, fut, personal, comments))
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
                    error = error_frame("internal_error", INTERNAL, job.request_id)
                    self._settle(job, encode(error), cache=False)

    async def _process(self, batch: list[Job]) -> None:
        now = self.clock()
        applied: list[ev.AnyEvent] = []
        if self.centre.needs_roll(now):
            applied += self.centre.execute(c.RollDay(), now)
        answers: list[tuple[Job, Answer, bool]] = []
        persist: list[tuple[str, str, bytes]] = []
        personal: list[PersonalRow] = []
        comments: list[CommentRow] = []
        statuses: list[tuple[str, str]] = []
        for job in batch:
            events: list[ev.AnyEvent] = []
            try:
                events = self.centre.execute(job.cmd, now)
                answer = encode(job.build(job.request_id, events, now))
                applied += events
                personal += job.personal
                comments += job.comments
                statuses += self._phone_statuses(events)
            except DomainError as e:
                answer = encode(error_frame(e.code, e.message, job.request_id))
            stored = job.request_id is not None and bool(events)
            if stored:
                persist.append((job.device, str(job.request_id), answer))
            answers.append((job, answer, stored))
        if applied or persist or comments:
            started = time.perf_counter()
            try:
                self.seq = await self.store.append(
                    applied, persist, at=now, personal=personal, comments=comments
                )
            except StoreError as e:
                self.stats.storage_errors.inc()
                log.error("could not save %d events, refusing the batch: %s", len(applied), e)
                await self.reload()
                for job, _answer, _stored in answers:
                    error = error_frame("storage_failed", f"Nothing was saved: {e}", job.request_id)
                    self._settle(job, encode(error), cache=False)
                return
            self.stats.commit_seconds.observe(time.perf_counter() - started)
            self.stats.committed(applied, self.centre)
            if self.notifier is not None and personal:
                self.notifier.committed(applied, personal)
        for job, answer, stored in answers:
            self._settle(job, answer, cache=True, stored_at=now if stored else None)
        self._broadcast(applied, now)
        for ticket, text in statuses:
            self.hub.send_phone(ticket, text)
        # A snapshot costs in proportion to the day's tickets, so it is taken at most once per
        # that many events: replay after a crash stays short and snapshots stay cheap per event.
        if self.seq - self.snapshot_seq >= max(SNAPSHOT_EVERY, len(self.centre.state.tickets)):
            await self.snapshot()

    def _settle(
        self, job: Job, answer: Answer, cache: bool, stored_at: datetime | None = None
    ) -> None:
        if job.request_id is not None:
            self.inflight.pop((job.device, job.request_id), None)
            if cache:
                self.replies.remember(job.device, job.request_id, answer, stored_at)
        if not job.future.done():
            job.future.set_result(answer)

    def _phone_statuses(self, events: list[ev.AnyEvent]) -> list[tuple[str, str]]:
        """The status of each followed ticket these events touched, as it is right after
        them: read before the next command of the batch, so a visitor whose ticket is called
        and finished in one commit still sees "go to counter 3" before "done"."""
        if self.phone_status is None:
            return []
        out = []
        for e in events:
            if isinstance(e, ev.TicketEvent | ev.RemoteEvent):
                text = self.phone_status(e.ticket)
                if text is not None:
                    out.append((e.ticket, text))
        return out

    def _broadcast(self, applied: list[ev.AnyEvent], now: datetime) -> None:
        for e in applied:
            if log.isEnabledFor(logging.INFO):
                log.info("%s", describe(e))
            frame = frames.wire_event(self.centre, e)
            if frame is not None:
                counter = e.counter if isinstance(e, VISIT_ENDED) else None
                tag = str(frame.__struct_config__.tag)
                self.hub.publish(tag, encode(frame).decode(), counter)
        if not self.queue_pending:
            self.queue_pending = True
            asyncio.get_running_loop().call_later(self.queue_interval, self._publish_queue)

    def _publish_queue(self) -> None:
        self.queue_pending = False
        began = time.perf_counter()
        self.waits = self.centre.waits(self.clock())
        cost = time.perf_counter() - began
        self.queue_interval = max(QUEUE_INTERVAL_S, cost / WAITS_SHARE)
        if self.notifier is not None:
            # Whose turn is near is known once per round; sending happens in its own tasks.
            self.notifier.round(self.centre, self.waits)
        if self.phone_status is not None:
            # People ahead and the expected wait change with other tickets: once per round.
            self.hub.publish_phones(self.phone_status)
        text = encode(frames.queue_frame(self.centre, self.clock(), self.waits)).decode()
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
        self.waits = self.centre.waits(self.clock())
