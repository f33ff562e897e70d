"""`rinda display`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse

LANGUAGES = ("lv", "ru", "en")


def _languages(value: str) -> list[str]:
    langs = [x.strip() for x in value.split(",") if x.strip()]
    bad = [x for x in langs if x not in LANGUAGES]
    if not langs or bad:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give languages from {', '.join(LANGUAGES)}, comma-separated, e.g. lv,ru"
        )
    return langs


def _history(value: str) -> int:
    n = int(value) if value.isdigit() else -1
    if not 0 <= n <= 20:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of calls from 0 to 20")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    parser.add_argument(
        "--languages",
        type=_languages,
        default=["lv"],
        help="languages each call is announced in, in order (default: lv; e.g. lv,ru,en)",
    )
    parser.add_argument(
        "--no-sound", action="store_true", help="no chime and no speech, only the screen"
    )
    parser.add_argument(
        "--history",
        type=_history,
        default=None,
        help="earlier calls listed below the newest (default: the centre's [display] history)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language the labels show first, then they cycle (default: the one the clock "
        "says, the same on every display)",
    )
    parser.add_argument(
        "--cycle",
        type=float,
        default=8.0,
        help="seconds each language's labels stay before the next (LV/RU/EN; default: 8)",
    )


def run(args: argparse.Namespace) -> int:
    from display.app import main

    return main(args)
