"""Is every acknowledged ticket still there? Two ways to ask a running server."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

from server.protocol import messages as m
from server.protocol.client import Client, ClientError
from server.protocol.welcome import AnySnapshot, ManagerSnapshot


async def manager_snapshot(
    url: str, manager_token: str, *, timeout: float = 10.0
) -> ManagerSnapshot:
    """A manager's welcome snapshot: every ticket of the day and each counter's visitor.

    Raises `ClientRefused` for a bad token, `TimeoutError` if no welcome came.
    """
    welcomes: list[AnySnapshot] = []
    hello = m.Hello(protocol=m.PROTOCOL, role="manager", token=manager_token)
    async with (
        asyncio.timeout(timeout),
        Client(url, hello, on_welcome=welcomes.append, request_timeout=timeout),
    ):
        pass
    snapshot = welcomes[-1]
    if not isinstance(snapshot, ManagerSnapshot):
        raise ClientError(
            f"expected a manager's snapshot, got a {snapshot.__struct_config__.tag}'s"
        )
    return snapshot


async def server_tickets(url: str, manager_token: str, *, timeout: float = 10.0) -> dict[str, str]:
    """Today's tickets the server knows, number -> status (only a manager's snapshot lists
    every ticket of the day, so this needs a manager device's token)."""
    snapshot = await manager_snapshot(url, manager_token, timeout=timeout)
    return {t.number: t.status for t in snapshot.tickets}


def missing_links(base: str, links: list[tuple[str, str]], timeout: float) -> list[str]:
    """Of (number, status path) pairs, the numbers whose `<path>.json` answers 404."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    missing = []
    for number, path in links:
        try:
            with opener.open(f"{base}{path}.json", timeout=timeout) as r:
                if json.loads(r.read()).get("number") != number:
                    missing.append(number)
        except urllib.error.HTTPError as e:
            if e.code != 404:
                raise
            missing.append(number)
    return missing
