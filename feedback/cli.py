"""`rinda feedback`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 1 <= seconds <= 60:
        raise argparse.ArgumentTypeError(f"{value[:20]!r}: give a number of seconds from 1 to 60")
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    parser.add_argument(
        "--server",
        dest="url",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="the same as --url",
    )
    parser.add_argument(
        "--lang",
        default="lv",
        choices=["lv", "ru", "en"],
        help="the language each rating starts in; the visitor may switch (default: lv)",
    )
    parser.add_argument(
        "--thanks",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="how long the thank-you stays before the faces come back (default: 5)",
    )


def run(args: argparse.Namespace) -> int:
    from feedback.app import main

    return main(args)
