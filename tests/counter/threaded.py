"""A real server on its own thread and event loop, for the snapshot tests: `snap_compare`
runs the app synchronously in an event loop of its own, so the server cannot share it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from server.config import CentreConfig
from tests.server.harness import Running, start_server


@contextmanager
def server_thread(
    config: CentreConfig,
    db_path: Path,
    clock: Callable[[], datetime],
    prepare: Callable[[Running], Awaitable[None]],
) -> Iterator[Running]:
    """Start the server, run `prepare` against it, and yield it until the block ends, its
    waits settled after `prepare`'s last change."""
    ready = threading.Event()
    box: dict[str, object] = {}

    async def serve() -> None:
        stop = asyncio.Event()
        async with start_server(config, db_path, clock) as running:
            await prepare(running)
            running.settle()
            box.update(running=running, loop=asyncio.get_running_loop(), stop=stop)
            ready.set()
            await stop.wait()

    def target() -> None:
        try:
            asyncio.run(serve())
        except BaseException as e:  # reported to the test thread below
            box["error"] = e
            ready.set()

    thread = threading.Thread(target=target, name="rinda-server", daemon=True)
    thread.start()
    if not ready.wait(20) or "error" in box:
        raise RuntimeError(f"the test server did not start: {box.get('error')!r}")
    try:
        running = box["running"]
        assert isinstance(running, Running)
        yield running
    finally:
        loop, stop = box["loop"], box["stop"]
        assert isinstance(loop, asyncio.AbstractEventLoop) and isinstance(stop, asyncio.Event)
        loop.call_soon_threadsafe(stop.set)
        thread.join(20)
