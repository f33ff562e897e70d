"""The `[feedback]` table of a centre file: defaults when absent, reasons in the order given,
and every mistake named with its key."""

from __future__ import annotations

import pytest

from server import config as cfg
from tests.conftest import centre_toml


def test_without_a_feedback_table_the_phone_asks_with_the_four_default_reasons() -> None:
    fb = cfg.loads(centre_toml()).feedback
    assert (fb.phone, fb.change_min, fb.max_changes, fb.comment_chars) == (True, 60, 5, 0)
    assert fb.tablet_window_min == 10
    assert list(fb.reasons) == ["waited_too_long", "not_helped", "unclear_information", "other"]
    assert fb.reasons["not_helped"].get("lv") == "Man nevarēja palīdzēt"


def test_configured_reasons_replace_the_defaults_in_their_order() -> None:
    toml = (
        centre_toml()
        + """
[feedback]
comment_chars = 200
[feedback.reasons.rude]
lv = "Nelaipna apkalpošana"
ru = "Невежливое обслуживание"
en = "Unfriendly service"
[feedback.reasons.queue]
lv = "Rinda"
ru = "Очередь"
en = "The queue"
"""
    )
    fb = cfg.loads(toml).feedback
    assert list(fb.reasons) == ["rude", "queue"]
    assert fb.comment_chars == 200


def test_a_feedback_tablet_device_may_name_a_counter() -> None:
    toml = centre_toml() + '[[devices]]\nid = "fb1"\nrole = "feedback"\ncounter = "2"\n'
    toml += '[[devices]]\nid = "fb2"\nrole = "feedback"\n'
    devices = cfg.loads(toml).devices
    assert (devices["fb1"].counter, devices["fb2"].counter) == ("2", None)


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("change_min = 0", "feedback.change_min = 0: must be between 1 and 1440"),
        ("max_changes = 0", "feedback.max_changes = 0: must be between 1 and 20"),
        ("comment_chars = 501", "feedback.comment_chars = 501: must be between 0 and 500"),
        ("tablet_window_min = -1", "feedback.tablet_window_min = -1: must be between 0 and 1440"),
        ('phone = "yes"', 'feedback.phone: expected true or false, got "yes"'),
        ("change_mins = 5", "feedback.change_mins: unknown key; did you mean change_min?"),
        (
            '[feedback.reasons."bad id!"]\nlv = "a"\nru = "b"\nen = "c"',
            'feedback.reasons."bad id!": use 1-32 letters',
        ),
        (
            '[feedback.reasons.x]\nlv = ""\nru = "b"\nen = "c"',
            'feedback.reasons.x.lv = "": use 1-60 characters on one line',
        ),
        ('[feedback.reasons.x]\nlv = "a"\nru = "b"', "feedback.reasons.x.en: missing"),
    ],
)
def test_every_feedback_mistake_is_named(table: str, problem: str) -> None:
    with pytest.raises(cfg.ConfigError) as info:
        cfg.loads(centre_toml() + "\n[feedback]\n" + table + "\n")
    assert problem in str(info.value)


def test_a_feedback_tablet_of_an_unknown_counter_is_named() -> None:
    toml = centre_toml() + '[[devices]]\nid = "fb1"\nrole = "feedback"\ncounter = "9"\n'
    with pytest.raises(cfg.ConfigError) as info:
        cfg.loads(toml)
    assert 'devices[8] (id "fb1").counter = "9": no such counter' in str(info.value)
