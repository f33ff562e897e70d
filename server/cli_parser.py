"""The `rinda` command line: its subcommands and options (the commands run in server/cli.py)."""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path
from typing import cast

from platformdirs import user_data_dir

from server import __version__
from server.cli_appointments_args import appointment_commands
from server.cli_comments_args import comments_command
from server.cli_network_args import network_report_command
from server.cli_report_args import RindaParser, report_commands
from server.cli_simulate import simulate_command
from server.web import WEB_FIT, parse_fit, parse_font_size
from watch import cli as watch_cli

EXAMPLES = """examples:
  rinda demo                                   # a whole centre in this terminal
  rinda demo --simulate --web                  # ...in a browser, with synthetic visitors
  rinda serve                                  # the embedded demo centre on 127.0.0.1:8750
  rinda serve --config centre.toml --host 0.0.0.0 --db /var/lib/rinda/rinda.db
  rinda check-config centre.toml
  rinda token add --role kiosk --device kiosk-1
  rinda clerk add --id anna --name "Anna Bērziņa"
  rinda appointments list
  rinda report --from 2026-11-01 --to 2026-11-30 --format xlsx -o november.xlsx
  rinda comments --from 2026-11-01 --to 2026-11-30   # what visitors wrote
  rinda simulate busy_regional --policy fifo   # try a policy on a simulated week
  rinda network watch centres.toml             # every centre's queue now
"""


LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]
# The client apps; each package's `cli` module adds its options and runs it (imported lazily,
# so `rinda serve` never pays for loading Textual).
APPS = {
    "kiosk": "the ticket kiosk (touchscreen + printer)",
    "display": "the waiting-room display",
    "counter": "a clerk's counter app",
    "manager": "the manager's live floor, history charts and reports",
    "feedback": "the exit tablet: visitors rate their visit with a face",
}
# `--web`: the port each app serves its browser page on by default.
WEB_PORTS = {"kiosk": 8081, "display": 8082, "counter": 8083, "manager": 8084, "feedback": 8085}


def default_db() -> Path:
    return Path(user_data_dir("rinda", appauthor=False)) / "rinda.db"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="centre TOML file (default: the embedded demo centre)")
    p.add_argument("--db", type=Path, default=default_db(), help="event log (default: %(default)s)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rinda",
        description="Rinda: the queue of a client service centre.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"rinda {__version__}")
    p.add_argument("--log-level", default="INFO", choices=LOG_LEVELS, help="default: INFO")
    # RindaParser: report and export ask for one-line usage errors (server/cli_report_args.py);
    # for the other commands it is argparse's own parser.
    sub = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        p.add_subparsers(dest="command", required=True, parser_class=RindaParser),
    )

    s = sub.add_parser(
        "serve",
        help="run the centre's server",
        epilog="examples:\n"
        "  rinda serve                  # the embedded demo centre on 127.0.0.1:8750\n"
        "  rinda serve --config centre.toml --host 0.0.0.0 --db /var/lib/rinda/rinda.db\n"
        "  rinda serve --cert server.pem --key server.key   # wss:// and https://",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(s)
    # Also accepted after the subcommand (`rinda serve --log-level DEBUG`).
    s.add_argument("--log-level", default=argparse.SUPPRESS, choices=LOG_LEVELS)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8750, help="0 picks a free port")
    s.add_argument(
        "--announce",
        action="store_true",
        help='print one JSON line {"url": ..., "port": ...} to stdout once listening (for scripts)',
    )
    s.add_argument(
        "--cert", type=Path, help="TLS certificate chain (PEM): serve wss:// and https://"
    )
    s.add_argument("--key", type=Path, help="the private key of --cert (PEM)")

    b = sub.add_parser(
        "backup",
        help="copy the database while the server runs",
        epilog="examples:\n"
        "  rinda backup /var/backups/rinda/    # a dated rinda-YYYYMMDD-HHMMSS.db inside (folder\n"
        "                                      # made if missing; -2, -3 ... within one second)\n"
        "  rinda backup --db /var/lib/rinda/rinda.db /mnt/usb/rinda.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument(
        "dest",
        help="a new file, or a folder to put a dated copy in (ending in /: made if missing)",
    )
    b.add_argument("--db", type=Path, default=default_db(), help="default: %(default)s")
    b.add_argument("--force", action="store_true", help="replace DEST if it exists")
    r = sub.add_parser(
        "restore",
        help="put a backup back (stop the server first)",
        epilog="example:\n  rinda restore --db /var/lib/rinda/rinda.db --force rinda-20261125.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("src", type=Path, help="a file made by `rinda backup`")
    r.add_argument("--db", type=Path, default=default_db(), help="default: %(default)s")
    r.add_argument("--force", action="store_true", help="replace the existing database")

    cc = sub.add_parser(
        "check-config",
        help="validate a centre TOML file",
        epilog="example:\n  rinda check-config centre.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cc.add_argument("file", type=Path)

    t = sub.add_parser(
        "token",
        help="device tokens",
        epilog="examples:\n  rinda token add --role kiosk --device kiosk-1\n"
        "  rinda token list\n"
        "  rinda token revoke --device kiosk-1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tsub = t.add_subparsers(dest="action", required=True)
    ta = tsub.add_parser(
        "add",
        help="print a new token for a configured device",
        epilog="examples:\n  rinda token add --role counter --device c3\n"
        "  rinda token add --role booking --device website   # the booking API",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(ta)
    ta.add_argument(
        "--role",
        required=True,
        choices=["kiosk", "display", "counter", "manager", "booking", "feedback"],
    )
    ta.add_argument("--device", required=True)
    tr = tsub.add_parser(
        "revoke",
        help="revoke every token of a device",
        epilog="example:\n  rinda token revoke --device kiosk-1   # a stolen or replaced kiosk",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(tr)
    tr.add_argument("--device", required=True)
    tl = tsub.add_parser(
        "list",
        help="every device token: device, role, when it was made and last connected",
        epilog="example:\n"
        "  rinda token list --config /etc/rinda/centre.toml --db /var/lib/rinda/rinda.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(tl)

    for name, what in APPS.items():
        a = sub.add_parser(
            name,
            help=what,
            epilog=f"examples:\n  export RINDA_TOKEN=TOKEN   # from `rinda token add`; "
            "not --token, which `ps` shows\n"
            f"  rinda {name} --url ws://rinda-server:8750/ws\n"
            f"  rinda {name} --web --url ws://rinda-server:8750/ws"
            f"{' --counter 1' if name == 'counter' else ''}   # then open "
            f"http://127.0.0.1:{WEB_PORTS[name]}/",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        a.add_argument(
            "--url",
            default="ws://127.0.0.1:8750/ws",
            help="the server's websocket address, ws://HOST:PORT/ws or wss://... (default: "
            "%(default)s)",
        )
        a.add_argument(
            "--token",
            default=os.environ.get("RINDA_TOKEN"),
            help="this device's token from `rinda token add` (default: $RINDA_TOKEN)",
        )
        a.add_argument(
            "--web",
            action="store_true",
            help="serve this app to a browser (full-screen kiosk mode) instead of the terminal",
        )
        a.add_argument(
            "--web-host", default="127.0.0.1", help="with --web: listen here (default: %(default)s)"
        )
        a.add_argument(
            "--web-port",
            type=int,
            default=WEB_PORTS[name],
            help="with --web: the HTTP port (default: %(default)s)",
        )
        size = a.add_mutually_exclusive_group()
        fit = WEB_FIT.get(name)
        size.add_argument(
            "--web-fit",
            type=parse_fit,
            metavar="COLSxROWS",
            help="with --web: the largest text that still gives the app COLS columns and ROWS "
            "rows in the browser's window" + (f" (default: {fit[0]}x{fit[1]})" if fit else ""),
        )
        size.add_argument(
            "--web-font-size",
            type=parse_font_size,
            metavar="PX",
            help="with --web: text this many pixels high, whatever the window"
            + ("" if fit else " (default: 16)"),
        )
        importlib.import_module(f"{name}.cli").add_arguments(a)

    d = sub.add_parser(
        "demo",
        help="a whole demo centre in one command: server, kiosk, display, counter and manager",
        epilog="examples:\n"
        "  rinda demo                       # kiosk, display and counter side by side, Ctrl+N "
        "on to the manager (tabs if the terminal is small)\n"
        "  rinda demo --simulate            # synthetic visitors and clerks keep it moving\n"
        "  rinda demo --web                 # in a browser: prints the URLs to open\n"
        "  rinda demo --lang en             # the apps start in English (or ru)\n"
        "  rinda demo --dir ~/rinda-demo    # keep the data and continue it next time",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d.add_argument(
        "--simulate", action="store_true", help="synthetic visitors and clerks (counters 2-7)"
    )
    d.add_argument(
        "--web", action="store_true", help="serve the apps to a browser and print their URLs"
    )
    d.add_argument("--web-host", default="127.0.0.1", help="with --web (default: %(default)s)")
    d.add_argument(
        "--web-port",
        type=int,
        default=WEB_PORTS["kiosk"],
        help="with --web: the kiosk's port; the display, the counter and the manager get the "
        "next three (default: %(default)s)",
    )
    d.add_argument(
        "--dir",
        type=Path,
        help="keep the demo centre's data here and continue it next time "
        "(default: a temporary folder, removed at the end)",
    )
    d.add_argument("--port", type=int, default=0, help="the demo server's port (default: free)")
    d.add_argument("--no-sound", action="store_true", help="the display stays silent")
    d.add_argument(
        "--lang",
        choices=["lv", "ru", "en"],
        default="lv",
        help="the language the apps start in: the kiosk's start screen, the display (before "
        "its labels cycle, and its announcements), the counter and the manager (default: "
        "%(default)s)",
    )
    d.add_argument(
        "--layout",
        choices=["auto", "side", "tabs"],
        default="auto",
        help="side by side, or one app per tab (default: side by side if the terminal is "
        "at least 150x40)",
    )

    dr = sub.add_parser(
        "drill",
        help="fault drill: SIGKILL a server mid-day, restart it, check the devices and tickets",
        epilog="examples:\n"
        "  rinda drill                  # on its own demo centre in a temporary folder\n"
        "  rinda drill --dir /tmp/drill # keep its database and logs to look at afterwards\n"
        "It never touches the centre's database: it starts its own server, kiosk, display and\n"
        "counter. Exit status 0: every app was back within 3 s and no ticket was lost.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dr.add_argument("--dir", type=Path, help="the drill's folder (default: temporary)")

    network = sub.add_parser(
        "network",
        one_line=True,
        help="a network of centres: their facts files compared, their queues now",
        epilog=(
            "examples:\n  rinda network report 'facts/*.parquet' --by service\n"
            "  rinda network watch centres.toml"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = network.add_subparsers(dest="action", required=True, metavar="report|watch")
    network_report_command(actions)
    watch_cli.add_parser(actions)

    _clerk_commands(sub)
    appointment_commands(sub, _common)
    report_commands(sub, _common)
    comments_command(sub, _common)
    simulate_command(sub)
    return p


PIN_HELP = (
    "the PIN: 6 to 12 digits, not one digit repeated, not a run like 123456 or 654321, not a "
    "short group repeated like 121212 (default: ask twice, without echo)"
)


def _clerk_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    k = sub.add_parser(
        "clerk",
        help="clerks who sign in at counters",
        epilog="examples:\n"
        '  rinda clerk add --id anna --name "Anna Bērziņa"\n'
        "  rinda clerk list\n"
        "  rinda clerk set-pin --id anna            # a forgotten PIN\n"
        '  rinda clerk rename --id anna --name "Anna Kalniņa"\n'
        "  rinda clerk remove --id anna             # signs her out, no more sign-ins",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ksub = k.add_subparsers(dest="action", required=True)
    ids = 'the clerk\'s id: 1-32 letters, digits, "_", "." or "-"'

    def command(name: str, what: str, example: str) -> argparse.ArgumentParser:
        c = ksub.add_parser(
            name,
            help=what,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _common(c)
        if name != "list":
            c.add_argument("--id", required=True, help=ids)
        return c

    ka = command(
        "add",
        "add a clerk (asks for the PIN twice)",
        'rinda clerk add --id anna --name "Anna Bērziņa"',
    )
    ka.add_argument("--name", required=True, help="as the counter shows it")
    ka.add_argument("--pin", help=PIN_HELP)
    command(
        "list", "every clerk: id, name, when added", "rinda clerk list --db /var/lib/rinda/rinda.db"
    )
    ks = command(
        "set-pin",
        "give a clerk a new PIN (a forgotten one; asks twice)",
        "rinda clerk set-pin --id anna",
    )
    ks.add_argument("--pin", help=PIN_HELP)
    kr = command(
        "rename",
        "change the name a clerk is shown with (from their next sign-in)",
        'rinda clerk rename --id anna --name "Anna Kalniņa"',
    )
    kr.add_argument("--name", required=True)
    command(
        "remove",
        "remove a clerk: no more sign-ins, and a running server signs them out",
        "rinda clerk remove --id anna",
    )
