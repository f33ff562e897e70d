"""Display latency: from a `called` event reaching the display to the screen showing it.

A real `rinda serve` process; the display app runs headless in this process (Textual's
`run_test`, 160×48, sound off); a kiosk takes the tickets and one counter calls them one at a
time, each call after the previous one is on screen. Per call, two figures:

- **link → screen** (the target): from the moment the display's websocket client has read
  and decoded the `called` frame (the link's `on_event` callback, before the Textual message
  is posted) to the moment the app has repainted after drawing it (`call_after_refresh`
  scheduled from the handler that set the board, which the big call and the history are
  bound to: it runs once the screen has been refreshed). Both on `time.perf_counter`.
- **server → screen**: from the call's `at` (the server's clock when it decided the call,
  before the commit and the fsync) to the same repaint, on the wall clock of this machine
  (server and display share it). It includes the commit, the broadcast and the socket.

Target: link → screen p99 ≤ 50 ms.

  .venv/bin/python -m tests.bench.display_latency [--calls 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from typing import Any

from display.app import DisplayApp
from display.widgets.call_banner import CallBanner
from server.protocol.events import Called
from server.protocol.link import Link
from server.protocol.server_frames import Pushed
from tests.bench.util import bench_centre, percentiles, rinda_server
from tests.server.harness import peer


class TimedDisplay(DisplayApp):
    """The real app, noting when each call's frame arrived and when it was on screen."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.arrived: dict[str, float] = {}
        self.link_to_screen: list[float] = []
        self.server_to_screen: list[float] = []
        self.shown: asyncio.Queue[str] = asyncio.Queue()
        self.welcomed = asyncio.Event()
        read = self.link.client.on_event
        assert read is not None

        def on_event(frame: Pushed) -> Any:
            if isinstance(frame, Called):
                self.arrived[frame.ticket] = time.perf_counter()
            return read(frame)

        self.link.client.on_event = on_event

    def on_link_welcome(self, message: Link.Welcome) -> None:
        super().on_link_welcome(message)
        self.welcomed.set()

    def on_link_event(self, message: Link.Event) -> None:
        super().on_link_event(message)
        frame = message.frame
        if isinstance(frame, Called):
            self.call_after_refresh(self._on_screen, frame)

    def _on_screen(self, frame: Called) -> None:
        now, wall = time.perf_counter(), datetime.now(UTC)
        self.link_to_screen.append(now - self.arrived.pop(frame.ticket))
        at = datetime.fromisoformat(frame.at.replace("Z", "+00:00"))
        self.server_to_screen.append((wall - at).total_seconds())
        self.shown.put_nowait(frame.ticket)


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--calls", type=int, default=500)
    a = p.parse_args()
    devices = {"k1": "kiosk", "c1": "counter"}
    async with rinda_server(bench_centre(services=1, counters=1, kiosks=1), devices) as srv:
        hello = {"type": "hello", "protocol": 1, "token": srv.tokens["k1"], "role": "kiosk"}
        async with peer(srv.url, hello) as kiosk:
            for _ in range(a.calls):
                await kiosk.ok("take_ticket", service="sA")
        counter_hello = {
            "type": "hello",
            "protocol": 1,
            "role": "counter",
            "token": srv.tokens["c1"],
            "counter": "1",
        }
        app = TimedDisplay(srv.url)
        async with app.run_test(size=(160, 48)), peer(srv.url, counter_hello) as counter:
            async with asyncio.timeout(30):
                await app.welcomed.wait()
            for _ in range(a.calls):
                number = (await counter.ok("call_next"))["ticket"]["number"]
                async with asyncio.timeout(10):
                    while await app.shown.get() != number:
                        pass
                assert app.screen.query_one(CallBanner).line.startswith(number)
                await counter.ok("finish", ticket=number)
    link = percentiles(app.link_to_screen)
    server = percentiles(app.server_to_screen)
    print(f"calls shown: {len(app.link_to_screen)} (display 160x48, headless, sound off)")
    print(f"link -> screen:   p50 {link['p50']} ms, p99 {link['p99']} ms, max {link['max']} ms")
    print(
        f"server -> screen: p50 {server['p50']} ms, p99 {server['p99']} ms, max {server['max']} ms"
    )
    print(f"target: link -> screen p99 <= 50 ms: {'met' if link['p99'] <= 50 else 'NOT met'}")
    print(json.dumps({"bench": "display_latency", "calls": len(app.link_to_screen),
                      "link_to_screen_ms": link, "server_to_screen_ms": server}))  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
