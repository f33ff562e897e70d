"""Answers to requests, remembered so that a re-sent request id never acts twice.

The promise (docs/protocol.md, "Idempotency"): a request that changed something, re-sent by
the same device with the same id within WINDOW, gets its first answer again and does nothing,
also across restarts and however many requests the device sent in between. Such answers are
stored in the transaction of the change they answer. An answer that changed nothing (a
refusal, `call_next` with nobody waiting) is remembered in memory only: a re-send of it after
a restart is tried again, which is safe because the first try had no effect — and a device
sending no-op requests in a loop cannot grow the database.

Memory holds each device's newest RECENT answers. For older ones within the window it keeps
only a hash of each stored (device, id), so a new request costs no query and start-up decodes
no answers; a hash that matches costs one lookup by primary key (a collision finds nothing).
"""

from __future__ import annotations

from collections import Counter, OrderedDict, deque
from datetime import datetime, timedelta

from server.store.events import EventStore

Answer = bytes
"""An ok or error reply, encoded once: sent as it is, stored as it is."""

WINDOW = timedelta(hours=24)
RECENT = 1000


class ReplyMemory:
    def __init__(self, store: EventStore, window: timedelta = WINDOW, recent: int = RECENT) -> None:
        self.store = store
        self.window = window
        self.recent_per_device = recent
        self.recent: dict[str, OrderedDict[str, Answer]] = {}
        # How many stored answers within the window have each key (an id re-used a day
        # later is stored twice, and the older one expiring must not hide the newer).
        self.stored: Counter[int] = Counter()
        self._expiry: deque[tuple[datetime, int]] = deque()

    async def load(self, now: datetime) -> None:
        """Index the answers stored within the window (at start-up)."""
        for device, rid, at in await self.store.reply_ids_since(now - self.window):
            self._index(device, rid, at)

    def cached(self, device: str, request_id: str) -> Answer | None:
        cache = self.recent.get(device)
        return None if cache is None else cache.get(request_id)

    async def find(self, device: str, request_id: str, now: datetime) -> Answer | None:
        """The first answer to this request, if it was answered within the window."""
        answer = self.cached(device, request_id)
        if answer is not None:
            return answer
        self._expire(now)
        if hash((device, request_id)) not in self.stored:
            return None
        data = await self.store.find_reply(device, request_id, now - self.window)
        if data is None:
            return None
        self.remember(device, request_id, data)
        return data

    def remember(
        self, device: str, request_id: str, answer: Answer, stored_at: datetime | None = None
    ) -> None:
        """Keep an answer in memory; `stored_at` when it was also stored with its change."""
        cache = self.recent.setdefault(device, OrderedDict())
        cache[request_id] = answer
        if len(cache) > self.recent_per_device:
            cache.popitem(last=False)
        if stored_at is not None:
            self._index(device, request_id, stored_at)

    def _index(self, device: str, request_id: str, at: datetime) -> None:
        key = hash((device, request_id))
        self.stored[key] += 1
        self._expiry.append((at, key))

    def _expire(self, now: datetime) -> None:
        oldest = now - self.window
        while self._expiry and self._expiry[0][0] < oldest:
            _at, key = self._expiry.popleft()
            self.stored[key] -= 1
            if self.stored[key] <= 0:
                del self.stored[key]
