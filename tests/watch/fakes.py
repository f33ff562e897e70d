"""Centres for the watch's tests: a watch-list entry for a real test server, a port nobody
listens on, and a server that answers whatever bytes a test gives it."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.server.harness import Running
from watch.centres import Watched


def watching(running: Running, name: str, token: str | None = None) -> Watched:
    """The server's manager token unless `token` says otherwise."""
    token = running.tokens["m1"] if token is None else token
    return Watched(name, "127.0.0.1", running.port, "/live", token, None)


def dead_port() -> int:
    """A port that was free a moment ago and has nobody listening: connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def nobody(name: str = "Nobody") -> Watched:
    return Watched(name, "127.0.0.1", dead_port(), "/live", "token", None)


@asynccontextmanager
async def answering(
    answer: bytes | None, tls: ssl.SSLContext | None = None
) -> AsyncIterator[Watched]:
    """A server that reads the request and sends `answer`, then closes (None: says nothing
    and keeps the connection open until the test ends)."""
    done = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if answer is None:
            await done.wait()
        else:
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    try:
        yield Watched("Fake", "127.0.0.1", port, "/live", "token", None)
    finally:
        done.set()
        server.close()
        await server.wait_closed()
