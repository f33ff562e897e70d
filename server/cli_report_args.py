"""The options of `rinda report` and `rinda export events` (they run in server/cli_report.py)
and `rinda export facts` (server/cli_facts.py).

Their usage errors are one line ("rinda report: argument --by: invalid choice ..."), like
every other bad input of these commands: a manager's script or cron mail shows what is wrong
without a usage block to read past.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from server.protocol.codec import excerpt
from server.protocol.reports import GROUPINGS

if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

Common = Callable[[argparse.ArgumentParser], None]
FORMATS = ("table", "csv", "xlsx", "json")
EXPORT_FORMATS = ("csv", "jsonl")
# Commands whose usage errors are one line (server/cli.py reports unknown options of these
# the same way).
ONE_LINE = ("report", "export", "simulate", "network", "comments")


class RindaParser(argparse.ArgumentParser):
    """argparse's parser; with `one_line=True`, a usage error is one line on stderr."""

    def __init__(self, *args: Any, one_line: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.one_line = one_line

    def error(self, message: str) -> NoReturn:
        if not self.one_line:
            super().error(message)
        one_line_error(f"{self.prog}: {message}")


def one_line_error(message: str) -> NoReturn:
    print(f"{message} (see --help)", file=sys.stderr)
    sys.exit(2)


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{excerpt(text, 20)}" is not a date like 2026-11-02'
        ) from None


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday(text: str) -> int:
    """An ISO weekday, 1 (Monday) to 7 (Sunday), given as its number or mon..sun."""
    t = text.strip().lower()
    if t in {str(i) for i in range(1, 8)}:
        return int(t)
    if t in WEEKDAYS:
        return WEEKDAYS.index(t) + 1
    raise argparse.ArgumentTypeError(
        f'"{excerpt(text, 20)}" is not a weekday: 1 (Monday) to 7 (Sunday), or mon to sun'
    )


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="start",
        type=day,
        required=True,
        metavar="DATE",
        help="the first day, YYYY-MM-DD (the centre's local day)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=day,
        required=True,
        metavar="DATE",
        help="the last day, YYYY-MM-DD (included)",
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here (replaced whole, or left as it was on any error) "
        "instead of to standard output",
    )


def report_commands(sub: Sub, common: Common) -> None:
    r = sub.add_parser(
        "report",
        one_line=True,
        help="wait-time figures of a period: a table, CSV, Excel workbook or JSON",
        epilog="examples:\n"
        "  rinda report --from 2026-11-01 --to 2026-11-30               # a table per service\n"
        "  rinda report --from 2026-11-01 --to 2026-11-30 --by hour\n"
        "  rinda report --from 2026-11-01 --to 2026-11-30 --by hour --weekday mon\n"
        "  rinda report --from 2026-11-01 --to 2026-11-30 --format csv -o november.csv\n"
        "  rinda report --from 2026-11-01 --to 2026-11-30 --format xlsx -o november.xlsx\n"
        "Reads the database without ever holding up a running server. docs/reports.md says\n"
        "how each figure is counted and how the files open in Excel.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(r)
    _period(r)
    r.add_argument(
        "--by",
        choices=GROUPINGS,
        metavar="GROUPING",
        help="group by " + ", ".join(GROUPINGS) + " (default: service; for xlsx: a "
        "sheet for every grouping; clerk only if [reports] per_clerk = true)",
    )
    r.add_argument(
        "--weekday",
        type=weekday,
        metavar="DAY",
        help="only this weekday of the period: 1 (Monday) to 7 (Sunday), or mon to sun",
    )
    r.add_argument(
        "--format",
        choices=FORMATS,
        help="default: the --output file's extension (.txt .csv .xlsx .json), else table; "
        "xlsx needs --output or a redirect",
    )
    r.add_argument(
        "--decimal-point",
        action="store_true",
        help="csv only: decimal points and ',' between cells, for an Excel set to an "
        "English locale (default: decimal commas and ';', as a Latvian Excel "
        "expects)",
    )
    r.add_argument(
        "--lang",
        choices=("lv", "ru", "en"),
        default="lv",
        help="the language of names, weekdays and the total (default: %(default)s)",
    )

    x = sub.add_parser(
        "export",
        one_line=True,
        help="the raw event log of a period (audits), or its anonymous facts (the network)",
        epilog="examples:\n"
        "  rinda export events --from 2026-11-01 --to 2026-11-30 -o november-events.csv\n"
        "  rinda export facts --from 2026-11-01 --to 2026-11-30 -o ogre-2026-11.parquet",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    xsub = x.add_subparsers(dest="what", required=True, metavar="events|facts")
    e = xsub.add_parser(
        "events",
        one_line=True,
        help="every event of a period: seq, time (UTC and local), type, fields",
        epilog="examples:\n"
        "  rinda export events --from 2026-11-01 --to 2026-11-30 -o november-events.csv\n"
        "  rinda export events --from 2026-01-01 --to 2026-12-31 --format jsonl -o 2026.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(e)
    _period(e)
    e.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="default: the --output file's extension (.csv .jsonl), else csv",
    )
    _facts(xsub, common)


def _facts(xsub: Sub, common: Common) -> None:
    f = xsub.add_parser(
        "facts",
        one_line=True,
        help="one row per visit, nothing personal: the centre's file for the network report",
        epilog="examples:\n"
        "  rinda export facts --from 2026-11-01 --to 2026-11-30 -o ogre-2026-11.parquet\n"
        "  rinda export facts --from 2026-11-01 --to 2026-11-30 -o ogre-2026-11.parquet --force\n"
        "docs/facts.md says what each column holds and what is left out.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(f)
    f.add_argument("--from", dest="start", type=day, required=True, metavar="DATE",
                   help="the first day, YYYY-MM-DD (the centre's local day)")  # fmt: skip
    f.add_argument("--to", dest="end", type=day, required=True, metavar="DATE",
                   help="the last day, YYYY-MM-DD (included)")  # fmt: skip
    f.add_argument("--output", "-o", required=True, metavar="FILE.parquet",
                   help="the file to write (refused if it exists, unless --force)")  # fmt: skip
    f.add_argument("--force", action="store_true", help="replace the output file if it exists")
