"""`rinda comments`: the visitors' comments of a period, for the manager (docs/feedback.md).

Made the way `rinda report` is (server/cli_report.py): a read-only connection, the same
period rules and refusals, one line on stderr and exit status 2 for bad input, and a file
given with --output replaced only once everything is written. That file holds personal data:
it is made readable by its owner only.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys

from server import cli_report
from server.cli_comments_args import COMMENT_FORMATS
from server.cli_report import PATH_SHOWN, OutputError, destination, output_format, reader_gone
from server.config import CentreConfig
from server.protocol.codec import excerpt
from server.reports.comments import Comments, build_comments
from server.reports.period import ReportError


def encoded(comments: Comments, args: argparse.Namespace, config: CentreConfig) -> bytes:
    if args.format == "csv":
        from server.reports.comments_out import write_csv

        text = io.StringIO(newline="")
        write_csv(comments, text)
        return text.getvalue().encode()
    from server.reports.comments_out import render

    tty = args.output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else None
    return render(comments, config.tz, width).encode()


def comments(args: argparse.Namespace, config: CentreConfig) -> int:
    try:
        args.format = output_format(args, COMMENT_FORMATS, "table")
        found = build_comments(
            args.db, config, args.start, args.end, args.lang, cli_report.utc_now()
        )
        data = encoded(found, args, config)
        with destination(args.output, private=True) as out:
            out.write(data)
    except (ReportError, OutputError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
    if args.output is not None:
        n = len(found.lines)
        print(f"wrote {n} comment(s) to {excerpt(args.output, PATH_SHOWN)}", file=sys.stderr)
    return 0
