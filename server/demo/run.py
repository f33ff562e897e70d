"""`rinda demo`: prepare the demo centre, start its server, show the apps, clean up."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path

from server.config import load
from server.demo.bookings import DemoBooking, book_demo_visitors
from server.demo.centre import DemoCentre, free_port, prepare
from server.demo.server_process import ServerFailed, ServerProcess


async def run(args: argparse.Namespace) -> int:
    if args.port and (why := _cannot_listen(args.port)):
        # Said before anything is written or started: the server's own failure would be a
        # traceback tail from its log.
        print(
            f"rinda demo: cannot listen on 127.0.0.1:{args.port} ({why}); "
            "choose another --port, or leave it out for a free one",
            file=sys.stderr,
        )
        return 2
    continued = False
    if args.dir is not None:
        folder, temporary = args.dir, False
        if continued := (folder / "rinda.db").exists():
            print(f"rinda demo: continuing the demo centre kept in {folder} (its tickets stay)")
    else:
        # A fresh centre each time: two runs never mix their tickets; --dir keeps one.
        folder, temporary = Path(tempfile.mkdtemp(prefix="rinda-demo-")), True
    try:
        centre = await prepare(folder, args.port or free_port())
        server = ServerProcess(centre)
        try:
            await server.start()
            await _show(centre, args, continued)
        except ServerFailed as e:
            print(f"rinda demo: {e}", file=sys.stderr)
            return 2
        finally:
            await server.stop()
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        "rinda demo: stopped"
        + (" (its temporary data is gone; --dir keeps it)" if temporary else "")
    )
    return 0


async def _book(centre: DemoCentre, continued: bool) -> list[DemoBooking]:
    """A few bookings for a newcomer to check in (after logging goes to its file: the
    booking's connection is logged). A centre continued from an earlier run keeps its own."""
    return [] if continued else await book_demo_visitors(centre, load(centre.config).tz)


async def _show(centre: DemoCentre, args: argparse.Namespace, continued: bool) -> None:
    simulator = centre.simulator() if args.simulate else None
    if args.web:
        from server.demo.web import serve_web

        # The URLs it prints must stay on the screen: the links' comings and goings (the
        # simulator's, the sample ticket's) go to the log file; problems show here too.
        _log_to(centre.folder / "demo.log", screen=logging.WARNING)
        booked = await _book(centre, continued)
        await serve_web(
            centre,
            args.web_host,
            args.web_port,
            sound=not args.no_sound,
            lang=args.lang,
            background=simulator.run if simulator else None,
            bookings=booked,
        )
    else:
        from server.demo.app import DemoApp

        _log_to(centre.folder / "demo.log")  # stderr is the screen now
        booked = await _book(centre, continued)
        app = DemoApp(
            centre,
            sound=not args.no_sound,
            lang=args.lang,
            simulator=simulator,
            layout=args.layout,
            kept=args.dir is not None,
            continued=continued,
            bookings=booked,
        )
        # A closed terminal window or a `kill` ends the demo as Ctrl+C does: apps, then server.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, app.exit)
        with contextlib.suppress(KeyboardInterrupt):
            await app.run_async()


def _cannot_listen(port: int) -> str | None:
    """Why the demo server could not listen on `port` of 127.0.0.1 (None: it can)."""
    with socket.socket() as s:
        # As the server binds: a port left in TIME_WAIT by an earlier run is free to use.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OverflowError as e:  # not a port number at all
            return str(e)
        except OSError as e:
            return e.strerror or str(e)
    return None


def _log_to(path: Path, screen: int | None = None) -> None:
    """Log to the file `path` instead of stderr; records of level `screen` and up to both."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    form = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8")]
    if screen is not None:
        handlers.append(logging.StreamHandler())
        handlers[-1].setLevel(screen)
    for handler in handlers:
        handler.setFormatter(form)
        root.addHandler(handler)
