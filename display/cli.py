"""`rinda display`: its command-line options, kept free of heavy imports."""

from __future__ import annotations

import argparse

from server.config_problems import id_problem
from server.protocol.codec import excerpt

MAX_ZONE = 50  # services one zone display lists: more than any centre has

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


def _services(value: str) -> list[str]:
    ids = [x.strip() for x in value.split(",") if x.strip()]
    bad = [x for x in ids if id_problem(x)]
    if not ids or bad or len(ids) > MAX_ZONE:
        raise argparse.ArgumentTypeError(
            f"{excerpt(value)!r}: give up to {MAX_ZONE} service ids from the centre file, "
            "comma-separated, e.g. social,tax"
        )
    return ids


def _counter(value: str) -> str:
    if id_problem(value):
        raise argparse.ArgumentTypeError(
            f"{excerpt(value)!r}: give a counter id from the centre file, e.g. 3"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this app beyond the common --url and --token."""
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--services",
        type=_services,
        default=[],
        help="a zone display: only these services' calls and queues, announced (service ids, "
        "e.g. social,tax; a display device's `services` in the centre file wins)",
    )
    kind.add_argument(
        "--counter",
        type=_counter,
        help="a window display above this counter: its number, or closed or paused, very "
        "large, never announced (a display device's `counter` in the centre file wins)",
    )
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
