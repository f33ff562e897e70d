"""`rinda manager`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse
from pathlib import Path

# Longer than a working day would be no alert at all.
MAX_PAUSE_ALERT_MIN = 600


def _minutes(value: str) -> int:
    n = int(value) if value.isdigit() else -1
    if not 1 <= n <= MAX_PAUSE_ALERT_MIN:
        raise argparse.ArgumentTypeError(
            f"{value[:20]!r}: give whole minutes from 1 to {MAX_PAUSE_ALERT_MIN}"
        )
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    parser.add_argument(
        "--lang", default="lv", choices=["lv", "ru", "en"], help="screen language (default: lv)"
    )
    parser.add_argument(
        "--pause-alert",
        type=_minutes,
        default=15,
        metavar="MIN",
        help="alert when a counter has been paused longer than this (default: 15 minutes)",
    )
    parser.add_argument(
        "--export-to",
        type=Path,
        metavar="FILE",
        help="the file the report's Excel export suggests (default: a dated rinda-report-"
        "DATE.xlsx in your documents or downloads folder, else the current folder)",
    )


def run(args: argparse.Namespace) -> int:
    from manager.app import main

    return main(args)
