"""The watch list (centres.toml): which centres to read, where, with which token, trusting
which certificate. Checked whole before anything is read, every problem named as the centre
file's are (server/config_problems.py), so a typo is one line that says where.

    [[centre]]
    name = "Valka"
    url = "https://rinda.valka.lv:8750"
    token_file = "tokens/valka.token"      # or token = "..."; relative to this file
    ca_file = "certs/valka-ca.pem"         # optional: trust this CA instead of the system's
"""

from __future__ import annotations

import ssl
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import msgspec

from server.config_problems import ConfigError, Problems, quoted
from server.config_shape import shape_problems

# Bounds on what the file may hold: a network of ~75 centres fits many times over.
MAX_FILE_BYTES = 256 * 1024
MAX_CENTRES = 500
MAX_NAME_CHARS = 60
MAX_URL_CHARS = 300
MAX_TOKEN_CHARS = 128  # what the server reads of an Authorization header (net/metrics.py)
MAX_TOKEN_FILE_BYTES = 1024
MAX_CA_FILE_BYTES = 1024 * 1024
_TOKEN_CHARS = frozenset(map(chr, range(0x21, 0x7F)))  # printable ASCII, no space


class CentreEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    url: str
    token: str | None = None
    token_file: str | None = None
    ca_file: str | None = None


class WatchSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    centre: list[CentreEntry]


@dataclass(frozen=True)
class Watched:
    """One centre to read: `GET <path>` on host:port, with TLS when `tls` is set."""

    name: str
    host: str
    port: int
    path: str
    token: str
    tls: ssl.SSLContext | None

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def load(path: Path) -> tuple[Watched, ...]:
    try:
        data = _read(path, MAX_FILE_BYTES)
    except ConfigError as e:
        raise e.in_file(path) from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"not UTF-8 text (byte {e.start})", source=str(path)) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", source=str(path)) from None
    try:
        return from_dict(raw, path.parent)
    except ConfigError as e:
        raise e.in_file(path) from None


def from_dict(raw: dict[str, Any], folder: Path) -> tuple[Watched, ...]:
    """The centres of a parsed file; files it names are relative to `folder`."""
    problems = Problems()
    shape_problems(raw, WatchSpec, problems)
    if problems.lines:
        raise problems.error()
    spec = msgspec.convert(raw, WatchSpec, strict=False)
    if not spec.centre:
        problems.add("centre", "no centres: add a [[centre]] table with name, url and token")
    if len(spec.centre) > MAX_CENTRES:
        problems.add("centre", f"{len(spec.centre)} centres: at most {MAX_CENTRES}")
        raise problems.error()
    seen: set[str] = set()
    out = []
    for i, entry in enumerate(spec.centre):
        where = f"centre[{i + 1}]"
        if _name_ok(entry.name, where, problems):
            if entry.name.casefold() in seen:
                problems.add(f"{where}.name", "another centre has this name", entry.name)
            seen.add(entry.name.casefold())
            where = f"{where} ({quoted(entry.name)})"
        watched = _centre(entry, where, folder, problems)
        if watched is not None:
            out.append(watched)
    if problems.lines:
        raise problems.error()
    return tuple(out)


def _name_ok(name: str, where: str, problems: Problems) -> bool:
    if not name.strip() or len(name) > MAX_NAME_CHARS or not name.isprintable():
        problems.add(f"{where}.name", f"give 1-{MAX_NAME_CHARS} printable characters", name)
        return False
    return True


def _centre(entry: CentreEntry, where: str, folder: Path, problems: Problems) -> Watched | None:
    url = _url(entry.url, f"{where}.url", problems)
    token = _token(entry, where, folder, problems)
    https = url is not None and url.scheme == "https"
    tls = _tls(entry.ca_file, https, f"{where}.ca_file", folder, problems) if url else None
    if url is None or token is None or (https and tls is None):
        return None
    assert url.hostname is not None  # _url made sure
    port = url.port or (443 if https else 80)
    path = url.path.rstrip("/") + "/live"
    return Watched(entry.name, url.hostname, port, path, token, tls)


def _url(text: str, where: str, problems: Problems) -> SplitResult | None:
    wrong = _url_problem(text)
    if wrong is not None:
        problems.add(where, wrong, text)
        return None
    return urlsplit(text)


def _url_problem(text: str) -> str | None:
    if len(text) > MAX_URL_CHARS:
        return f"at most {MAX_URL_CHARS} characters"
    if not text.isprintable() or " " in text:
        return "no spaces or control characters"
    if not text.isascii():
        return "ASCII only: an international host name in its xn-- form, a path %-encoded"
    try:
        url = urlsplit(text)
        url.port  # noqa: B018 (a port out of range raises ValueError)
    except ValueError:
        return "not a URL"
    if url.port == 0:
        return "port 0 is no server's port"
    if url.scheme in ("wss", "ws"):
        return (
            "that is a device's address: give the same server with https:// for wss:// "
            "(http:// for ws://) and without /ws"
        )
    if url.scheme not in ("https", "http"):
        return "give the centre's server as https://host:port (or http://)"
    if not url.hostname:
        return "no host name: https://host:port"
    if url.username is not None or url.query or url.fragment:
        return "only the server's address: no user name, ?query or #fragment"
    if url.path.rstrip("/").endswith("/ws"):
        # Devices' websocket address, copied: /live is read beside /ws, never under it.
        return "drop /ws: that is where devices connect; the watch reads /live of the same server"
    return None


def _token(entry: CentreEntry, where: str, folder: Path, problems: Problems) -> str | None:
    if (entry.token is None) == (entry.token_file is None):
        problems.add(where, "give either token or token_file (a manager's device token)")
        return None
    if entry.token is not None:
        token, at = entry.token, f"{where}.token"
    else:
        assert entry.token_file is not None
        at = f"{where}.token_file"
        try:
            data = _read(folder / entry.token_file, MAX_TOKEN_FILE_BYTES)
            token = data.decode("ascii").strip()
        except ConfigError as e:
            problems.add(at, str(e), entry.token_file)
            return None
        except UnicodeDecodeError:
            problems.add(at, "the token file holds more than a token", entry.token_file)
            return None
    if not 0 < len(token) <= MAX_TOKEN_CHARS or not set(token) <= _TOKEN_CHARS:
        # The token itself is a secret: never shown.
        problems.add(at, f"not a device token (1-{MAX_TOKEN_CHARS} letters, digits, -, _)")
        return None
    return token


def _tls(
    ca_file: str | None, https: bool, where: str, folder: Path, problems: Problems
) -> ssl.SSLContext | None:
    if ca_file is not None and not https:
        problems.add(where, "a CA file is for an https:// url only", ca_file)
        return None
    if not https:
        return None
    if ca_file is None:
        return ssl.create_default_context()  # the system's CAs
    try:
        pem = _read(folder / ca_file, MAX_CA_FILE_BYTES).decode("ascii")
        if pem.strip():  # empty: Python would quietly trust the system's CAs instead
            return ssl.create_default_context(cadata=pem)
        problems.add(where, "the file is empty: give the centre's CA certificate (PEM)", ca_file)
    except ConfigError as e:
        problems.add(where, str(e), ca_file)
    except (UnicodeDecodeError, ssl.SSLError, ValueError):
        problems.add(where, "not a PEM certificate file", ca_file)
    return None


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    if len(data) > limit:
        raise ConfigError(f"{path} is larger than {limit // 1024} kB")
    return data
