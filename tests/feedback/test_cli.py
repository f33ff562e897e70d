"""`rinda feedback` options."""

from __future__ import annotations

import pytest

from server.cli import parser
from server.web import app_command


def test_feedback_options_and_the_server_alias() -> None:
    args = parser().parse_args(["feedback", "--token", "t", "--server", "ws://rinda:8750/ws"])
    assert (args.url, args.token, args.lang, args.thanks, args.web) == (
        "ws://rinda:8750/ws",
        "t",
        "lv",
        5.0,
        False,
    )
    args = parser().parse_args(["feedback", "--lang", "ru", "--thanks", "8", "--web"])
    assert (args.url, args.lang, args.thanks, args.web) == (
        "ws://127.0.0.1:8750/ws",
        "ru",
        8.0,
        True,
    )
    assert args.web_port == 8085


@pytest.mark.parametrize("value", ["0", "61", "soon", "nan"])
def test_a_thank_you_time_out_of_range_is_refused(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["feedback", "--thanks", value])
    assert "give a number of seconds from 1 to 60" in capsys.readouterr().err


def test_the_web_session_runs_the_tablet_with_its_token_out_of_sight() -> None:
    command, token = app_command(["feedback", "--web", "--token", "T", "--server", "ws://x/ws"])
    assert command[-3:] == ["feedback", "--server", "ws://x/ws"]
    assert token == "T"
