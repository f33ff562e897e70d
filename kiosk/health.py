"""Asking the server's `/health` whether it can save again (the kiosk's storage probe)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

log = logging.getLogger("rinda.kiosk")

HEALTH_TIMEOUT_S = 5.0

Health = Literal["ok", "degraded"] | None


def health_url(ws_url: str) -> str:
    """`/health` beside the websocket path: ws://host:8750/ws -> http://host:8750/health
    (wss -> https; a proxy's prefix such as /rinda/ws -> /rinda/health is kept)."""
    parts = urlsplit(ws_url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return urljoin(urlunsplit((scheme, parts.netloc, parts.path or "/", "", "")), "health")


def read_health(url: str, timeout: float = HEALTH_TIMEOUT_S) -> Health:
    """GET /health (blocking; run it in a thread): "ok" on 200 with status ok, "degraded" on
    503 with status degraded, None when the answer says neither (or there is none)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    except (OSError, ValueError) as e:
        log.debug("no answer from %s: %s", url, e)
        return None
    try:
        said = json.loads(body).get("status")
    except (ValueError, AttributeError):
        return None
    if (status, said) == (200, "ok"):
        return "ok"
    if (status, said) == (503, "degraded"):
        return "degraded"
    return None
