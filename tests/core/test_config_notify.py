"""`[remote] notify_url` and `notify_before_min` (server/config_remote.py): an address the
notifier can POST to, or a clear problem naming the key; a gateway of a centre that takes no
remote tickets is a warning (nothing would ever be sent)."""

from __future__ import annotations

import pytest

from server import config as cfg
from tests.conftest import centre_toml


def load(remote: str) -> cfg.CentreConfig:
    return cfg.loads(centre_toml() + "\n[remote]\n" + remote)


@pytest.mark.parametrize(
    "url",
    ["https://sms.dome.example.lv/send", "http://10.0.0.5:8080/notify?key=abc", "http://[::1]/"],
)
def test_a_gateway_address_is_taken(url: str) -> None:
    config = load(f'enabled = true\nnotify_url = "{url}"\nnotify_before_min = 30\n')
    assert (config.remote.notify_url, config.remote.notify_before_min) == (url, 30)
    assert config.warnings == ()


@pytest.mark.parametrize(
    "url",
    [
        "sms.dome.example.lv/send",
        "ftp://dome.example.lv/",
        "http://",
        "https:///send",
        "http://dome.example.lv:99999/",
        "http://dome example.lv/",
        "http://dome.example.lv/\\u0007",
        "https://dome.example.lv/" + "a" * 500,
    ],
)
def test_anything_else_is_a_problem_named_by_its_key(url: str) -> None:
    with pytest.raises(cfg.ConfigError) as info:
        load(f'enabled = true\nnotify_url = "{url}"\n')
    assert "remote.notify_url" in str(info.value)
    assert "http:// or https:// address with a host" in str(info.value)


@pytest.mark.parametrize("minutes", [0, 241])
def test_the_minutes_before_are_bounded(minutes: int) -> None:
    with pytest.raises(cfg.ConfigError, match=r"remote\.notify_before_min.*between 1 and 240"):
        load(f"notify_before_min = {minutes}\n")


def test_a_gateway_without_remote_joining_is_a_warning() -> None:
    config = load('notify_url = "https://sms.dome.example.lv/send"\n')
    assert config.warnings == ("remote.notify_url: nothing is sent while `enabled = false`",)
