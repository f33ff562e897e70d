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


def test_per_clerk_report_figures_are_off_unless_switched_on():
    assert cfg.loads(VALID).spec.reports.per_clerk is False
    assert cfg.loads(VALID + "\n[reports]\nper_clerk = true\n").spec.reports.per_clerk is True


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


SERVICE_KEYS = (
    "id, prefix, name, institution, target_wait_min, stop_issuing_min, default_service_min, "
    "digits, booking"
)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param(
            swap("default_service_min = 12", 'default_service_min = "twelve"'),
            ['services[1] (id "tax").default_service_min: expected a number, got "twelve"'],
            id="wrong-type",
        ),
        pytest.param(
            swap("digits = 4", "digits = 4.5"),
            ['services[2] (id "pass").digits: expected a whole number, got 4.5'],
            id="float-for-int",
        ),
        pytest.param(
            swap('sat = ["09:00-24:00"]', "sat = [9]"),
            ["hours.sat[1]: expected text in quotes, got 9"],
            id="hours-not-text",
        ),
        pytest.param(
            swap("digits = 4", 'digits = 4\ncolour = "red"'),
            [
                f'services[2] (id "pass").colour: unknown key (the keys of services[2] '
                f'(id "pass") are: {SERVICE_KEYS})'
            ],
            id="unknown-field",
        ),
        pytest.param(
            swap('sat = ["09:00-24:00"]', 'saturday = ["09:00-24:00"]'),
            ["hours.saturday: unknown key; did you mean sat?"],
            id="unknown-weekday",
        ),
        pytest.param(
            VALID + '\n[reports]\nper_clerk = "yes"\n',
            ['reports.per_clerk: expected true or false, got "yes"'],
            id="per-clerk-not-a-boolean",
        ),
        pytest.param(
            swap("[policy]", "[policies]"),
            ["policies: unknown key; did you mean policy?"],
            id="unknown-table",
        ),
        pytest.param(
            'colour = "red"\n' + VALID,
            [
                "colour: unknown key (the keys are: centre, services, hours, institutions, "
                "priorities, counters, devices, policy, limits, display, counter_rules, "
                "bookings, reports, feedback, remote)"
            ],
            id="unknown-top-level",
        ),
        pytest.param(
            swap('id = "pass"', 'id = "tax"'),
            [
                'services[2].id = "tax": this id is used twice (also by services[1])',
                # True as well: the second service is no longer called "pass".
                'counters[1] (id "c1").services: "pass" is not a service id',
            ],
            id="duplicate-service-id",
        ),
        pytest.param(
            swap('id = "desk1"', 'id = "desk 1!"'),
            ['devices[1].id = "desk 1!": use 1-32 letters, digits, "_", "." or "-"'],
            id="bad-id",
        ),
        pytest.param(
            swap('prefix = "PS"', 'prefix = "A"'),
            ['services[2] (id "pass").prefix = "A": already the prefix of service "tax"'],
            id="duplicate-prefix",
        ),
        pytest.param(
            swap('prefix = "PS"', 'prefix = "p1"'),
            ['services[2] (id "pass").prefix = "p1": use one or two capital letters A-Z'],
            id="bad-prefix",
        ),
        pytest.param(
            swap('services = ["tax", "pass"]', 'services = ["tax", "visa"]'),
            [
                'counters[1] (id "c1").services: "visa" is not a service id',
                'counters[1] (id "c1").weights.pass = 2.0: the counter does not serve "pass"',
            ],
            id="counter-names-missing-service",
        ),
        pytest.param(
            swap("weights = { pass = 2.0 }", "weights = { visa = 2.0 }"),
            ['counters[1] (id "c1").weights.visa = 2.0: the counter does not serve "visa"'],
            id="weight-for-unserved-service",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"17:00-13:00"'),
            ['hours.mon[2] = "17:00-13:00": the span ends before it starts'],
            id="span-backwards",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"13:00-25:00"'),
            ['hours.mon[2] = "13:00-25:00": not a time of day'],
            id="span-not-a-time",
        ),
        pytest.param(
            swap('"13:00-17:00"', '"1pm-5pm"'),
            ['hours.mon[2] = "1pm-5pm": expected a span like "08:30-17:00"'],
            id="span-unparsable",
        ),
        pytest.param(
            swap('timezone = "Europe/Riga"', 'timezone = "Europe/Rīga"'),
            ['centre.timezone = "Europe/Rīga": not a known time zone (for example "Europe/Riga")'],
            id="unknown-time-zone",
        ),
        pytest.param(
            swap("weight = 3", "weight = 0.5"),
            ['priorities[1] (id "senior").weight = 0.5: must be between 1 and 100'],
            id="priority-weight",
        ),
        pytest.param(
            swap('name = "strict"', 'name = "random"'),
            ['policy.name: expected one of "accumulating", "fifo", "strict", got "random"'],
            id="unknown-policy",
        ),
        pytest.param(
            swap('counter = "c1"', 'counter = "c9"'),
            ['devices[1] (id "desk1").counter = "c9": a counter device needs the id of a counter'],
            id="device-names-missing-counter",
        ),
        pytest.param(
            swap('institution = "vid"\ndigits', 'institution = "tax-office"\ndigits'),
            [
                'services[2] (id "pass").institution = "tax-office": no such institution in '
                "[[institutions]]"
            ],
            id="unknown-institution",
        ),
        pytest.param(
            swap('name = { lv = "Pase", ru = "Паспорт", en = "Passport" }', 'name = "Pase"'),
            [
                'services[2] (id "pass").name: expected a table like { lv = …, ru = …, en = … }, '
                'got "Pase"'
            ],
            id="text-not-a-table",
        ),
        pytest.param(
            swap(
                'name = { lv = "Pase", ru = "Паспорт", en = "Passport" }', 'name = { lv = "Pase" }'
            ),
            [
                'services[2] (id "pass").name.ru: missing: this key is required',
                'services[2] (id "pass").name.en: missing: this key is required',
            ],
            id="text-missing-languages",
        ),
    ],
)
def test_each_mistake_names_the_key_the_value_and_the_problem(text, problems):
    with pytest.raises(cfg.ConfigError) as info:
        cfg.loads(text)
    assert list(info.value.problems) == problems
    assert "Traceback" not in str(info.value)


def test_a_bad_toml_file_says_where():
    message = error(swap("[policy]", "[policy"))
    assert message.startswith("not valid TOML: ") and "(at line " in message


def test_every_problem_is_reported_at_once_one_per_line():
    text = swap("digits = 4", 'digits = "four"\ncolour = "red"').replace(
        "[policy]", "[policy]\nnam = 1"
    )
    message = error(text)
    assert message.splitlines() == [
        "3 problems:",
        '  services[2] (id "pass").digits: expected a whole number, got "four"',
        f'  services[2] (id "pass").colour: unknown key (the keys of services[2] (id "pass") are: '
        f"{SERVICE_KEYS})",
        "  policy.nam: unknown key; did you mean name?",
    ]


def test_a_file_of_many_mistakes_lists_the_first_fifty_and_counts_the_rest():
    text = VALID + "[limits]\n" + "".join(f"limit_{i} = 1\n" for i in range(120))
    lines = error(text).splitlines()
    assert lines[0] == "120 problems:" and lines[-1] == "  ... and 70 more"
    assert len(lines) == 52


def test_a_service_only_one_counter_serves_is_a_warning_not_a_problem():
    c = load(VALID)
    assert c.warnings == (
        'services[1] (id "tax"): only counter "c1" serves it: its visitors wait whenever that '
        "counter is closed",
        'services[2] (id "pass"): only counter "c1" serves it: its visitors wait whenever that '
        "counter is closed",
    )
    two = VALID + '\n[[counters]]\nid = "c2"\nname = "Logs 2"\nservices = ["tax", "pass"]\n'
    assert load(two).warnings == ()


def test_a_centre_without_services_is_refused():
    start, end = VALID.index("[[services]]"), VALID.index("[[priorities]]")
    text = "services = []\n" + VALID[:start] + VALID[end:]
    assert error(text).splitlines() == [
        "3 problems:",
        "  services = []: a centre needs at least one service",
        '  counters[1] (id "c1").services: "tax" is not a service id',
        '  counters[1] (id "c1").services: "pass" is not a service id',
    ]
    assert "services: missing: this key is required" in error(VALID[:start] + VALID[end:])
