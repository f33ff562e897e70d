"""`rinda kiosk`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""


def run(args: argparse.Namespace) -> int:
    from kiosk.app import main

    return main(args)
