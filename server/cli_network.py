"""`rinda network report`: many centres' facts files read with DuckDB into one report.

Like `rinda report`: bad input (a glob matching nothing, a file that is not a facts file this
Rinda reads, a bad period) is one line on stderr and exit status 2, and nothing is written;
an --output file is replaced whole only once the report is complete.
"""

from __future__ import annotations

import argparse
import io
import sys

from server.cli_network_args import NETWORK_FORMATS
from server.cli_report import (
    PATH_SHOWN,
    OutputError,
    destination,
    output_format,
    reader_gone,
)
from server.network.facts_files import FactsError
from server.protocol.codec import excerpt
from server.reports.period import ReportError, check_period


def network(args: argparse.Namespace) -> int:
    from server.network import network_out
    from server.network.network_report import build, connect

    try:
        fmt = output_format(args, NETWORK_FORMATS, "table")
        if args.decimal_point and fmt != "csv":
            raise OutputError(f"--decimal-point applies to CSV only, not to {fmt}")
        if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
            raise OutputError("an XLSX workbook is not for a terminal: give --output FILE")
        if args.start and args.end:
            check_period(args.start, args.end)
        report = build(connect(), args.files, args.by, args.start, args.end, args.min_ratings)
        if fmt == "table":
            data = network_out.render(report).encode()
        elif fmt == "csv":
            data = network_out.csv_bytes(report, decimal_point=args.decimal_point)
        else:
            buffer = io.BytesIO()
            network_out.write_xlsx(report, buffer)
            data = buffer.getvalue()
        with destination(args.output) as out:
            out.write(data)
    except (FactsError, ReportError, OutputError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
    if args.output is not None:
        print(
            f"wrote the network report ({report.centres} centres, by {report.by}) to "
            f"{excerpt(args.output, PATH_SHOWN)}",
            file=sys.stderr,
        )
    return 0
