"""The start of every connection: send the hello, wait for the welcome.

What the client does with the outcome differs: a `ClientRefused` ends its `run()` (retrying a
bad token forever helps nobody), a `HelloRejected` or a timeout is retried like a drop.
"""

from __future__ import annotations

import asyncio
import logging

import msgspec
from websockets.asyncio.client import ClientConnection

from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol import server_frames
from server.protocol.errors import ClientRefused
from server.protocol.welcome import AnySnapshot, Welcome

logger = logging.getLogger("rinda.client")

REFUSAL_CODES = frozenset({"unauthorized", "forbidden"})
"""Hello error codes that end `run()` instead of being retried."""


class HelloRejected(Exception):
    """An error reply to the hello that is worth retrying (not a refusal)."""


async def say_hello(ws: ClientConnection, hello: m.Hello, timeout: float) -> AnySnapshot:
    """Send `hello` and return the welcome's snapshot, within `timeout` seconds."""
    await ws.send(msgspec.json.encode(hello), text=True)
    try:
        async with asyncio.timeout(timeout):
            while True:
                frame = server_frames.read(await ws.recv())
                if isinstance(frame, Welcome):
                    return frame.snapshot
                if isinstance(frame, r.Error):
                    if frame.code in REFUSAL_CODES:
                        raise ClientRefused(frame)
                    raise HelloRejected(f"hello rejected: {frame.code}: {frame.message}")
                if frame is not None:
                    logger.debug(
                        "ignoring a %r frame before the welcome", server_frames.kind(frame)
                    )
    except TimeoutError:
        raise TimeoutError(f"no welcome within {timeout:g} s") from None
