"""`rinda token ...` and `rinda clerk ...` as a centre's IT person uses them."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.cli import main
from server.config import CentreConfig
from server.store.clerks import verify_clerk
from server.store.events import EventStore
from server.store.tokens import add_token, find_token
from tests.conftest import Clock, centre_toml
from tests.server.harness import device, start_server


async def _run(argv: list[str]) -> int:
    """main() runs its own event loop, so call it from a worker thread."""
    return await asyncio.to_thread(main, argv)


async def _lookup(db: Path, token: str) -> tuple[str, str] | None:
    async with await EventStore.open(db) as store:
        return await find_token(store, token)


async def _verify(db: Path, clerk: str, pin: str) -> tuple[str, str] | None:
    async with await EventStore.open(db) as store:
        return await verify_clerk(store, clerk, pin)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the operator types at the PIN prompts, in order (each test fills it in)."""
    answers: list[str] = []
    feed: Iterator[str] = iter(answers)

    def fake(prompt: str = "Password: ") -> str:
        answer = next(feed, None)
        if answer is None:
            raise AssertionError(f"asked {prompt!r} with no answer left")
        return answer

    monkeypatch.setattr(getpass, "getpass", fake)
    return answers


# ---- tokens ---------------------------------------------------------------------------------


async def test_token_add_prints_a_working_token_and_says_whose_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert await _run(["token", "add", "--role", "counter", "--device", "c3", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert out == f"{token}\n"  # stdout: the token alone, for TOKEN=$(rinda token add ...)
    assert 'A new token for counter device "c3"' in err and "only its hash is stored" in err
    # The same way to pass it as docs/deploy.md and docs/feedback.md: not on the command line.
    assert "On that device: export RINDA_TOKEN=TOKEN, then rinda counter --url ws://" in err
    assert "--token" not in err
    assert await _lookup(db, token) == ("counter", "c3")
    assert token.encode() not in db.read_bytes()


async def test_token_add_refuses_a_device_not_in_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert await _run(["token", "add", "--role", "kiosk", "--device", "c3", "--db", str(db)]) == 2
    assert 'no kiosk device "c3"' in capsys.readouterr().err


async def test_revoking_a_device_without_tokens_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert (
        await _run(["token", "add", "--role", "kiosk", "--device", "kiosk-1", "--db", str(db)]) == 0
    )
    capsys.readouterr()
    assert await _run(["token", "revoke", "--device", "kiosk-2", "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        'rinda: device "kiosk-2" has no token to revoke (devices with tokens: kiosk-1)\n'
    )
    assert await _run(["token", "revoke", "--device", "kiosk-1", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "revoked 1 token(s) of kiosk-1\n"
    assert await _run(["token", "revoke", "--device", "kiosk-1", "--db", str(db)]) == 1
    assert "(devices with tokens: none)" in capsys.readouterr().err


async def test_token_list_shows_device_role_created_and_last_seen(
    tmp_path: Path, config: CentreConfig, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    centre = tmp_path / "centre.toml"
    centre.write_text(centre_toml(), encoding="utf-8")
    db = tmp_path / "rinda.db"
    listing = ["token", "list", "--config", str(centre), "--db", str(db)]
    assert await _run(listing) == 0
    assert capsys.readouterr().out.startswith("no device tokens yet")
    # The harness gives every configured device a token; k1 connects once, c2 never.
    async with start_server(config, db, clock) as running, device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    async with await EventStore.open(db) as store:
        await add_token(store, "kiosk", "old-kiosk")
    assert await _run(listing) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["device", "role", "created", "last", "seen"]
    rows = {line.split()[0]: line for line in lines[1:]}
    seen = clock.now.astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows["k1"].split()[1] == "kiosk" and rows["k1"].endswith(seen), rows["k1"]
    assert rows["c2"].split()[1] == "counter" and rows["c2"].endswith("never")
    assert "old-kiosk (not in the config)" in rows["old-kiosk"]


# ---- clerks ---------------------------------------------------------------------------------


async def test_clerk_add_asks_for_the_pin_twice_and_again_when_they_differ(
    tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    typed += ["480613", "480631", "777777", "480613", "480613"]
    assert await _run(["clerk", "add", "--id", "anna", "--name", "Anna", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "rinda: the two PINs differ; try again",
        "rinda: that PIN is too easy to guess (one digit repeated, or a run like 123456 or "
        "654321): choose another; try again",
    ]
    assert out == "clerk anna added\n"
    assert await _verify(db, "anna", "480613") == ("anna", "Anna")


async def test_three_failed_tries_at_the_pin_change_nothing(
    tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    typed += ["480613", "1", "480613", "2", "480613", "3"]
    assert await _run(["clerk", "add", "--id", "anna", "--name", "Anna", "--db", str(db)]) == 2
    assert "rinda: no PIN set after 3 tries: nothing was changed" in capsys.readouterr().err
    assert await _verify(db, "anna", "480613") is None


@pytest.mark.parametrize("bad", ["bad id!", "", "x" * 33, "anna\n", "ann\u0430"])
async def test_a_clerk_id_follows_the_rule_of_config_ids(
    tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", bad, "--name", "Anna", "--pin", "480613", "--db", str(db)]
    assert await _run(args) == 2
    err = capsys.readouterr().err
    assert 'a clerk id must use 1-32 letters, digits, "_", "." or "-"' in err
    assert err.count("\n") == 1 and not db.exists()


async def test_adding_an_existing_clerk_says_to_use_set_pin_before_asking_a_pin(
    tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    args = ["clerk", "add", "--id", "anna", "--name", "Anna", "--db", str(db)]
    assert await _run([*args, "--pin", "480613"]) == 0
    capsys.readouterr()
    assert await _run(args) == 1  # no PIN typed: `typed` is empty and was never asked
    assert capsys.readouterr().err == (
        'rinda: There is already a clerk "anna": give them a new PIN with `rinda clerk set-pin '
        "--id anna`, or a new name with `rinda clerk rename`.\n"
    )
    assert await _verify(db, "anna", "480613") == ("anna", "Anna")


async def test_set_pin_replaces_a_forgotten_pin(
    tmp_path: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    assert (
        await _run(
            ["clerk", "add", "--id", "anna", "--name", "Anna", "--pin", "480613", "--db", str(db)]
        )
        == 0
    )
    typed += ["915274", "915274"]
    assert await _run(["clerk", "set-pin", "--id", "anna", "--db", str(db)]) == 0
    assert capsys.readouterr().out.endswith("clerk anna has a new PIN\n")
    assert await _verify(db, "anna", "915274") == ("anna", "Anna")
    assert await _verify(db, "anna", "480613") is None
    assert await _run(["clerk", "set-pin", "--id", "anna", "--pin", "1234", "--db", str(db)]) == 2
    assert await _run(["clerk", "set-pin", "--id", "boris", "--db", str(db)]) == 1
    assert (
        'There is no clerk "boris" (`rinda clerk list` shows them all)' in capsys.readouterr().err
    )


async def test_list_rename_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "r.db"
    for cid, name in (("olga", "Olga Ozola"), ("anna", "Anna Bērziņa")):
        args = ["clerk", "add", "--id", cid, "--name", name, "--pin", "480613", "--db", str(db)]
        assert await _run(args) == 0
    assert (
        await _run(["clerk", "rename", "--id", "anna", "--name", "Anna Kalniņa", "--db", str(db)])
        == 0
    )
    assert (
        await _run(["clerk", "rename", "--id", "anna", "--name", "\x1b[2J", "--db", str(db)]) == 2
    )
    assert await _run(["clerk", "remove", "--id", "olga", "--db", str(db)]) == 0
    capsys.readouterr()
    assert await _run(["clerk", "list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "added"]
    assert [line.split()[:3] for line in lines[1:]] == [["anna", "Anna", "Kalniņa"]]
    assert await _verify(db, "anna", "480613") == ("anna", "Anna Kalniņa")
    assert await _verify(db, "olga", "480613") is None
    for action in (["remove"], ["rename", "--name", "O"]):
        assert await _run(["clerk", *action, "--id", "olga", "--db", str(db)]) == 1


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


async def test_a_refused_pin_does_not_touch_an_existing_clerk(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert (
        await _run(
            ["clerk", "add", "--id", "anna", "--name", "Anna", "--pin", "480613", "--db", str(db)]
        )
        == 0
    )
    assert await _run(["clerk", "set-pin", "--id", "anna", "--pin", "1234", "--db", str(db)]) == 2
    assert await _verify(db, "anna", "480613") == ("anna", "Anna")
