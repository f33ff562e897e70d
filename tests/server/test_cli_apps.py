"""`rinda kiosk|display|counter|manager|feedback` refuse, before starting, a server address they
cannot connect to and a missing token: one line saying what to give, exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from server.cli import main
from server.cli_parser import APPS

# What each app needs beside --url and --token to start.
EXTRA = {"counter": ["--counter", "1"]}


def _refusal(app: str, *options: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([app, *options, *EXTRA.get(app, [])]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize("app", list(APPS))
@pytest.mark.parametrize(
    ("url", "meant"),
    [
        ("http://h:8750", "ws://h:8750/ws"),
        ("https://rinda.example.lv/", "wss://rinda.example.lv/ws"),
        ("http://h:8750/ws", "ws://h:8750/ws"),
    ],
)
def test_a_web_address_is_refused_with_the_ws_address_it_meant(
    app: str, url: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refusal(app, "--url", url, "--token", "t", capsys=capsys)
    assert err == f"rinda: --url {url} is a web address; the apps connect to {meant}"


@pytest.mark.parametrize("app", list(APPS))
def test_a_ws_address_without_the_path_is_refused_with_ws(
    app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refusal(app, "--url", "ws://h:8750", "--token", "t", capsys=capsys)
    assert err == "rinda: --url ws://h:8750 has no path; the server answers the apps on /ws: " + (
        "ws://h:8750/ws"
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://h:8750/ws", "is not a ws:// or wss:// address, e.g. ws://rinda-server:8750/ws"),
        ("rinda-server:8750", "has no scheme; the apps connect to ws://rinda-server:8750/ws"),
        ("ws:///ws", "has no server name, e.g. ws://rinda-server:8750/ws"),
        ("ws://h:99999/ws", "has no valid port (a number from 1 to 65535)"),
    ],
)
def test_other_addresses_are_refused_clearly(
    url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refusal("kiosk", "--url", url, "--token", "t", capsys=capsys)
    assert err.startswith(f"rinda: --url {url} {said}")


def test_the_tablets_server_alias_is_named_as_given(capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal("feedback", "--server", "http://h:8750", "--token", "t", capsys=capsys)
    assert (
        err == "rinda: --server http://h:8750 is a web address; the apps connect to ws://h:8750/ws"
    )


def test_a_long_address_is_not_echoed_at_length(capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal("kiosk", "--url", "http://h/" + "x" * 5000, "--token", "t", capsys=capsys)
    assert len(err) < 300


@pytest.mark.parametrize("app", ["kiosk", "counter", "manager", "feedback"])
@pytest.mark.parametrize("token", [None, ""])
def test_an_app_without_a_token_stops_at_once(
    app: str, token: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # --token's default is read from the environment when the parser is built.
    monkeypatch.delenv("RINDA_TOKEN", raising=False)
    if token is not None:
        monkeypatch.setenv("RINDA_TOKEN", token)
    for web in ([], ["--web"]):
        err = _refusal(app, *web, capsys=capsys)
        assert err == (
            "rinda: no token: give --token or set RINDA_TOKEN "
            f"(on the server: rinda token add --role {app} --device ID)"
        )


def test_the_command_itself_exits_2_with_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "feedback", "--url", "http://127.0.0.1:18751"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": ""},
    )
    assert done.returncode == 2
    assert done.stderr == (
        "rinda: --url http://127.0.0.1:18751 is a web address; the apps connect to "
        "ws://127.0.0.1:18751/ws\n"
    )
