"""GET /health on the websocket port."""

from __future__ import annotations

import asyncio
import json
import urllib.request

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
