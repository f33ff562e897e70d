"""`rinda token add --role booking` makes a token the booking API takes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from server.cli import main
from server.config import ROLES
from server.store.events import EventStore
from server.store.tokens import find_token
from tests.api.conftest import booking_toml


async def test_a_booking_token_is_made_for_a_configured_website(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, db = tmp_path / "centre.toml", tmp_path / "r.db"
    config.write_text(booking_toml(), encoding="utf-8")
    argv = ["token", "add", "--role", "booking", "--device", "web", "--config", str(config)]
    assert await asyncio.to_thread(main, [*argv, "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert "Authorization: Bearer" in err and "docs/booking-api.md" in err
    async with await EventStore.open(db) as store:
        assert await find_token(store, out.strip()) == ("booking", "web")
    # A kiosk device cannot be given a booking token.
    kiosk = ["token", "add", "--role", "booking", "--device", "k1", "--config", str(config)]
    assert await asyncio.to_thread(main, [*kiosk, "--db", str(db)]) != 0


def test_the_command_line_offers_every_role() -> None:
    from server.cli_parser import parser

    with pytest.raises(SystemExit):
        parser().parse_args(["token", "add", "--role", "nobody", "--device", "x"])
    for role in ROLES:
        args = parser().parse_args(["token", "add", "--role", role, "--device", "x"])
        assert args.role == role
