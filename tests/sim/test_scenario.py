"""Scenario files: every problem named at once, in plain words, and nothing run."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from server.config import ConfigError
from server.sim.scenario import MAX_BYTES, SHIPPED, load, loads, shipped_name
from tests.sim.worlds import centre, scenario_dir


def _problems(tmp_path: Path, body: str, **kw: object) -> str:
    with pytest.raises(ConfigError) as e:
        load(str(scenario_dir(tmp_path, body, **kw)))
    return str(e.value)


def test_every_bad_key_is_named_at_once(tmp_path: Path) -> None:
    text = _problems(
        tmp_path,
        """
start = 2026-11-26
days = 0
no_show = 1.5
appointment_arrival_min = [5, -5]
[profile]
25 = 1.0
9 = -2
[priorities]
disability = 0.7
vip = 0.5
[[services]]
id = "social"
per_hour = -1
shape = "exponential"
cv = 0.5
appointments = 0.5
[[services]]
id = "passports"
per_hour = 3
[[counters]]
id = "1"
hours = "11:00-10:00"
[[counters]]
id = "9"
""",
    )
    for needle in (
        "days = 0: expected 1 to 366 days",
        "no_show = 1.5: expected a share from 0 to below 1",
        "appointment_arrival_min: expected [earliest, latest]",
        'profile."25": expected an hour 0 to 23',
        "profile.9 = -2.0: expected a multiplier 0 to 100",
        'priorities."vip": not a priority of the centre (disability, senior)',
        "priorities: the shares add up to more than 1",
        'services[1] (id "social").per_hour = -1.0: expected 0 to 10000',
        'services[1] (id "social").cv = 0.5: an exponential time has cv 1',
        'services[1] (id "social").appointments: this service takes no bookings',
        'services[2] (id "passports").id: not a service of the centre (social, tax)',
        'counters[1] (id "1").hours = "11:00-10:00"',
        'counters[2] (id "9").id: not a counter of the centre (1, 2, 3)',
    ):
        assert needle in text, (needle, text)
    assert text.startswith(str(tmp_path / "scenario.toml"))


def test_a_service_no_working_counter_serves_is_named(tmp_path: Path) -> None:
    # Counter 3 serves only "tax" (tests/conftest.py centre_toml): "social" would only queue.
    body = 'start = 2026-11-26\n[[services]]\nid = "social"\nper_hour = 4\n'
    body += '[[services]]\nid = "tax"\nper_hour = 4\n[[counters]]\nid = "3"\n'
    text = _problems(tmp_path, body)
    assert 'services[1] (id "social").id: no counter working in this scenario serves it' in text
    assert "tax" not in text.split("serves it")[-1]


def test_wrong_kinds_are_named_before_meanings(tmp_path: Path) -> None:
    text = _problems(
        tmp_path, 'start = "soon"\ndays = "many"\ncolour = 1\n[[services]]\nper_hour = 3\n'
    )
    assert "colour: unknown key (the keys are: centre_file, description, start" in text
    assert 'start: expected a date like 2026-06-23, got "soon"' in text
    assert 'days: expected a whole number, got "many"' in text
    assert "services[1].id: missing: this key is required" in text


def test_the_centre_is_checked_too_and_must_be_given_once(tmp_path: Path) -> None:
    (tmp_path / "bad_centre.toml").write_text("[centre]\n", encoding="utf-8")
    body = 'start = 2026-11-26\n[[services]]\nid = "tax"\nper_hour = 1\n'
    with pytest.raises(ConfigError, match=r"(?s)bad_centre\.toml: .*centre\.name: missing"):
        loads('centre_file = "bad_centre.toml"\n' + body, tmp_path)
    with pytest.raises(ConfigError, match="give the centre as centre_file or as a"):
        loads(body, tmp_path)
    with pytest.raises(ConfigError, match="cannot read"):
        loads('centre_file = "nowhere.toml"\n' + body, tmp_path)


def test_an_embedded_centre_works_like_a_centre_file(tmp_path: Path) -> None:
    body = 'start = 2026-11-26\n[[services]]\nid = "tax"\nper_hour = 2\n'
    # Every table of the centre file moved under [centre_config].
    embedded = re.sub(r"^\[(\[?)", r"[\1centre_config.", centre(), flags=re.MULTILINE)
    scenario = loads(body + embedded, tmp_path).scenario
    assert list(scenario.config.services) == ["social", "tax"]
    assert scenario.demand[0].mean_service_s == 600  # the centre's default_service_min


def test_a_bad_embedded_centre_is_named_under_centre_config(tmp_path: Path) -> None:
    body = 'start = 2026-11-26\n[[services]]\nid = "tax"\nper_hour = 2\n'
    with pytest.raises(ConfigError) as e:
        loads(
            body + "[centre_config]\nservices = []\n[centre_config.centre]\ncolour = 1\n", tmp_path
        )
    assert "centre_config: centre.colour: unknown key" in str(e.value)
    with pytest.raises(ConfigError, match="centre_config: expected a table"):
        loads("centre_config = 3\n" + body, tmp_path)


def test_defaults_overrides_and_shifts(tmp_path: Path) -> None:
    body = """
start = 2026-11-26
policy = "strict"
[profile]
9 = 2.0
[priorities]
senior = 0.1
[[services]]
id = "tax"
per_hour = 4
service_min = 7
shape = "lognormal"
cv = 0.5
[[services]]
id = "social"
per_hour = 1
profile = { 10 = 0.5 }
priorities = {}
[[counters]]
id = "2"
hours = "09:30-24:00"
[[counters]]
id = "3"
"""
    loaded = load(str(scenario_dir(tmp_path, body)), days=3)
    sc = loaded.scenario
    assert sc.days == 3 and sc.config.spec.policy.name == "strict"
    tax, social = sc.demand
    assert (tax.mean_service_s, tax.shape, tax.cv, tax.profile) == (420, "lognormal", 0.5, {9: 2.0})
    assert tax.priorities == {"senior": 0.1}
    assert (social.profile, social.priorities) == ({10: 0.5}, {})
    assert sc.counters == ["2", "3"] and "3" not in sc.shifts
    assert sc.shifts["2"].opens == time(9, 30) and sc.shifts["2"].closes == time.max
    assert (
        load(str(scenario_dir(tmp_path, body)), policy="fifo").scenario.config.spec.policy.name
        == "fifo"
    )


def test_a_huge_or_binary_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_BYTES, encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than 512 KiB"):
        load(str(big))
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(str(binary))
    with pytest.raises(ConfigError, match="not valid TOML"):
        loads("start = ", tmp_path)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_load_by_name(name: str) -> None:
    loaded = load(name)
    assert loaded.name == name and loaded.description
    assert loaded.scenario.demand and loaded.scenario.days >= 1


def test_shipped_names_may_be_shortened_when_unambiguous() -> None:
    assert shipped_name("busy") == "busy_regional"
    assert shipped_name("monday_overload.toml") == "monday_overload"
    assert shipped_name("") is None and shipped_name("x") is None
    with pytest.raises(ConfigError, match="neither a scenario file nor one of"):
        load("nothing-like-it")
