"""`rinda manager` on the command line: its options, and what it says without a token."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import cli


def test_options_reach_the_app() -> None:
    args = cli.parser().parse_args(
        ["manager", "--lang", "ru", "--token", "t", "--pause-alert", "20", "--export-to", "a.xlsx"]
    )
    assert (args.lang, args.token, args.pause_alert, args.export_to) == (
        "ru",
        "t",
        20,
        Path("a.xlsx"),
    )
    assert cli.parser().parse_args(["manager"]).pause_alert == 15


@pytest.mark.parametrize("minutes", ["0", "601", "-5", "ten"])
def test_a_bad_pause_alert_is_refused(minutes: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["manager", "--pause-alert", minutes])
    assert "whole minutes from 1 to 600" in capsys.readouterr().err


def test_without_a_token_it_says_how_to_get_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RINDA_TOKEN", raising=False)
    assert cli.main(["manager"]) == 2
    assert "rinda token add --role manager" in capsys.readouterr().err
