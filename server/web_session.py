"""One browser page of `--web` and the app process it drives, from the page's websocket opening
to the process's end.

textual-serve's own session (its `AppService`) could lose an app process: it stopped reading
the app's output as soon as a send to a page that had gone failed, and its stderr once the
session ended, so the app blocked in its next write, deaf to the quit it had been sent and to
SIGTERM and SIGINT (its event loop never ran again); it started the app through `sh -c`, so a
signal to the process it held never reached the app; and it waited for the app's output to end
without a bound and without ever killing it. Here, instead:

- the app runs without a shell (the token travels in its environment, not its command line),
  in its own process group, so signals reach it and what it started, and only those;
- its output and its errors are read to their end whatever happens to the page, so it never
  blocks on a write;
- once the page goes (or the site stops) the app is asked to quit, then sent SIGTERM, then
  SIGKILL, each after a bounded wait, and the process is always waited for;
- and the app ends by itself when this process is gone, even by SIGKILL (server/web_driver.py).

The wire formats are those of textual-serve's page script (JSON envelopes) and of Textual's web
driver (a `__GANGLION__` line, then packets: a type byte, a 4-byte big-endian length, a payload).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import WSMsgType, web

logger = logging.getLogger("rinda.web")

DRIVER = "server.web_driver:PipeDriver"
PRELUDE = b"__GANGLION__\n"
PRELUDE_LINES = 10  # lines an app may print before its driver's prelude (as textual-serve)
QUIT_WAIT_S = 5.0  # for the app to quit when asked, then again after SIGTERM
CLOSE_WAIT_S = 2.0  # for a page to answer the websocket's close
ERRORS_KEPT = 4000  # bytes of an app's stderr kept for the log, if it fails
MAX_CELLS = 1000  # columns or rows a page may ask for


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def meta(**fields: Any) -> bytes:
    return packet(b"M", json.dumps(fields).encode())


def cells(value: object, default: int) -> int:
    """A terminal width or height from a page (a query value or a JSON number)."""
    text = str(value)
    return min(int(text), MAX_CELLS) if text.isdigit() and int(text) > 0 else default


class Page:
    """One open page: its websocket, and the app process started for it."""

    def __init__(
        self,
        command: list[str],
        env: Mapping[str, str],
        quit_wait: float = QUIT_WAIT_S,
        on_end: Callable[[Page], None] = lambda page: None,
    ) -> None:
        self.command = command
        self.env = env
        self.quit_wait = quit_wait
        self.ended = asyncio.Event()  # set once its app process (if any) has been waited for
        self._on_end = on_end
        self._leave = asyncio.Event()

    def leave(self) -> None:
        """End this page's app and close the page (the site is stopping)."""
        self._leave.set()

    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        """The websocket's request handler: returns once the app process has ended."""
        ws = web.WebSocketResponse(heartbeat=15, timeout=CLOSE_WAIT_S)
        try:
            await ws.prepare(request)
            logger.debug("page from %s opened", request.remote)
            width = cells(request.query.get("width"), 80)
            height = cells(request.query.get("height"), 24)
            # Should a cancel come while it starts, asyncio kills the half-started process.
            proc = await asyncio.create_subprocess_exec(
                *self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._environment(width, height),
                # Its own process group: a Ctrl+C in the terminal of `rinda ... --web` is for
                # the site, which ends its apps in order (an app hit while it imports would
                # die with a traceback), and a signal to the group ends what the app started.
                start_new_session=True,
            )
        except BaseException:
            self._ended()
            raise
        logger.debug("app (pid %d) started", proc.pid)
        # The app's life is a task of its own, so a cancel of this handler (aiohttp giving up
        # on it) cannot cut its ending short.
        life = asyncio.create_task(self._live(proc, ws))
        try:
            await asyncio.shield(life)
        except asyncio.CancelledError:
            self.leave()
            raise
        return ws

    def _environment(self, width: int, height: int) -> dict[str, str]:
        return {
            **os.environ,
            **self.env,
            # What textual-serve gives its apps, with the driver that ends with this process.
            "TEXTUAL_DRIVER": DRIVER,
            "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "COLUMNS": str(width),
            "ROWS": str(height),
        }

    async def _live(self, proc: asyncio.subprocess.Process, ws: web.WebSocketResponse) -> None:
        output = asyncio.create_task(self._to_page(proc, ws))
        errors = asyncio.create_task(_tail(proc))
        keys = asyncio.create_task(self._from_page(ws, proc))
        leave = asyncio.create_task(self._leave.wait())
        try:
            # Until the page goes, the app ends, or the site stops.
            await asyncio.wait([output, keys, leave], return_when=asyncio.FIRST_COMPLETED)
            keys.cancel()
            leave.cancel()
            await _stop(proc, self.quit_wait)
            # Its output ends with it, unless a child of its own still holds the pipes.
            await asyncio.wait([output, errors], timeout=CLOSE_WAIT_S)
            status = proc.returncode
            if status not in (0, -signal.SIGTERM, -signal.SIGKILL) and errors.done():
                said = errors.result().decode(errors="replace")
                logger.warning("app (pid %d) ended with status %s: %s", proc.pid, status, said)
            else:
                logger.debug("app (pid %d) ended with status %s", proc.pid, status)
            with contextlib.suppress(ConnectionError):
                await ws.close()
        finally:
            for task in (output, errors, keys, leave):
                task.cancel()
            if proc.returncode is None:  # cancelled: the event loop itself is ending
                _signal(proc, signal.SIGKILL)
            self._ended()

    def _ended(self) -> None:
        self.ended.set()
        self._on_end(self)

    async def _from_page(self, ws: web.WebSocketResponse, proc: asyncio.subprocess.Process) -> None:
        """Pass the page's keys, taps and size to the app until the page goes."""
        stdin = proc.stdin
        assert stdin is not None
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = json.loads(message.data)
            except (ValueError, TypeError):
                continue
            data: Any = rest[0] if rest else None
            if kind == "ping":
                with contextlib.suppress(ConnectionError):
                    await ws.send_json(["pong", data])
                continue
            if stdin.is_closing():
                continue  # the app has ended: _to_page closes the page
            if kind == "stdin" and isinstance(data, str):
                stdin.write(packet(b"D", data.encode()))
            elif kind == "resize" and isinstance(data, dict):
                width, height = cells(data.get("width"), 80), cells(data.get("height"), 24)
                stdin.write(meta(type="resize", width=width, height=height))
            elif kind in ("focus", "blur"):
                stdin.write(meta(type=kind))
            with contextlib.suppress(ConnectionError):
                await stdin.drain()

    async def _to_page(self, proc: asyncio.subprocess.Process, ws: web.WebSocketResponse) -> None:
        """Pass the app's screen to the page until the app's output ends."""
        stdout = proc.stdout
        assert stdout is not None
        for _ in range(PRELUDE_LINES):
            if (line := await stdout.readline()) in (PRELUDE, b""):
                break
        else:
            line = b""
        page_open = line == PRELUDE  # else it is no Textual app: read its output, show none
        with contextlib.suppress(asyncio.IncompleteReadError):  # the end of its output
            while True:
                head = await stdout.readexactly(5)
                payload = await stdout.readexactly(int.from_bytes(head[1:], "big"))
                if page_open and head[:1] == b"D":
                    try:
                        await ws.send_bytes(payload)
                    except ConnectionError:
                        page_open = False  # gone: read on, or the app would block writing


async def _stop(proc: asyncio.subprocess.Process, wait: float) -> None:
    """Ask the app to quit as its own quit key would (its link says goodbye to the server);
    if it has not within `wait` seconds, SIGTERM; if still not, SIGKILL. Returns once it has
    ended. (SIGTERM is for an app still starting: it reads no input before its screen is up.)"""
    stdin = proc.stdin
    assert stdin is not None
    if not stdin.is_closing():
        stdin.write(meta(type="quit"))
        stdin.close()  # the end of its input: an app whose server is gone quits on it too
    for step, level in ((signal.SIGTERM, logging.INFO), (signal.SIGKILL, logging.WARNING)):
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await proc.wait()
        if proc.returncode is not None:
            return
        logger.log(level, "app (pid %d) did not quit in %g s: %s", proc.pid, wait, step.name)
        _signal(proc, step)
    await proc.wait()


def _signal(proc: asyncio.subprocess.Process, sig: signal.Signals) -> None:
    """`sig` to the app and whatever it started (its process group, see Page.serve)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


async def _tail(proc: asyncio.subprocess.Process) -> bytes:
    """The app's stderr, read to its end (a full pipe would block the app); its last bytes."""
    stderr = proc.stderr
    assert stderr is not None
    kept: deque[bytes] = deque()
    size = 0
    while chunk := await stderr.read(4096):
        kept.append(chunk)
        size += len(chunk)
        while size - len(kept[0]) >= ERRORS_KEPT:
            size -= len(kept.popleft())
    return b"".join(kept)[-ERRORS_KEPT:]
