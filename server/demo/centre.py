"""The demo centre's own folder: its config, its database and the tokens of its devices.

The demo runs the embedded Ogre centre, changed so that it works for anyone who tries it,
whenever they try it: it is open around the clock (the real centre's hours would
leave a newcomer on a Sunday evening with nothing but "closed" buttons); counter 1, the
person's own, serves every service (whatever they tap on the kiosk, F2 there calls it; the
real counter 1 serves three of the eight); and its public address is the port the demo
actually listens on (the phone page link in the QR code must work). It also takes visitors
from home on /join, which the embedded centre leaves off. Everything else —
services, the other counters, priorities, rules — is the real configuration.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from server.config import default_text, loads
from server.demo.sim_clock import SimClock
from server.demo.simulator import Pace, Simulator
from server.store.clerks import add_clerk
from server.store.events import EventStore
from server.store.tokens import add_token, revoke

HUMAN_COUNTER = "1"  # the counter pane's window; simulated clerks staff the others
CLERK_PIN = "1234"
# The person trying the demo signs in at counter 1 as "demo"; simulated clerks staff 2-7:
# every other counter, so every service has clerks enough to keep its queue short without
# the person (`Pace.visitor_every_s` has the arithmetic).
CLERKS = {
    "demo": "Demo",
    "anna": "Anna Bērziņa",
    "janis": "Jānis Kalniņš",
    "olga": "Olga Petrova",
    "ilze": "Ilze Ozola",
    "peteris": "Pēteris Liepiņš",
    "sergejs": "Sergejs Ivanovs",
}
SIMULATED_STAFF = {
    "2": "anna",
    "3": "janis",
    "4": "olga",
    "5": "ilze",
    "6": "peteris",
    "7": "sergejs",
}
# Devices the embedded centre does not have: the simulator's own kiosk (so its visitors do not
# use up the rate limit of the kiosk a person taps) and a manager (whose snapshot lists every
# ticket of the day, for the drill's "nothing acknowledged is missing"), and the window display
# above the person's own counter.
WINDOW_DISPLAY = "window-1"
EXTRA_DEVICES = f"""
[[devices]]
id = "kiosk-sim"
role = "kiosk"

[[devices]]
id = "manager-1"
role = "manager"

[[devices]]
id = "{WINDOW_DISPLAY}"
role = "display"
counter = "{HUMAN_COUNTER}"
"""

# The demo takes visitors from home too, on its own /join page (docs/remote-queue.md): a
# person trying it joins more often than one visitor would, hence the rate limit.
REMOTE = """
[remote]
enabled = true
page = true
per_address_per_hour = 30
"""

_HOURS = re.compile(r"^\[hours\]\n.*?^\]\n", re.MULTILINE | re.DOTALL)
_PUBLIC_URL = re.compile(r'^public_url = ".*"$', re.MULTILINE)
# Counter 1's table: its header and every line up to the blank line after it.
_COUNTER_1 = re.compile(r'^\[\[counters\]\]\nid = "1"\n(?:[^\n\[].*\n)*', re.MULTILINE)
ALWAYS_OPEN = (
    "[hours]\n"
    "# The demo centre is open around the clock, so the demo works at any hour.\n"
    + "".join(
        f'{day} = ["00:00-24:00"]\n' for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )
    + "holidays = []\n"
)


# The booking hours of the embedded centre (weekday office hours): dropped, so the demo's
# bookable services book around the clock like its hours.
_BOOKING_HOURS = re.compile(r"^\[services\.booking\.hours\]\n(?:[a-z]{3} = .*\n)*", re.MULTILINE)


def _counter_1_serving(services: list[str]) -> str:
    listed = ", ".join(f'"{s}"' for s in services)
    return (
        '[[counters]]\nid = "1"\nname = "1"\n'
        "# The demo person's own counter serves every service, with no preference among them.\n"
        f"services = [{listed}]\n"
    )


def demo_config_text(port: int) -> str:
    """The embedded centre's TOML, open around the clock, counter 1 serving every service,
    reached on `port`."""
    real = default_text()
    text, hours = _HOURS.subn(ALWAYS_OPEN, real, count=1)
    text, urls = _PUBLIC_URL.subn(f'public_url = "http://127.0.0.1:{port}"', text, count=1)
    every = list(loads(real).services)
    text, counters = _COUNTER_1.subn(_counter_1_serving(every), text, count=1)
    text = _BOOKING_HOURS.sub("", text)
    if hours != 1 or urls != 1 or counters != 1:
        raise RuntimeError(
            "the embedded centre's [hours], public_url or counter 1 moved; update demo"
        )
    text += EXTRA_DEVICES + REMOTE
    loads(text)  # the demo must never start on a config the server would refuse
    return text


def free_port() -> int:
    """A port free on 127.0.0.1 right now (the demo writes it into the config before serving)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class DemoCentre:
    folder: Path
    port: int
    tokens: dict[str, str]  # device id -> token

    @property
    def config(self) -> Path:
        return self.folder / "centre.toml"

    @property
    def db(self) -> Path:
        return self.folder / "rinda.db"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def counter_token(self, counter: str) -> str:
        return self.tokens[f"c{counter}"]

    def simulator(
        self,
        pace: Pace | None = None,
        clock: SimClock | None = None,
        *,
        counters: Collection[str] = tuple(SIMULATED_STAFF),
    ) -> Simulator:
        """Synthetic visitors at their own kiosk and clerks at `counters` (default: 2-7), on
        `clock` (default: real time at the pace's speed)."""
        return Simulator(
            self.url,
            self.tokens["kiosk-sim"],
            {c: self.counter_token(c) for c in counters},
            clerks={c: (SIMULATED_STAFF[c], CLERK_PIN) for c in counters},
            pace=pace,
            clock=clock,
        )


async def prepare(folder: Path, port: int) -> DemoCentre:
    """Write the demo centre into `folder` and give every device a fresh token.

    A folder used before keeps its database (its tickets and clerks); only the tokens are new,
    since the store keeps tokens hashed and the old ones cannot be read back.
    """
    folder.mkdir(parents=True, exist_ok=True)
    text = demo_config_text(port)
    (folder / "centre.toml").write_text(text, encoding="utf-8")
    config = loads(text)
    centre = DemoCentre(folder, port, {})
    store = await EventStore.open(centre.db)
    try:
        for device in config.devices.values():
            await revoke(store, device.id)
            centre.tokens[device.id] = await add_token(store, device.role, device.id)
        for clerk, name in CLERKS.items():
            await add_clerk(store, clerk, name, CLERK_PIN, replace=True)
    finally:
        await store.close()
    return centre
