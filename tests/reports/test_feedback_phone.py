"""The issue's "done when": a finished ticket's phone page takes a rating that then shows in
`rinda report`. A real server, the visitor's page over HTTP, the command on its database."""

from __future__ import annotations

import asyncio
import csv
import io
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from server import cli_report
from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.reports_cli.run import rinda
from tests.server.harness import device, start_server


def post(url: str, **fields: str) -> int:
    """The page's form sent as a browser sends it; the status of the answer (a redirect to
    the page is followed, as a browser does)."""
    body = urlencode(fields).encode()
    req = urllib.request.Request(url, data=body, method="POST")
    with urllib.request.urlopen(req, timeout=5) as answer:
        return int(answer.status)


async def test_a_rating_on_the_phone_page_shows_in_rinda_report(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_path: Path,
    clock: Clock,
) -> None:
    centre = tmp_path / "centre.toml"
    centre.write_text(centre_toml(), encoding="utf-8")
    monkeypatch.setattr(cli_report, "utc_now", clock)
    async with (
        start_server(loads(centre_toml()), db_path, clock) as running,
        device(running, "k1") as kiosk,
        device(running, "c2") as counter,
    ):
        ticket = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        await counter.ok("call_next")
        await counter.ok("finish", ticket=ticket["number"])
        token = ticket["status_url"].rsplit("/t/", 1)[1]
        page = f"http://127.0.0.1:{running.port}/t/{token}"
        assert await asyncio.to_thread(post, page, score="2", reason="unclear_information") == 200

        day = clock.now.date().isoformat()
        said = rinda(capsysbinary, "report", "--from", day, "--to", day, "--by", "counter",
                     "--format", "csv", "--db", str(db_path), "--config", str(centre))  # fmt: skip
    assert said.code == 0, said.err
    rows = list(csv.reader(io.StringIO(said.out.decode("utf-8-sig"), newline=""), delimiter=";"))
    by = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    two = by["2"]
    assert (two["served"], two["rated"], two["answered %"], two["score mean"]) == (
        "1",
        "1",
        "100,0",
        "2,00",
    )
    assert (two["unhappy %"], two["reason unclear_information"]) == ("100,0", "1")
