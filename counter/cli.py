"""`rinda counter`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    parser.add_argument(
        "--counter", required=True, help="this counter's id from the centre config, e.g. 3"
    )
    parser.add_argument(
        "--lang", default="lv", choices=["lv", "ru", "en"], help="screen language (default: lv)"
    )


def run(args: argparse.Namespace) -> int:
    from counter.app import main

    return main(args)
