"""The `rinda` command as an operator uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server import __version__
from server.cli import main
from server.config import default_text, loads
from tests.conftest import centre_toml


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"rinda {__version__}"


def test_installed_console_script_answers() -> None:
    out = subprocess.run(
        [Path(sys.executable).with_name("rinda"), "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--db" in out and "--config" in out and "examples:" in out


def test_check_config_accepts_the_embedded_centre(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "centre.toml"
    f.write_text(default_text(), encoding="utf-8")
    assert main(["check-config", str(f)]) == 0
    assert "ok (8 services, 7 counters)" in capsys.readouterr().out


def test_check_config_names_key_value_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "centre.toml"
    f.write_text(default_text().replace('prefix = "B"', 'prefix = "b7"', 1), encoding="utf-8")
    assert main(["check-config", str(f)]) == 2
    err = capsys.readouterr().err
    # The second service, by its 1-based position and its id.
    assert f'rinda: {f}: services[2] (id "tax").prefix = "b7"' in err
    assert "capital letters" in err


def test_check_config_reports_every_problem_at_once_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        default_text()
        .replace("target_wait_min = 15", 'target_wait_min = "fifteen"', 2)
        .replace("[counter_rules]", "[counter_rule]")
        .replace('name = "accumulating"', 'name = "random"')
    )
    f = tmp_path / "centre.toml"
    f.write_text(text, encoding="utf-8")
    assert main(["check-config", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rinda: {f}: 4 problems:\n"), err
    assert (
        '  services[1] (id "social").target_wait_min: expected a whole number, got "fifteen"\n'
        in err
    )
    assert '  services[2] (id "tax").target_wait_min: expected a whole number, got "fifteen"' in err
    assert "  counter_rule: unknown key; did you mean counter_rules?" in err
    assert '  policy.name: expected one of "accumulating", "fifo", "strict", got "random"' in err
    assert "`" not in err and "$." not in err  # none of msgspec's own words


def test_check_config_warns_of_a_service_one_counter_serves_and_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = centre_toml()
    assert text.count('services = ["tax"]') == 1
    f = tmp_path / "centre.toml"
    f.write_text(text.replace('services = ["tax"]', 'services = ["social"]'), encoding="utf-8")
    assert main(["check-config", str(f)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{f}: ok (2 services, 3 counters)\n"
    assert err == (
        f'{f}: warning: services[2] (id "tax"): only counter "1" serves it: its visitors wait '
        "whenever that counter is closed\n"
    )


def test_check_config_echoes_a_hostile_file_only_in_short_escaped_excerpts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "\\u001b[2J" + "x" * 5000
    text = default_text().replace('id = "tax"', f'id = "{evil}"', 1)
    text += f'\n"{evil}" = 1\n'
    f = tmp_path / "centre.toml"
    f.write_text(text, encoding="utf-8")
    assert main(["check-config", str(f)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "x" * 41 not in err, err
    assert "\\x1b[2J" in err and len(err) < 2000


def test_check_config_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_default_centre_is_realistic() -> None:
    cfg = loads(default_text())
    assert cfg.spec.centre.timezone == "Europe/Riga"
    assert 6 <= len(cfg.counters) <= 8
    assert len(cfg.priorities) >= 3
    for sid in cfg.services:
        assert sum(sid in c.services for c in cfg.counters.values()) >= 2


def test_serve_logs_one_line_per_event_at_the_chosen_level(tmp_path: Path) -> None:
    import json
    import urllib.request

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--log-level",
            "WARNING",
            "--port",
            "0",
            "--announce",
            "--db",
            str(tmp_path / "r.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = json.loads(proc.stdout.readline())["port"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
            assert json.loads(r.read())["status"] == "ok"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    # INFO lines ("listening on", "state rebuilt") are below the chosen level.
    assert "listening on" not in err
    assert proc.returncode == 0
