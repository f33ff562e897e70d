"""Every visible string of the counter app exists in Latvian, Russian and English, and every
key the code asks for is in the catalogs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from counter.screens.bookings import KEYS
from counter.widgets.booking_table import COLUMNS
from server.i18n import Catalog
from server.protocol.views import BookingState

COUNTER = Path(__file__).resolve().parents[2] / "counter"


def test_every_language_has_every_key() -> None:
    assert Catalog("counter").missing() == {}


def test_every_key_the_code_uses_exists() -> None:
    known = set(Catalog("counter").texts["lv"])
    used: set[str] = set()
    for path in COUNTER.rglob("*.py"):
        used |= set(
            re.findall(
                r"""["']((?:app|status|sign_in|serving|keys|panel|transfer|pause|reasons|call|notice|time|errors|bookings|cancel|states|days)\.[a-z_]+)["']""",
                path.read_text(),
            )
        )
    used.discard("app.tcss")  # the stylesheet's file name, not a key
    # Keys built at run time from the server's words.
    used |= {f"status.{s}" for s in ("open", "paused", "closed")}
    used |= {"app.connecting", "app.offline", "app.online"}
    # The bookings view's: a booking's state, weekdays, its columns and keys.
    used |= {f"states.{s}" for s in get_args(BookingState)}
    used |= {f"days.{d}" for d in range(7)}
    used |= {f"bookings.{c}" for c, _ in COLUMNS}
    used |= {f"bookings.{action}" for _, action in KEYS}
    assert used and used <= known, used - known
