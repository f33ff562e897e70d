"""`rinda network watch`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(network: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`watch` under `rinda network`."""
    w = network.add_parser(
        "watch",
        help="every centre's queue now, read from each centre's server every 10 s",
        epilog="example:\n  rinda network watch centres.toml --lang en\n"
        "centres.toml lists each centre: [[centre]] name, url, token or token_file, and "
        "optionally ca_file (docs/network-watch.md)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    w.add_argument("file", type=Path, help="the watch list (centres.toml)")
    w.add_argument(
        "--lang", default="lv", choices=["lv", "ru", "en"], help="screen language (default: lv)"
    )


def run(args: argparse.Namespace) -> int:
    from watch.app import main

    return main(args)
