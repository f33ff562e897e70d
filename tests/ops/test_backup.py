"""`rinda backup` copies the live database while the server takes tickets; `rinda restore`
puts a copy back, and refuses what would lose data."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, tzinfo
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from server.cli import main
from server.config import CentreConfig
from server.store import backup as backup_module
from server.store.errors import StoreError
from server.store.events import EventStore
from server.store.tokens import add_token
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, rinda_serve, start_server
from tests.server.test_durability import LIMITS


async def _rinda(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server.cli",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(30):
        out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def _take_tickets(
    url: str, hello: dict[str, object], acked: list[str], enough: int, ready: asyncio.Event
) -> None:
    """One kiosk taking tickets as fast as the server answers, until cancelled; sets
    `ready` once `enough` are acknowledged."""
    prefix = f"{len(acked)}-{id(acked)}"  # request ids are idempotent: never reuse one
    async with connect(url) as ws:
        await ws.send(json.dumps(hello))
        json.loads(await ws.recv())
        for i in range(1_000_000):
            rid = f"{prefix}-{i}"
            await ws.send(json.dumps({"type": "take_ticket", "id": rid, "service": "social"}))
            while (reply := json.loads(await ws.recv())).get("re") != rid:
                pass
            acked.append(reply["ticket"]["number"])
            if len(acked) >= enough:
                ready.set()


async def _manager_tickets(url: str, token: str) -> list[str]:
    async with connect(url) as ws:
        await ws.send(
            json.dumps({"type": "hello", "protocol": 1, "role": "manager", "token": token})
        )
        welcome = json.loads(await ws.recv())
    return [t["number"] for t in welcome["snapshot"]["tickets"]]


async def test_backup_of_a_busy_server_restores_every_acknowledged_ticket(tmp_path: Path) -> None:
    config_file = tmp_path / "centre.toml"
    config_file.write_text(centre_toml(limits=LIMITS), encoding="utf-8")
    db = tmp_path / "live" / "rinda.db"
    async with await EventStore.open(db) as store:
        kiosk = await add_token(store, "kiosk", "k1")
        manager = await add_token(store, "manager", "m1")
    hello = {"type": "hello", "protocol": 1, "role": "kiosk", "token": kiosk}

    acked: list[str] = []
    copy = tmp_path / "copy.db"
    async with rinda_serve(config_file, db) as (_proc, ready_line):
        url = ready_line["url"]
        ready = asyncio.Event()
        stream = asyncio.create_task(_take_tickets(url, hello, acked, 50, ready))
        async with asyncio.timeout(30):
            await ready.wait()
        before = list(acked)
        code, out, err = await _rinda("backup", "--db", str(db), str(copy))
        during = len(acked) - len(before)
        stream.cancel()
        await asyncio.gather(stream, return_exceptions=True)
        assert code == 0, err
    assert during > 0, "the server stopped taking tickets while the backup ran"
    assert out.startswith("backed up ") and f"to {copy}" in out, out

    restored = tmp_path / "restored" / "rinda.db"
    code, out, err = await _rinda("restore", "--db", str(restored), str(copy))
    assert code == 0, err
    assert out.startswith("restored "), out

    async with rinda_serve(config_file, restored) as (_proc, ready_line):
        url = ready_line["url"]
        stored = await _manager_tickets(url, manager)
        # Everything acknowledged before the backup began is there, and the copy is one
        # consistent point of the log: the numbers run A001, A002, ... with no gap.
        assert set(before) <= set(stored)
        assert stored == [f"A{n:03d}" for n in range(1, len(stored) + 1)]
        after: list[str] = []
        ready = asyncio.Event()
        nxt = asyncio.create_task(_take_tickets(url, hello, after, 1, ready))
        async with asyncio.timeout(10):
            await ready.wait()
        nxt.cancel()
        await asyncio.gather(nxt, return_exceptions=True)
    assert after[0] == f"A{len(stored) + 1:03d}"


async def test_restore_refuses_a_database_in_use_and_keeps_it(
    running: Running, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    copy = tmp_path / "copy.db"
    assert main(["backup", "--db", str(db_path), str(copy)]) == 0
    assert "backed up" in capsys.readouterr().out
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    seq = running.server.owner.seq

    assert main(["restore", "--db", str(db_path), "--force", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "in use by a running Rinda server" in err and "stop it first" in err, err
    # The server was not disturbed: it still has both tickets and takes a third.
    async with device(running, "k1") as kiosk:
        third = await kiosk.ok("take_ticket", service="social")
    assert third["ticket"]["number"] == "A003"
    assert running.server.owner.seq > seq


async def test_a_second_server_on_the_same_database_refuses_to_start(
    running: Running, config: CentreConfig, db_path: Path
) -> None:
    with pytest.raises(StoreError, match="in use by a running Rinda server"):
        async with start_server(config, db_path, Clock()):
            pass


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "missing"])
async def test_restore_refuses_what_is_not_a_rinda_backup(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = tmp_path / "rinda.db"
    async with await EventStore.open(db) as store:
        await add_token(store, "kiosk", "k1")
    original = db.read_bytes()
    src = tmp_path / "src.db"
    if kind == "text":
        src.write_text("not a database\n" * 100, encoding="utf-8")
    elif kind == "other-sqlite":
        other = sqlite3.connect(src)
        other.execute("CREATE TABLE contacts (name TEXT)")
        other.commit()
        other.close()
    assert main(["restore", "--db", str(db), "--force", str(src)]) == 2
    err = capsys.readouterr().err
    expected = "does not exist" if kind == "missing" else "is not a Rinda database"
    assert err.startswith("rinda: ") and expected in err, err
    assert db.read_bytes() == original


async def test_backup_and_restore_never_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rinda.db"
    async with await EventStore.open(db) as store:
        await add_token(store, "kiosk", "k1")
    dest = tmp_path / "copy.db"
    dest.write_bytes(b"precious")
    assert main(["backup", "--db", str(db), str(dest)]) == 2
    assert "already exists; choose another name or add --force" in capsys.readouterr().err
    assert dest.read_bytes() == b"precious"
    assert main(["backup", "--db", str(db), "--force", str(dest)]) == 0
    assert "0 events" in capsys.readouterr().out

    target = tmp_path / "other.db"
    async with await EventStore.open(target):
        pass
    before = target.read_bytes()
    assert main(["restore", "--db", str(target), str(dest)]) == 2
    assert "add --force to replace it" in capsys.readouterr().err
    assert target.read_bytes() == before
    target.chmod(0o640)
    assert main(["restore", "--db", str(target), "--force", str(dest)]) == 0
    assert target.stat().st_mode & 0o777 == 0o640  # the server's user can still open it
    # The restored file carries the backup's token: the kiosk's token works against it.
    async with await EventStore.open(target) as restored:
        rows = await restored.fetch_rows("SELECT device FROM tokens")
    assert rows == [("k1",)]


async def test_backup_into_a_folder_names_a_dated_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rinda.db"
    async with await EventStore.open(db):
        pass
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", "--db", str(db), str(folder)]) == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("rinda-") and made.suffix == ".db"
    assert str(made) in capsys.readouterr().out


async def test_backup_into_a_new_folder_named_with_a_slash_makes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rinda.db"
    async with await EventStore.open(db):
        pass
    folder = tmp_path / "backups" / "rinda"
    assert main(["backup", "--db", str(db), f"{folder}/"]) == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("rinda-") and made.suffix == ".db"
    assert f"to {made}" in capsys.readouterr().out
    # Without the slash a missing name is a file to create, in a folder that must exist.
    assert main(["backup", "--db", str(db), str(tmp_path / "nowhere" / "copy.db")]) == 2
    assert "the folder" in capsys.readouterr().err and not (tmp_path / "nowhere").exists()


class _OneSecond(datetime):
    """A clock stuck in one second: every backup is made "at the same time"."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _OneSecond:
        return cls(2026, 11, 25, 18, 0, 0, 250_000, tzinfo=tz)


async def test_backups_made_in_one_second_never_replace_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "rinda.db"
    async with await EventStore.open(db) as store:
        await add_token(store, "kiosk", "k1")
    folder = tmp_path / "backups"
    monkeypatch.setattr(backup_module, "datetime", _OneSecond)
    for _ in range(3):
        assert main(["backup", "--db", str(db), f"{folder}/"]) == 0
    made = sorted(p.name for p in folder.iterdir())
    # Three whole copies, and no temporary file left behind.
    assert made == [
        "rinda-20261125-180000-2.db",
        "rinda-20261125-180000-3.db",
        "rinda-20261125-180000.db",
    ]
    for name in made:
        path = folder / name
        async with await EventStore.open(path) as copy:
            assert await copy.fetch_rows("SELECT device FROM tokens") == [("k1",)]
