"""`rinda counter` on the command line: its options, and what it says without a token."""

from __future__ import annotations

import pytest

from server import cli


def test_the_counter_id_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["counter", "--token", "t"])
    assert "--counter" in capsys.readouterr().err


def test_options_reach_the_app() -> None:
    args = cli.parser().parse_args(["counter", "--counter", "3", "--lang", "ru", "--token", "t"])
    assert (args.counter, args.lang, args.token) == ("3", "ru", "t")


def test_without_a_token_it_says_how_to_get_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RINDA_TOKEN", raising=False)
    assert cli.main(["counter", "--counter", "3"]) == 2
    assert "rinda token add --role counter" in capsys.readouterr().err
