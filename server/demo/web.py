"""`rinda demo --web`: the demo's five apps served to a browser, and a sample ticket's phone
page, until Ctrl+C."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from server.config import ConfigError
from server.demo.apps import app_commands
from server.demo.bookings import DemoBooking
from server.demo.centre import CLERK_PIN, DemoCentre
from server.protocol import messages as m
from server.protocol.client import Client, ClientError
from server.protocol.views import IssuedTicket
from server.protocol.welcome import AnySnapshot, CentreSnapshot
from server.web import start_site, web_text


async def sample_ticket(centre: DemoCentre) -> IssuedTicket:
    """Take one ticket, as a visitor at the kiosk would, for the phone page's link."""
    welcomes: list[AnySnapshot] = []
    hello = m.Hello(protocol=m.PROTOCOL, role="kiosk", token=centre.tokens["kiosk-1"])
    async with asyncio.timeout(10), Client(centre.url, hello, on_welcome=welcomes.append) as kiosk:
        snapshot = welcomes[-1]
        if not isinstance(snapshot, CentreSnapshot):
            raise ClientError(f"a kiosk was welcomed as a {snapshot.__struct_config__.tag}")
        service = next(s.id for s in snapshot.services if s.issuing)
        rid = f"demo-sample-{secrets.token_hex(4)}"
        reply = await kiosk.request(m.TakeTicket(id=rid, service=service, lang="en"))
    return reply.ticket


def _say(text: str) -> None:
    # Flushed: stdout may be a pipe (`| tee`, a service's log), and the URLs are needed now,
    # not when the demo ends.
    print(text, flush=True)


async def serve_web(
    centre: DemoCentre,
    host: str,
    first_port: int,
    *,
    sound: bool,
    lang: str = "lv",
    background: Callable[[], Coroutine[Any, Any, None]] | None = None,
    stop: asyncio.Event | None = None,
    say: Callable[[str], None] = _say,
    bookings: Sequence[DemoBooking] = (),
) -> None:
    """Serve kiosk, display, counter, manager and window on `first_port`, +1 ... +4 until
    SIGINT/SIGTERM (or `stop` is set); `background` (the simulator) runs meanwhile; `lang`:
    the language each app starts in."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runners = []
    try:
        lines = []
        apps = app_commands(centre, sound=sound, lang=lang)
        last_port = first_port + len(apps) - 1
        for port, app in enumerate(apps, start=first_port):
            try:
                text = web_text(app.name, font_size=None, fit=None)
                site = await start_site(app.argv, app.env, host, port, f"Rinda {app.name}", text)
            except OSError as e:  # the port is taken, or the address is not this machine's
                why = os.strerror(e.errno) if e.errno else str(e)
                raise ConfigError(
                    f"cannot serve the demo's {app.name} on {host}:{port}: {why} (--web-port "
                    f"{first_port} uses ports {first_port}-{last_port}: choose free ones)"
                ) from None
            runners.append(site)
            sign_in = (
                f'   (sign in as clerk "demo", PIN {CLERK_PIN})' if app.name == "counter" else ""
            )
            lines.append(f"  {app.name:<8} http://{host}:{port}/{sign_in}")
        ticket = await sample_ticket(centre)
        say(
            f"Rinda demo: the Ogre centre's server is {centre.url} (data in {centre.folder})\n"
            + "\n".join(lines)
            + "\n"
            + f"  phone    {ticket.status_url}   (sample ticket {ticket.number})\n"
            + f"  join     {centre.http}/join   (join from home, then check in at the kiosk)\n"
            + (
                "  booked   check in at the kiosk with " + ", ".join(map(str, bookings)) + "\n"
                if bookings
                else ""
            )
            + "Ctrl+C stops everything."
        )
        task = asyncio.create_task(background()) if background else None
        await stop.wait()
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        for runner in runners:
            await runner.cleanup()
