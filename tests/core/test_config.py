"""The centre's TOML config: a good file loads into typed settings; every mistake is reported
as a ConfigError that names the key, the value and what is wrong."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from server import config as cfg

VALID = """
[centre]
name = { lv = "Valmieras VPVKAC", ru = "Valmiera", en = "Valmiera one-stop centre" }
timezone = "Europe/Riga"

[hours]
mon = ["08:30-12:00", "13:00-17:00"]
sat = ["09:00-24:00"]
holidays = [2026-06-23, 2026-06-24]

[[institutions]]
id = "vid"
name = { lv = "VID", ru = "СГД", en = "State Revenue Service" }

[[services]]
id = "tax"
prefix = "A"
name = { lv = "Nodokļi", ru = "Налоги", en = "Taxes" }
institution = "vid"
default_service_min = 12

[[services]]
id = "pass"
prefix = "PS"
name = { lv = "Pase", ru = "Паспорт", en = "Passport" }
institution = "vid"
digits = 4

[[priorities]]
id = "senior"
name = { lv = "Seniors", ru = "Пенсионер", en = "Senior" }
weight = 3

[[counters]]
id = "c1"
name = "Logs 1"
services = ["tax", "pass"]
weights = { pass = 2.0 }

[[devices]]
id = "desk1"
role = "counter"
counter = "c1"

[policy]
name = "strict"
"""


def load(text: str) -> cfg.CentreConfig:
    return cfg.loads(text)


def error(text: str) -> str:
    with pytest.raises(cfg.ConfigError) as info:
        cfg.loads(text)
    return str(info.value)


def test_a_valid_config_loads_into_typed_lookups():
    c = load(VALID)
    assert c.tz.key == "Europe/Riga"
    assert list(c.services) == ["tax", "pass"]
    assert c.services["tax"].default_service_min == 12.0
    assert c.services["tax"].stop_issuing_min == 15 and c.services["pass"].digits == 4
    assert c.priorities["senior"].weight == 3.0
    assert c.counters["c1"].weight("pass") == 2.0 and c.counters["c1"].weight("tax") == 1.0
    assert c.devices["desk1"].counter == "c1"
    assert c.spec.policy.name == "strict"
    assert c.holidays == {date(2026, 6, 23), date(2026, 6, 24)}
    mon = c.hours[0]
    assert [(s.start, s.end) for s in mon] == [(time(8, 30), time(12)), (time(13), time(17))]
    assert c.hours[5][0].end is None  # "24:00" is the end of the day
    assert c.hours[6] == () and c.name.get("en") == "Valmiera one-stop centre"


def test_defaults_fill_in_what_a_small_centre_leaves_out():
    c = load(
        """
[centre]
name = { lv = "a", ru = "a", en = "a" }
[[services]]
id = "a"
prefix = "A"
name = { lv = "a", ru = "a", en = "a" }
institution = "x"
"""
    )
    assert c.tz.key == "Europe/Riga" and c.spec.policy.name == "accumulating"
    assert c.counters == {} and c.priorities == {} and all(c.hours[d] == () for d in range(7))


def test_a_config_file_loads_and_a_missing_one_says_so(tmp_path: Path):
    path = tmp_path / "centre.toml"
    path.write_text(VALID, encoding="utf-8")
    assert list(cfg.load(path).services) == ["tax", "pass"]
    with pytest.raises(cfg.ConfigError, match=r"cannot read .*nowhere\.toml"):
        cfg.load(tmp_path / "nowhere.toml")


def swap(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(
            swap("default_service_min = 12", 'default_service_min = "twelve"'),
            ["services[0].default_service_min", "'twelve'", "expected `float`, got `str`"],
            id="wrong-type",
        ),
        pytest.param(
            swap("digits = 4", "digits = 4.5"),
            ["services[1].digits", "4.5", "expected `int`, got `float`"],
            id="float-for-int",
        ),
        pytest.param(
            swap('sat = ["09:00-24:00"]', "sat = [9]"),
            ["hours.sat[0]", "9", "expected `str`, got `int`"],
            id="hours-not-text",
        ),
        pytest.param(
            swap("digits = 4", 'digits = 4\ncolour = "red"'),
            ["services[1]", "colour", "unknown field"],
            id="unknown-field",
        ),
        pytest.param(
            swap('sat = ["09:00-24:00"]', 'saturday = ["09:00-24:00"]'),
            ["hours", "saturday", "unknown field"],
            id="unknown-weekday",
        ),
        pytest.param(
            'colour = "red"\n' + VALID, ["colour", "unknown field"], id="unknown-top-level"
        ),
        pytest.param(
            swap('id = "pass"', 'id = "tax"'),
            ['services[1].id = "tax"', "used twice"],
            id="duplicate-service-id",
        ),
        pytest.param(
            swap('prefix = "PS"', 'prefix = "A"'),
            ['services[1].prefix = "A"', 'already the prefix of service "tax"'],
            id="duplicate-prefix",
        ),
        pytest.param(
            swap('prefix = "PS"', 'prefix = "p1"'),
            ['services[1].prefix = "p1"', "capital letters"],
            id="bad-prefix",
        ),
        pytest.param(
            swap('services = ["tax", "pass"]', 'services = ["tax", "visa"]'),
            ["counters[0].services", '"visa"', "not a service id"],
            id="counter-names-missing-service",
        ),
        pytest.param(
            swap("weights = { pass = 2.0 }", "weights = { visa = 2.0 }"),
            ["counters[0].weights.visa = 2.0", 'does not serve "visa"'],
            id="weight-for-unserved-service",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"17:00-13:00"'),
            ['hours.mon[1] = "17:00-13:00"', "ends before it starts"],
            id="span-backwards",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"13:00-25:00"'),
            ['hours.mon[1] = "13:00-25:00"', "not a time of day"],
            id="span-not-a-time",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"1pm-5pm"'),
            ['hours.mon[1] = "1pm-5pm"', 'like "08:30-17:00"'],
            id="span-unparsable",
        ),
        pytest.param(
            swap('timezone = "Europe/Riga"', 'timezone = "Europe/Rīga"'),
            ['centre.timezone = "Europe/Rīga"', "not a known time zone"],
            id="unknown-time-zone",
        ),
        pytest.param(
            swap("weight = 3", "weight = 0.5"),
            ["priorities[0].weight = 0.5", "between 1 and 100"],
            id="priority-weight",
        ),
        pytest.param(
            swap('name = "strict"', 'name = "random"'),
            ["policy.name", "'random'", "invalid enum value"],
            id="unknown-policy",
        ),
        pytest.param(
            swap('counter = "c1"', 'counter = "c9"'),
            ['devices[0].counter = "c9"', "needs the id of a counter"],
            id="device-names-missing-counter",
        ),
        pytest.param(
            swap('institution = "vid"\ndigits', 'institution = "tax-office"\ndigits'),
            ['services[1].institution = "tax-office"', "no such institution"],
            id="unknown-institution",
        ),
        pytest.param(swap("[policy]", "[policy"), ["not valid TOML", "line"], id="bad-toml"),
    ],
)
def test_each_mistake_names_the_key_the_value_and_the_problem(text, says):
    message = error(text)
    for part in says:
        assert part in message, f"{part!r} not in {message!r}"
    assert "Traceback" not in message and "\n" not in message


def test_a_centre_without_services_is_refused():
    start, end = VALID.index("[[services]]"), VALID.index("[[priorities]]")
    text = "services = []\n" + VALID[:start] + VALID[end:]
    assert error(text) == "services = []: a centre needs at least one service"
    assert "missing required field `services`" in error(VALID[:start] + VALID[end:])
