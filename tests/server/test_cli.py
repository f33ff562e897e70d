"""The `rinda` command as an operator uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server import __version__
from server.cli import main
from server.config import default_text, loads
from server.store.clerks import verify_clerk
from server.store.events import EventStore
from server.store.tokens import find_token


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"rinda {__version__}"


def test_installed_console_script_answers() -> None:
    out = subprocess.run(
        [Path(sys.executable).with_name("rinda"), "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--db" in out and "--config" in out and "examples:" in out


def test_check_config_accepts_the_embedded_centre(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "centre.toml"
    f.write_text(default_text(), encoding="utf-8")
    assert main(["check-config", str(f)]) == 0
    assert "ok (8 services, 7 counters)" in capsys.readouterr().out


def test_check_config_names_key_value_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "centre.toml"
    f.write_text(default_text().replace('prefix = "B"', 'prefix = "b7"', 1), encoding="utf-8")
    assert main(["check-config", str(f)]) == 2
    err = capsys.readouterr().err
    assert 'services[1].prefix = "b7"' in err
    assert "capital letters" in err


def test_check_config_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read" in capsys.readouterr().err


async def _lookup(db: Path, token: str) -> tuple[str, str] | None:
    store = await EventStore.open(db)
    try:
        return await find_token(store, token)
    finally:
        await store.close()


async def test_token_add_prints_a_working_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert await _run(["token", "add", "--role", "counter", "--device", "c3", "--db", str(db)]) == 0
    token = capsys.readouterr().out.strip()
    assert await _lookup(db, token) == ("counter", "c3")
    assert token.encode() not in db.read_bytes()


async def test_token_add_refuses_a_device_not_in_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert await _run(["token", "add", "--role", "kiosk", "--device", "c3", "--db", str(db)]) == 2
    assert 'no kiosk device "c3"' in capsys.readouterr().err


async def test_clerk_add_stores_a_pin_that_verifies(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", "anna", "--name", "Anna Bērziņa", "--pin", "480613"]
    assert await _run([*args, "--db", str(db)]) == 0
    store = await EventStore.open(db)
    try:
        assert await verify_clerk(store, "anna", "480613") == ("anna", "Anna Bērziņa")
        assert await verify_clerk(store, "anna", "000000") is None
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        ("1234", "a PIN is 6 to 12 digits (0-9), nothing else"),
        ("48061a", "a PIN is 6 to 12 digits (0-9), nothing else"),
        ("4806132222222", "a PIN is 6 to 12 digits (0-9), nothing else"),
        ("777777", "too easy to guess (one digit repeated, or a run like 123456 or 654321)"),
        ("123456", "too easy to guess"),
        ("3456789", "too easy to guess"),
        ("654321", "too easy to guess"),
        ("121212", "too easy to guess (a short group repeated)"),
        ("480480", "too easy to guess (a short group repeated)"),
    ],
)
async def test_clerk_add_refuses_a_weak_pin_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pin: str, says: str
) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", "anna", "--name", "Anna", "--pin", pin, "--db", str(db)]
    assert await _run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("rinda: ") and says in err and err.count("\n") == 1, err
    assert not db.exists()


async def test_a_refused_pin_does_not_touch_an_existing_clerk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", "anna", "--name", "Anna", "--db", str(db)]
    assert await _run([*args, "--pin", "480613"]) == 0
    assert await _run([*args, "--pin", "1234"]) == 2
    store = await EventStore.open(db)
    try:
        assert await store._fetch("SELECT id FROM clerks") == [("anna",)]
        assert await verify_clerk(store, "anna", "480613") == ("anna", "Anna")
    finally:
        await store.close()


async def test_clerk_add_replace_moves_a_clerk_to_a_new_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", "anna", "--name", "Anna", "--db", str(db)]
    assert await _run([*args, "--pin", "480613"]) == 0
    assert await _run([*args, "--pin", "915274"]) == 2
    assert "rinda clerk add --replace" in capsys.readouterr().err
    assert await _run([*args, "--pin", "915274", "--replace"]) == 0
    store = await EventStore.open(db)
    try:
        assert await verify_clerk(store, "anna", "915274") == ("anna", "Anna")
        assert await verify_clerk(store, "anna", "480613") is None
    finally:
        await store.close()


async def _run(argv: list[str]) -> int:
    """main() runs its own event loop, so call it from a worker thread."""
    import asyncio

    return await asyncio.to_thread(main, argv)


def test_default_centre_is_realistic() -> None:
    cfg = loads(default_text())
    assert cfg.spec.centre.timezone == "Europe/Riga"
    assert 6 <= len(cfg.counters) <= 8
    assert len(cfg.priorities) >= 3
    for sid in cfg.services:
        assert sum(sid in c.services for c in cfg.counters.values()) >= 2


def test_serve_logs_one_line_per_event_at_the_chosen_level(tmp_path: Path) -> None:
    import json
    import urllib.request

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--log-level",
            "WARNING",
            "--port",
            "0",
            "--announce",
            "--db",
            str(tmp_path / "r.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = json.loads(proc.stdout.readline())["port"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
            assert json.loads(r.read())["status"] == "ok"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    # INFO lines ("listening on", "state rebuilt") are below the chosen level.
    assert "listening on" not in err
    assert proc.returncode == 0
