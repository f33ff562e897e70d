"""The options of `rinda comments` (it runs in server/cli_comments.py): the period, language,
format and output of `rinda report`, with its one-line usage errors."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from server.cli_report_args import Common, _period

if TYPE_CHECKING:
    from server.cli_report_args import Sub

COMMENT_FORMATS = ("table", "csv")


def comments_command(sub: Sub, common: Common) -> None:
    c = sub.add_parser(
        "comments",
        one_line=True,
        help="visitors' comments of a period with their ticket's rating (personal data: purged "
        "with bookings' names after [bookings] retain_days)",
        epilog="examples:\n"
        "  rinda comments --from 2026-11-01 --to 2026-11-30\n"
        "  rinda comments --from 2026-11-01 --to 2026-11-30 --lang en\n"
        "  rinda comments --from 2026-11-01 --to 2026-11-30 -o november-comments.csv\n"
        "Comments are personal data: they are kept apart from the event log and deleted with\n"
        "the bookings' names after [bookings] retain_days days (90 by default; `rinda purge`\n"
        "at once), so a day past that shows none. A file written here is a copy the purge\n"
        "does not reach: delete it when done. Reads the database without ever holding up a\n"
        'running server. docs/feedback.md, "Comments".',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(c)
    _period(c)
    c.add_argument(
        "--format",
        choices=COMMENT_FORMATS,
        help="default: the --output file's extension (.txt .csv), else table",
    )
    c.add_argument(
        "--lang",
        choices=("lv", "ru", "en"),
        default="lv",
        help="the language of service and reason names (default: %(default)s)",
    )
