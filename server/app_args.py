"""What `rinda kiosk|display|counter|manager|feedback` checks before it starts: a server address
the app can connect to, and a device token.

Without these checks a web address (`http://...`, the form `rinda network watch` takes) ended in
a traceback, an address without `/ws` left the app waiting forever on the server's 404, and an
app without a token started full screen only to say the server does not accept it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from server.protocol.codec import excerpt

# The path the server answers websockets on (server/net/app.py).
WS_PATH = "/ws"
WEB_SCHEMES = {"http": "ws", "https": "wss"}
# `rinda-server:8750` or `10.0.0.5:8750`: an address typed without its scheme.
HOST_PORT = re.compile(r"[A-Za-z0-9.-]+:\d{1,5}")
# A display may connect without a token where the server allows it (`anonymous_displays`).
TOKEN_OPTIONAL = {"display"}


def url_problem(url: str, option: str = "--url") -> str | None:
    """Why `url` is no address for an app to connect to, with the address it likely meant;
    None if it is a ws:// or wss:// address with a host and a path."""
    shown = excerpt(url, 80)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if HOST_PORT.fullmatch(url):
        return (
            f"{option} {shown} has no scheme; the apps connect to ws://{shown}{WS_PATH} "
            f"(wss:// if the server has a certificate)"
        )
    if scheme in WEB_SCHEMES:
        path = parts.path if parts.path not in ("", "/") else WS_PATH
        meant = urlunsplit((WEB_SCHEMES[scheme], parts.netloc, path, "", ""))
        return f"{option} {shown} is a web address; the apps connect to {excerpt(meant, 80)}"
    if scheme not in ("ws", "wss"):
        return f"{option} {shown} is not a ws:// or wss:// address, e.g. ws://rinda-server:8750/ws"
    if not parts.hostname:
        return f"{option} {shown} has no server name, e.g. ws://rinda-server:8750/ws"
    try:
        parts.port  # noqa: B018 - raises for a port out of range or not a number
    except ValueError:
        return f"{option} {shown} has no valid port (a number from 1 to 65535)"
    if parts.path in ("", "/"):
        meant = urlunsplit((scheme, parts.netloc, WS_PATH, parts.query, ""))
        return (
            f"{option} {shown} has no path; the server answers the apps on "
            f"{WS_PATH}: {excerpt(meant, 80)}"
        )
    return None


def token_problem(app: str, token: str | None) -> str | None:
    """Why an app cannot start without a token (a display may: the server decides)."""
    if token or app in TOKEN_OPTIONAL:
        return None
    return (
        f"no token: give --token or set RINDA_TOKEN "
        f"(on the server: rinda token add --role {app} --device ID)"
    )


def app_problem(app: str, url: str, token: str | None, argv: list[str]) -> str | None:
    """The first reason `rinda APP` cannot start, as one line; None if it can."""
    server = any(a == "--server" or a.startswith("--server=") for a in argv)
    return url_problem(url, "--server" if server else "--url") or token_problem(app, token)
