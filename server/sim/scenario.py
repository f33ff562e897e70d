"""A scenario file (TOML) made into a `Scenario`, every problem named at once the way a
centre file's are (server/config_problems.py), or a shipped scenario by its name.

The file names its centre (`centre_file`, relative to the scenario) or embeds it as a
`[centre_config]` table; the centre is checked as the server would check it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import msgspec

from server import config as cfgmod
from server.config import CentreConfig, ConfigError
from server.config_problems import Problems, quoted
from server.config_shape import shape_problems
from server.core.policy import POLICIES as CORE_POLICIES
from server.sim.data import Scenario
from server.sim.scenario_meaning import meaning
from server.sim.scenario_spec import ScenarioSpec

MAX_BYTES = 512 * 1024
MAX_PATH = 1024
SHIPPED = ("small_office", "busy_regional", "monday_overload")
POLICIES = tuple(CORE_POLICIES)


@dataclass(frozen=True)
class Loaded:
    scenario: Scenario
    name: str
    description: str


def shipped_dir() -> Traversable:
    return resources.files("server.sim").joinpath("scenarios")


def load(
    where: str, days: int | None = None, policy: str | None = None, remote: float | None = None
) -> Loaded:
    """A scenario file, or a shipped scenario's name; `days`/`policy` and the share who join
    from home (`remote`) override the file's."""
    path = Path(where)
    base: Traversable | Path
    source: Traversable | Path
    if path.is_file():
        base, source = path.parent, path
    elif (name := shipped_name(where)) is not None:
        base = shipped_dir()
        source = base.joinpath(name + ".toml")
    else:
        names = ", ".join(SHIPPED)
        raise ConfigError(f"{quoted(where)} is neither a scenario file nor one of: {names}")
    text = _read(source)
    try:
        loaded = loads(text, base, days, policy, name=Path(str(source)).stem, remote=remote)
    except ConfigError as e:
        raise e.in_file(Path(str(source))) from None
    return loaded


def shipped_name(where: str) -> str | None:
    """A shipped scenario by its name or the start of it ("busy" for busy_regional)."""
    stem = where.removesuffix(".toml")
    matches = [n for n in SHIPPED if n.startswith(stem)] if stem else []
    return matches[0] if len(matches) == 1 else None


def _read(source: Traversable | Path) -> str:
    try:
        data = source.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read {quoted(str(source))}: {e.strerror}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{quoted(str(source))} is larger than {MAX_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{quoted(str(source))} is not UTF-8 text (byte {e.start})") from None


def loads(
    text: str,
    base: Traversable | Path,
    days: int | None = None,
    policy: str | None = None,
    name: str = "scenario",
    remote: float | None = None,
) -> Loaded:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}") from None
    embedded = raw.pop("centre_config", None)
    problems = Problems()
    shape_problems(raw, ScenarioSpec, problems)
    if embedded is not None and not isinstance(embedded, dict):
        problems.add("centre_config", "expected a table of a centre's settings")
    if problems.lines:
        raise problems.error()
    spec = msgspec.convert(raw, ScenarioSpec, strict=False)
    centre = _centre(spec, embedded, base)
    if policy is not None:
        spec = msgspec.structs.replace(spec, policy=policy)
    if days is not None:
        spec = msgspec.structs.replace(spec, days=days)
    if remote is not None:
        joining = msgspec.structs.replace(spec.remote, share=remote)
        spec = msgspec.structs.replace(spec, remote=joining)
    scenario = meaning(spec, centre, problems)
    if problems.lines or scenario is None:
        raise problems.error()
    return Loaded(scenario, name, spec.description)


def _centre(
    spec: ScenarioSpec, embedded: dict[str, Any] | None, base: Traversable | Path
) -> CentreConfig:
    if (embedded is None) == (spec.centre_file is None):
        raise ConfigError("give the centre as centre_file or as a [centre_config] table (one)")
    if embedded is not None:
        try:
            return cfgmod.from_dict(embedded)
        except ConfigError as e:
            raise ConfigError(*(f"centre_config: {p}" for p in e.problems), more=e.more) from None
    assert spec.centre_file is not None
    if len(spec.centre_file) > MAX_PATH:
        raise ConfigError(f"centre_file = {quoted(spec.centre_file)}: too long for a file name")
    source = base.joinpath(spec.centre_file)
    text = _read(source)
    try:
        return cfgmod.loads(text)
    except ConfigError as e:
        raise e.in_file(Path(str(source))) from None
