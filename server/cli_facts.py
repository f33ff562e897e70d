"""`rinda export facts`: the centre's anonymous facts of a period as a Parquet file for the
network report (docs/facts.md). It follows `rinda report`: the same period rules, options and
one-line errors (the options are in server/cli_report_args.py); but an existing file is never
replaced unless --force says so: a typo must not overwrite a month already sent on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from server.config import CentreConfig
from server.protocol.codec import excerpt

SUFFIX = ".parquet"
# A path is quoted back up to this long (escaped: it is what was typed).
PATH_SHOWN = 200


def parquet_path(text: str, option: str = "--output") -> Path:
    """The output path given as `option`, refused (ValueError, one line) unless it is named
    .parquet: the network report reads a folder's *.parquet."""
    if Path(text).suffix.lower() != SUFFIX:
        raise ValueError(f"{option} {excerpt(text, PATH_SHOWN)}: name the file {SUFFIX}")
    return Path(text)


def export_facts(args: argparse.Namespace, config: CentreConfig) -> int:
    from server.cli_report import utc_now
    from server.network.facts_export import export_facts as export
    from server.network.facts_file import FactsFileError
    from server.reports.period import ReportError

    try:
        output = parquet_path(args.output)
        n = export(args.db, config, args.start, args.end, output, now=utc_now(), replace=args.force)
    except (ValueError, ReportError, FactsFileError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    shown = excerpt(args.output, PATH_SHOWN)
    print(f"wrote {n} visits of {config.centre_id} to {shown}", file=sys.stderr)
    return 0
