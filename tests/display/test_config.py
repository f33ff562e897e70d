"""The centre's optional [display] table reaches every display in its welcome."""

from __future__ import annotations

import argparse

import pytest

from server.config import ConfigError, loads
from tests.conftest import centre_toml
from tests.server.harness import Running, peer

ANONYMOUS = {"type": "hello", "protocol": 1, "role": "display"}


async def test_the_welcome_carries_the_display_settings(running: Running) -> None:
    async with peer(running.url, ANONYMOUS) as display:
        assert display.welcome["snapshot"]["display"] == {"notice": None, "history": 6}


def test_a_notice_in_three_languages_and_a_history_length_are_read() -> None:
    cfg = loads(centre_toml() + '[display]\nhistory = 3\nnotice = { lv = "a", ru = "b", en = "c" }')
    assert cfg.spec.display.history == 3
    assert cfg.spec.display.notice is not None and cfg.spec.display.notice.ru == "b"


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("history = 21", "display.history = 21: must be between 0 and 20"),
        ('notice = { lv = "a" }', "display.notice"),
        ("colour = 1", "display.colour: unknown key"),
    ],
)
def test_a_wrong_display_table_is_named(table: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error.replace("(", r"\(")):
        loads(centre_toml() + f"[display]\n{table}\n")


def test_the_command_line_makes_a_zone_or_a_window_display_and_refuses_both() -> None:
    from display.cli import add_arguments

    parser = argparse.ArgumentParser(exit_on_error=False)
    add_arguments(parser)
    assert parser.parse_args(["--services", "social, tax"]).services == ["social", "tax"]
    assert parser.parse_args(["--counter", "3"]).counter == "3"
    for wrong in (
        ["--services", "a b"],
        ["--services", ","],
        ["--counter", "3 4"],
        ["--counter", "3", "--services", "tax"],
    ):
        with pytest.raises(argparse.ArgumentError):
            parser.parse_args(wrong)
