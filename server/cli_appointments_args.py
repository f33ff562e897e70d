"""The options of `rinda appointments ...` and `rinda purge` (they run in
server/cli_appointments.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

Common = Callable[[argparse.ArgumentParser], None]

AT = 'the local time in the centre, "YYYY-MM-DD HH:MM" (a slot\'s start)'


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= 36600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return days


def _days_ahead(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 31:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of days from 1 to 31")
    return n


def appointment_commands(sub: Sub, common: Common) -> None:
    a = sub.add_parser(
        "appointments",
        help="book, list, move, cancel and import appointments",
        epilog="examples:\n"
        '  rinda appointments add --service migration --at "2026-03-02 09:20" \\\n'
        '        --name "Anna Bērziņa" --contact "+371 20000000"\n'
        "  rinda appointments list --day 2026-03-02\n"
        '  rinda appointments move K7M2PQ --at "2026-03-03 10:00"\n'
        "  rinda appointments cancel K7M2PQ\n"
        "  rinda appointments import e-pakalpojumi.csv\n"
        "A running server carries the request out (within a second); without one, the command\n"
        "does it itself. docs/appointments.md has the import format.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    asub = a.add_subparsers(dest="action", required=True)

    def command(name: str, what: str, example: str) -> argparse.ArgumentParser:
        c = asub.add_parser(
            name,
            help=what,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        common(c)
        return c

    add = command(
        "add",
        "book a visitor in: prints the code, time, service and the visitor's page",
        'rinda appointments add --service migration --at "2026-03-02 09:20" --name "Anna"',
    )
    add.add_argument("--service", required=True, help="the service's id in the config")
    add.add_argument("--at", required=True, help=AT)
    add.add_argument("--name", default="", help="the visitor's name (optional; purged later)")
    add.add_argument(
        "--contact", default="", help="a phone number or e-mail (optional; purged later)"
    )
    ls = command(
        "list",
        "one day's bookings: code, time, service, state, name",
        "rinda appointments list --day 2026-03-02",
    )
    ls.add_argument("--day", help="YYYY-MM-DD (default: today in the centre)")
    sl = command(
        "slots",
        "the free slots of a service, from a day on",
        "rinda appointments slots --service migration --day 2026-03-02 --days 3",
    )
    sl.add_argument("--service", required=True, help="the service's id in the config")
    sl.add_argument("--day", help="YYYY-MM-DD (default: today in the centre)")
    sl.add_argument("--days", type=_days_ahead, default=1, help="how many days (1-31, default 1)")
    mv = command(
        "move",
        "move a booking to another slot of its service",
        'rinda appointments move K7M2PQ --at "2026-03-03 10:00"',
    )
    mv.add_argument("code", help="the booking's 6-character code")
    mv.add_argument("--at", required=True, help=AT)
    cn = command("cancel", "cancel a booking", "rinda appointments cancel K7M2PQ")
    cn.add_argument("code", help="the booking's 6-character code")
    im = command(
        "import",
        "book every row of a CSV export, or none if any row is wrong",
        "rinda appointments import e-pakalpojumi.csv",
    )
    im.add_argument("file", type=Path, help="CSV: service, date, time, name, contact")

    p = sub.add_parser(
        "purge",
        help="delete the names and contacts of old bookings",
        epilog="examples:\n"
        "  rinda purge --older-than 90    # bookings whose day is more than 90 days ago\n"
        "  rinda purge --older-than 0 --db /var/lib/rinda/rinda.db   # every day before today\n"
        "The server does this every night with [bookings] retain_days; safe while it runs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(p)
    p.add_argument(
        "--older-than",
        type=_days,
        required=True,
        metavar="DAYS",
        help="delete them for bookings whose day is more than DAYS days before today",
    )
