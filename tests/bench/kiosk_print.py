"""Tap → ticket bytes at the printer: the kiosk app (headless Textual, driven by Pilot) against
a real `rinda serve`, printing to a loopback TCP "network printer" that records the bytes.

Each round: tap the language, then time from the tap on a service to the moment the printer
has received the whole ticket (the kiosk's connection to it closed): the button press, the
`take_ticket` round trip (acknowledged only after the server's commit, fsync included), the
ESC/POS rendering (text in code pages + the QR as a raster image) and the TCP write, while
the ticket screen draws. Then "Done" and the next visitor. Target: p95 <= 150 ms.

The tap is the service button's `press()` (what Textual does for a click once it has found the
button under the finger); Pilot's `click` is not used for the timed tap, since it waits for
the app to go idle between mouse-down, mouse-up and click (~70 ms of test pacing, not kiosk
work).

  .venv/bin/python -m tests.bench.kiosk_print [--tickets 200] [--profile TM-T20II] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import time
from multiprocessing.connection import Connection
from pathlib import Path

from textual.widgets import Button

from kiosk.app import KioskApp
from kiosk.printer import PAPER_STATUS, Target, TicketPrinter
from tests.bench.util import bench_centre, filesystem_of, percentiles, rinda_server
from tests.kiosk.helpers import PAPER_OK
from tests.ui import until


def loopback_printer(conn: Connection) -> None:
    """A "network printer" on 127.0.0.1 in its own process (like a real printer, it shares
    neither the kiosk's event loop nor its GIL): answers the paper-status query and reports
    each ticket's size and the moment its last byte arrived (CLOCK_MONOTONIC, system-wide)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        conn.send(server.getsockname()[1])
        while True:
            client, _ = server.accept()
            with client:
                data = b""
                while chunk := client.recv(65536):
                    if not data and chunk.startswith(PAPER_STATUS):
                        client.sendall(bytes([PAPER_OK]))
                        chunk = chunk[len(PAPER_STATUS) :]
                    data += chunk
                conn.send((time.monotonic(), len(data)))


async def run(tickets: int, profile: str, workdir: Path) -> dict[str, object]:
    config = bench_centre(services=2, counters=2, kiosks=1)
    ours, theirs = multiprocessing.Pipe()
    printer_process = multiprocessing.get_context("spawn").Process(
        target=loopback_printer, args=(theirs,), daemon=True
    )
    printer_process.start()
    port = ours.recv()
    async with rinda_server(config, {"k1": "kiosk"}, workdir=workdir) as srv:
        printer = TicketPrinter(Target.parse(f"network:127.0.0.1:{port}"), profile=profile)
        app = KioskApp(srv.url, srv.tokens["k1"], printer, idle_timeout=3600)
        times: list[float] = []
        sizes: list[int] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.link_state == "online" and app.centre is not None)
            for _ in range(tickets):
                await pilot.click("#lang-lv")
                button = app.query_one("#svc-sA", Button)
                # Laid out: the page takes the focus only once it has been displayed.
                await until(pilot, lambda b=button: app.page == "services-page" and b.has_focus)
                t0 = time.monotonic()
                button.press()
                arrived, size = await asyncio.to_thread(ours.recv)
                times.append(arrived - t0)
                sizes.append(size)
                await until(pilot, lambda: app.page == "ticket-page")
                await pilot.click("#done")
                await until(pilot, lambda: app.page == "start-page")
    printer_process.kill()
    return {
        "bench": "kiosk_print",
        "tickets": tickets,
        "profile": profile,
        "bytes_per_ticket": round(sum(sizes) / len(sizes)),
        "filesystem": filesystem_of(workdir),
        "tap_to_printer_ms": percentiles(times),
        "target_p95_ms": 150,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tickets", type=int, default=200)
    p.add_argument("--profile", default="TM-T20II")
    p.add_argument("--dir", type=Path, default=Path.cwd())
    args = p.parse_args()
    result = asyncio.run(run(args.tickets, args.profile, args.dir))
    ms = result["tap_to_printer_ms"]
    assert isinstance(ms, dict)
    print(
        f"tap -> ticket bytes at the printer, {args.tickets} tickets ({args.profile}, "
        f"{result['bytes_per_ticket']} bytes each): p50 {ms['p50']} ms, p95 {ms['p95']} ms, "
        f"p99 {ms['p99']} ms, max {ms['max']} ms (target p95 <= 150 ms)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
