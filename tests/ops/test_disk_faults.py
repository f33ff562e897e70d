"""Fault drills on a real disk: the database's files turn read-only (`chattr +i`), and the
disk fills up (a 2 MB tmpfs). The server must refuse tickets it cannot save, say why, show it
on /health, and carry on with the next number once the fault is gone. A kiosk app shows its
offline screen while the fault lasts and comes back by itself after it.

They need root (as CI and this sandbox run): `chattr +i` and `mount -t tmpfs`.
"""

from __future__ import annotations

import asyncio
import errno
import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import kiosk.pages.offline
from kiosk.health import read_health
from server.config import CentreConfig
from tests.conftest import Clock
from tests.kiosk.helpers import make_kiosk, open_services, text, to_ticket
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until


async def _health(running: Running) -> tuple[int, dict[str, Any]]:
    def get() -> tuple[int, dict[str, Any]]:
        url = f"http://127.0.0.1:{running.port}/health"
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    return await asyncio.to_thread(get)


@contextmanager
def _immutable(*paths: Path) -> Iterator[None]:
    """The files cannot be written, even by root, until the block ends."""
    subprocess.run(["chattr", "+i", *map(str, paths)], check=True, timeout=10)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True, timeout=10)


@contextmanager
def _tiny_disk(mountpoint: Path) -> Iterator[Path]:
    mountpoint.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)], check=True, timeout=10
    )
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "--lazy", str(mountpoint)], check=True, timeout=10)


def _fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as e:
            assert e.errno == errno.ENOSPC, e
    return filler


async def _drill(running: Running, fault: Any, expected: str) -> None:
    """Take A001, then under `fault` a ticket must be refused; then A002 once it is gone."""
    async with device(running, "k1") as kiosk:
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A001"
        seq = running.server.owner.seq
        with fault():
            refused = await kiosk.request("take_ticket", service="social")
            assert refused["type"] == "error" and refused["code"] == "storage_failed", refused
            assert refused["message"].startswith("Nothing was saved: ")
            assert expected in refused["message"], refused["message"]
            assert running.server.owner.seq == seq  # nothing half-applied in memory
            status, health = await _health(running)
            assert (status, health["status"], health["database"]) == (503, "degraded", "error")
            # The kiosk is refused for as long as the fault lasts, not just once.
            again = await kiosk.request("take_ticket", service="social")
            assert again["code"] == "storage_failed"
        # Fault gone: no restart needed.
        status, health = await _health(running)
        assert (status, health["status"]) == (200, "ok")
        after = await kiosk.ok("take_ticket", service="social")
        assert after["ticket"]["number"] == "A002"  # nothing lost, nothing reused


async def _tickets_on_disk(config: CentreConfig, db: Path) -> list[str]:
    async with start_server(config, db, Clock()) as again, device(again, "m1") as manager:
        return [t["number"] for t in manager.welcome["snapshot"]["tickets"]]


async def test_read_only_database_refuses_tickets_until_writable_again(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as running:
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.exists()

        def fault() -> Any:
            return _immutable(db_path, wal)

        await _drill(running, fault, "has become read-only")
    assert await _tickets_on_disk(config, db_path) == ["A001", "A002"]


async def test_full_disk_refuses_tickets_until_space_is_freed(
    config: CentreConfig, tmp_path: Path, clock: Clock
) -> None:
    with _tiny_disk(tmp_path / "disk") as disk:
        db = disk / "rinda.db"
        async with start_server(config, db, clock) as running:

            @contextmanager
            def fault() -> Iterator[None]:
                filler = _fill(disk)
                try:
                    yield
                finally:
                    filler.unlink()

            await _drill(running, fault, "is full; free some space")
        assert await _tickets_on_disk(config, db) == ["A001", "A002"]


async def test_a_kiosk_is_offline_while_the_database_is_read_only_and_back_after(
    config: CentreConfig, db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real fault through the kiosk app, whose /health probes meet the real write check."""
    seen: list[str | None] = []  # what each of the kiosk's probes read

    def recording(url: str, *args: Any) -> Any:
        health = read_health(url, *args)
        seen.append(health)
        return health

    monkeypatch.setattr(kiosk.pages.offline, "read_health", recording)
    async with start_server(config, db_path, clock) as running:
        wal = db_path.with_name(db_path.name + "-wal")
        app = make_kiosk(running, storage_probe_interval=0.1)
        async with app.run_test(size=(80, 24)) as pilot:
            await to_ticket(pilot)
            assert text(app, "#number-plain") == "A001"
            await pilot.click("#done")
            await showing(pilot, "Latviešu")
            with _immutable(db_path, wal):
                await open_services(pilot, "en")
                await pilot.click("#svc-social")
                await showing(pilot, "Do you have priority?")
                await pilot.click("#prio-none")
                await showing(pilot, "No ticket was issued")
                await until(pilot, lambda: seen.count("degraded") >= 2)
                assert "No ticket was issued" in screen_text(app)
            await showing(pilot, "Latviešu")
            assert seen[-1] == "ok"
            await to_ticket(pilot)
            assert text(app, "#number-plain") == "A002"
    assert await _tickets_on_disk(config, db_path) == ["A001", "A002"]
