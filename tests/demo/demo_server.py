"""The demo centre exactly as `rinda demo` prepares it (config, tokens, clerks), served in this
process on a clock the test sets, so a test can talk to it over the wire as the apps do."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from server.config import loads
from server.demo.centre import DemoCentre, free_port, prepare
from server.net.app import RindaServer
from tests.server.harness import Running


@asynccontextmanager
async def demo_server(
    folder: Path, clock: Callable[[], datetime], tune: Callable[[str], str] = str
) -> AsyncIterator[tuple[DemoCentre, Running]]:
    """`tune` may change the centre's TOML before the server reads it."""
    centre = await prepare(folder, free_port())
    server = RindaServer(loads(tune(centre.config.read_text(encoding="utf-8"))), centre.db, clock)
    await server.start("127.0.0.1", centre.port)
    try:
        yield centre, Running(server, centre.port, centre.tokens)
    finally:
        await server.close()
