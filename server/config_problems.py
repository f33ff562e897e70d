"""How a centre file's problems are named: where (1-based, with the item's id), the value as
written (a short escaped excerpt: the file may hold anything), and what is wrong.

`services[2] (id "tax").target_wait_min = "fifteen": expected a whole number`
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from server.protocol.codec import excerpt

# At most this many problems are listed: a file of a million mistakes gets a count, not a
# million lines.
SHOWN = 50
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")
ID_RULE = 'use 1-32 letters, digits, "_", "." or "-"'


def id_problem(ident: str) -> str | None:
    """Why `ident` cannot be an id (of a service, counter, device, clerk ...), or None."""
    return None if _ID.fullmatch(ident) else ID_RULE


def quoted(text: str) -> str:
    return '"' + excerpt(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def key(name: str) -> str:
    """A key as TOML would write it (quoted unless bare), cut short."""
    return name if _BARE_KEY.fullmatch(name) else quoted(name)


def item(kind: str, index: int, ident: object) -> str:
    """The `index`-th (0-based) entry of a list, said 1-based with its id: `services[2] (id
    "tax")`."""
    named = f" (id {quoted(ident)})" if isinstance(ident, str) else ""
    return f"{kind}[{index + 1}]{named}"


def shown(value: Any) -> str:
    """A value as the file wrote it, bounded."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**18 else "a very large number"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return "a time of day"
    if isinstance(value, list):
        return "a list" if value else "[]"
    if isinstance(value, dict):
        return "a table"
    return excerpt(type(value).__name__)


class Problems:
    """The problems found so far (each one line), and the warnings (not problems)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        # Problems past the first SHOWN: only counted.
        self.more = 0
        self.warnings: list[str] = []

    def add(self, where: str, message: str, *value: Any) -> None:
        """`where = value: message` (`where: message` without a value)."""
        if len(self.lines) >= SHOWN:
            self.more += 1
            return
        at = f"{where} = {shown(value[0])}" if value else where
        self.lines.append(f"{at}: {message}")

    def error(self) -> ConfigError:
        return ConfigError(*self.lines, more=self.more)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


class ConfigError(ValueError):
    """A configuration problem, or several, phrased for the person editing the file: one
    line each, and how many `more` were found but not listed."""

    def __init__(self, *problems: str, more: int = 0, source: str = "") -> None:
        self.problems = problems
        self.more = more
        listed = [*problems, *([f"... and {more} more"] if more else [])]
        if len(listed) == 1:
            text = listed[0]
        else:
            text = f"{len(problems) + more} problems:\n" + "\n".join(f"  {p}" for p in listed)
        super().__init__(f"{source}: {text}" if source else text)

    def in_file(self, path: Path) -> ConfigError:
        """The same problems, said to be in the file `path`."""
        return ConfigError(*self.problems, more=self.more, source=str(path))
