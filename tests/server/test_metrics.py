"""GET /metrics from a real server: Prometheus text that prometheus_client parses back, with
the figures a person could count on the floor; only loopback or a manager's token gets it."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from websockets.datastructures import Headers
from websockets.http11 import Request

from server.config import loads
from server.net.metrics import MetricsPage, bearer, is_loopback, may_scrape
from server.store.errors import StoreError
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, start_server


def _get(url: str, token: str | None = None) -> tuple[int, str, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status, r.headers["Content-Type"], r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode()


async def scrape(running: Running) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the server's metrics, by name and labels."""
    url = f"http://127.0.0.1:{running.port}/metrics"
    status, kind, text = await asyncio.to_thread(_get, url)
    assert status == 200, text
    assert kind.startswith("text/plain; version=0.0.4")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def one(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


async def test_the_floor_as_prometheus_sees_it(running: Running, clock: Clock) -> None:
    async with (
        device(running, "k1") as kiosk,
        device(running, "c2") as counter,
        device(running, "d1"),
        device(running, "m1") as manager,
    ):
        for service in ("social", "social", "social", "tax"):
            await kiosk.ok("take_ticket", service=service)
        clock.now += timedelta(minutes=5)
        await counter.ok("call_next")  # A001 leaves the queue
        clock.now += timedelta(minutes=2)
        await counter.ok("finish", ticket="A001")
        await counter.ok("pause", reason="lunch")
        await manager.ok("stop_issuing", service="tax", reason="")
        got = await scrape(running)
    assert one(got, "rinda_waiting", service="social") == 2
    assert one(got, "rinda_waiting", service="tax") == 1
    # A002 and B001 were taken 7 minutes ago.
    assert one(got, "rinda_longest_wait_seconds", service="social") == 420
    assert one(got, "rinda_longest_wait_seconds", service="tax") == 420
    assert one(got, "rinda_target_wait_seconds", service="tax") == 15 * 60
    assert one(got, "rinda_service_issuing", service="social") == 1
    assert one(got, "rinda_service_issuing", service="tax") == 0
    assert one(got, "rinda_tickets_taken_total", service="social") == 3
    assert one(got, "rinda_tickets_taken_total", service="tax") == 1
    assert one(got, "rinda_tickets_served_total", service="social") == 1
    assert one(got, "rinda_tickets_served_total", service="tax") == 0
    assert one(got, "rinda_counters", status="paused") == 1
    assert one(got, "rinda_counters", status="closed") == 2
    assert one(got, "rinda_connections", role="kiosk") == 1
    assert one(got, "rinda_connections", role="display") == 1
    assert one(got, "rinda_connections", role="phone") == 0
    # Every commit was timed: 4 tickets, call, finish, pause, stop (one group each here).
    assert one(got, "rinda_commit_seconds_count") >= 8
    assert one(got, "rinda_commit_seconds_sum") > 0
    assert one(got, "rinda_storage_errors_total") == 0


async def test_a_failed_write_is_counted(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    async def append(*_args: Any, **_kwargs: Any) -> int:
        raise StoreError("The database file has become read-only.")

    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
        monkeypatch.setattr(running.server.store, "append", append)
        refused = await kiosk.request("take_ticket", service="social")
        assert refused["code"] == "storage_failed"
    got = await scrape(running)
    assert one(got, "rinda_storage_errors_total") == 1
    assert one(got, "rinda_tickets_taken_total", service="social") == 1
    assert one(got, "rinda_waiting", service="social") == 1


def request(token: str | None = None) -> Request:
    headers = Headers({"Authorization": f"Bearer {token}"} if token else {})
    return Request("/metrics", headers)


async def test_only_loopback_or_a_manager_token_may_scrape(running: Running) -> None:
    """A test server listens on loopback only, so a caller from another address is asked of
    the page itself (what the router hands it: the peer's address and the request)."""
    page = MetricsPage(
        running.server.owner.stats.registry, running.server.store, running.server.config
    )
    outside = "192.0.2.7"
    refused = await page.respond(outside, request())
    assert refused.status_code == 403
    assert b"manager" in refused.body and b"rinda_" not in refused.body
    for wrong in ("k1", "c1", "d1"):  # tokens of other roles
        assert (await page.respond(outside, request(running.tokens[wrong]))).status_code == 403
    assert (await page.respond(outside, request("not-a-token"))).status_code == 403
    allowed = await page.respond(outside, request(running.tokens["m1"]))
    assert allowed.status_code == 200 and b"rinda_waiting" in allowed.body
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert (await page.respond(address, request())).status_code == 200
    # And over the wire from loopback, with a manager's token too.
    url = f"http://127.0.0.1:{running.port}/metrics"
    status, _kind, text = await asyncio.to_thread(_get, url, running.tokens["m1"])
    assert status == 200 and "rinda_waiting" in text


async def test_the_access_rules(running: Running) -> None:
    store, config = running.server.store, running.server.config
    assert is_loopback("127.0.0.5") and is_loopback("::1")
    assert not is_loopback("10.0.0.1") and not is_loopback("?")
    assert bearer(Headers({"Authorization": "Bearer abc"})) == "abc"
    assert bearer(Headers({"Authorization": "bearer  abc "})) == "abc"
    assert bearer(Headers({"Authorization": "Basic abc"})) is None
    assert bearer(Headers({"Authorization": "Bearer " + "x" * 129})) is None
    assert bearer(Headers()) is None
    assert not await may_scrape("10.0.0.1", None, store, config)
    assert await may_scrape("10.0.0.1", running.tokens["m1"], store, config)
    assert not await may_scrape("10.0.0.1", running.tokens["k1"], store, config)


async def test_a_service_outside_its_hours_is_not_issuing(db_path: Path) -> None:
    """Sunday 04:10 in a centre open only in the daytime: the kiosks issue nothing, and the
    metric says so (it once said 1 whenever no manager had stopped the service)."""
    config = loads(centre_toml(hours='["08:00-17:00"]'))
    clock = Clock(datetime(2026, 11, 29, 2, 10, tzinfo=UTC))
    async with start_server(config, db_path, clock) as running:
        got = await scrape(running)
        assert one(got, "rinda_service_issuing", service="social") == 0
        clock.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 10:00 in Riga
        got = await scrape(running)
        assert one(got, "rinda_service_issuing", service="social") == 1
