"""A display device's own keys in [[devices]]: `services` makes it a zone display, `counter` a
window display; each names what exists, and only a display has a zone."""

from __future__ import annotations

import pytest

from server.config import ConfigError, loads
from tests.conftest import centre_toml


def with_device(lines: str) -> str:
    return centre_toml() + f'[[devices]]\nid = "wall"\n{lines}\n'


def test_a_display_may_show_a_zone_or_a_window() -> None:
    zone = loads(with_device('role = "display"\nservices = ["tax"]'))
    assert zone.devices["wall"].services == ["tax"]
    window = loads(with_device('role = "display"\ncounter = "3"'))
    assert window.devices["wall"].counter == "3"
    assert window.devices["wall"].services == []


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        pytest.param(
            'role = "display"\nservices = ["tax", "passports"]',
            'devices[8] (id "wall").services: "passports" is not a service id',
            id="unknown-service",
        ),
        pytest.param(
            'role = "display"\ncounter = "9"',
            'devices[8] (id "wall").counter = "9": no such counter in [[counters]]',
            id="unknown-counter",
        ),
        pytest.param(
            'role = "kiosk"\nservices = ["tax"]',
            'devices[8] (id "wall").services: only a display shows a zone of services, not a kiosk',
            id="zone-on-a-kiosk",
        ),
        pytest.param(
            'role = "display"\ncounter = "3"\nservices = ["tax"]',
            'devices[8] (id "wall").services: a window display (with a counter) shows its '
            "counter, not a zone",
            id="both",
        ),
    ],
)
def test_a_display_device_mistake_is_named(lines: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        loads(with_device(lines))
    assert problem in str(info.value)
