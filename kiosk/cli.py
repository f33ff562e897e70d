"""`rinda kiosk`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    parser.add_argument(
        "--printer",
        default=os.environ.get("RINDA_PRINTER", "none"),
        help="none | network:HOST[:PORT] | usb:VENDOR:PRODUCT | serial:DEVICE[:BAUD] | "
        "file:PATH (default: $RINDA_PRINTER or none)",
    )
    parser.add_argument(
        "--printer-profile",
        default="TM-T20II",
        help="python-escpos printer profile: its code pages and paper width (default: %(default)s)",
    )
    parser.add_argument(
        "--lang",
        default="lv",
        choices=["lv", "ru", "en"],
        help="the language the start screen offers first: the centre's name in it, its button "
        "focused (default: lv)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        help="seconds without a touch before the kiosk returns to the start (default: 30)",
    )


def run(args: argparse.Namespace) -> int:
    from kiosk.app import main

    return main(args)
