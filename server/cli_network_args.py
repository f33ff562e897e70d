"""The options of `rinda network report` (run in server/cli_network.py): the figures of many
centres' facts files side by side."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from server.cli_report_args import day
from server.network.network_report import MIN_RATINGS
from server.network.network_sql import GROUPINGS

if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

NETWORK_FORMATS = ("table", "csv", "xlsx")


def _at_least_one(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f'"{text[:20]}" is not a whole number of 1 or more')
    return n


def network_report_command(nsub: Sub) -> None:
    """`rinda network report`, added to the subcommands of `rinda network`."""
    r = nsub.add_parser(
        "report",
        one_line=True,
        help="the figures of a centre's report per centre, and the centres ranked",
        epilog="examples:\n"
        "  rinda network report 'facts/*.parquet'                       # a table per centre\n"
        "  rinda network report 'facts/*.parquet' --by service -o 2025.xlsx\n"
        "  rinda network report riga-*.parquet ogre-*.parquet --from 2025-06-01 --to 2025-06-30\n"
        "The files are those `rinda export facts` writes, one per centre and month, say.\n"
        "docs/network-report.md says how each figure and the rankings are counted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument(
        "files", nargs="+", metavar="FILE", help="facts files (Parquet), or globs ('dir/*.parquet')"
    )
    r.add_argument(
        "--by",
        choices=GROUPINGS,
        default="centre",
        metavar="GROUPING",
        help="rows per " + ", ".join(GROUPINGS) + " (each at every centre; default: centre)",
    )
    r.add_argument(
        "--format",
        choices=NETWORK_FORMATS,
        help="default: the --output file's extension (.txt .csv .xlsx), else table",
    )
    r.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here (replaced whole, or left as it was on any error) "
        "instead of to standard output",
    )
    r.add_argument(
        "--decimal-point",
        action="store_true",
        help="csv only: decimal points and ',' between cells, for an Excel set to an "
        "English locale (default: decimal commas and ';', as a Latvian Excel expects)",
    )
    r.add_argument("--from", dest="start", type=day, metavar="DATE", help="only from this day on")
    r.add_argument("--to", dest="end", type=day, metavar="DATE", help="only up to this day")
    r.add_argument(
        "--min-ratings",
        type=_at_least_one,
        default=MIN_RATINGS,
        metavar="N",
        help="rank a centre on satisfaction only from N ratings (default: %(default)s)",
    )
