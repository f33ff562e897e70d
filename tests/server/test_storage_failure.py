"""When the log cannot be written, nobody is told their ticket exists."""

from __future__ import annotations

from typing import Any

import pytest

from server.store.errors import StoreError
from tests.server.harness import Running, device


async def test_a_failed_commit_is_refused_rolled_back_and_never_broadcast(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = running.server.store
    real_append = store.append

    async def failing_append(*args: Any, **kwargs: Any) -> int:
        raise StoreError("disk I/O error")

    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")  # A001, committed
        seq = running.server.owner.seq
        monkeypatch.setattr(store, "append", failing_append)
        refused = await kiosk.request("take_ticket", rid="lost", service="social")
        assert refused["code"] == "storage_failed"
        assert "Nothing was saved" in refused["message"]
        assert running.server.owner.seq == seq
        assert len(running.server.owner.centre.waiting["social"]) == 1
        monkeypatch.setattr(store, "append", real_append)
        # The retry with the same id acts now; the number the failed try would have had is
        # reissued because nobody ever saw it.
        retried = await kiosk.ok("take_ticket", rid="lost", service="social")
        assert retried["ticket"]["number"] == "A002"
    async with device(running, "m1") as manager:
        numbers = [t["number"] for t in manager.welcome["snapshot"]["tickets"]]
    assert numbers == ["A001", "A002"]
