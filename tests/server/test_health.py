"""GET /health on the websocket port."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import urllib.request

import pytest

from tests.server.harness import Running


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {}


async def test_health_reports_status_version_uptime_and_database(running: Running) -> None:
    status, body = await asyncio.to_thread(_get, f"http://127.0.0.1:{running.port}/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"]
    assert body["uptime_s"] >= 0


async def test_unknown_path_is_404(running: Running) -> None:
    status, _ = await asyncio.to_thread(_get, f"http://127.0.0.1:{running.port}/nope")
    assert status == 404


async def test_a_flood_of_health_requests_does_not_write_on_every_call(running: Running) -> None:
    store = running.server.store
    probes = 0
    check = store.check

    async def counted() -> bool:
        nonlocal probes
        probes += 1
        return await check()

    store.check = counted  # type: ignore[method-assign]
    url = f"http://127.0.0.1:{running.port}/health"
    answers = await asyncio.gather(*(asyncio.to_thread(_get, url) for _ in range(40)))
    assert all(status == 200 for status, _ in answers)
    # One write probe serves every caller within its 2 s (a few if the burst spans them).
    assert 1 <= probes <= 2


def _raw(port: int, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


async def test_only_get_and_head_are_served(running: Running) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, headers, _ = await asyncio.to_thread(_raw, running.port, method, "/health")
        assert status == 405 and headers["allow"] == "GET, HEAD", method
    status, headers, body = await asyncio.to_thread(_raw, running.port, "HEAD", "/health")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) > 0
    _status, _headers, got = await asyncio.to_thread(_raw, running.port, "GET", "/health")
    assert json.loads(got)["status"] == "ok"


async def test_a_monitor_polling_health_adds_no_log_lines(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """A monitor every 30 s once added two INFO lines a poll (~5,800 a day): websockets' "HTTP
    response sent (200 OK)" and its connection lines. They are kept for --log-level DEBUG."""
    url = f"http://127.0.0.1:{running.port}/health"
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            assert (await asyncio.to_thread(_get, url))[0] == 200
            await asyncio.to_thread(_raw, running.port, "HEAD", "/health")
    assert [r.getMessage() for r in caplog.records] == []
    with caplog.at_level(logging.DEBUG):
        assert (await asyncio.to_thread(_get, url))[0] == 200
    assert "HTTP response sent (200 OK)" in [r.getMessage() for r in caplog.records]
