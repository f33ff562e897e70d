"""`rinda simulate`: run a scenario through the real core on a virtual clock and print how
long visitors waited, how busy the counters were and how wrong the wait estimates were
(docs/simulate.md). A table for the terminal, or JSON.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

import msgspec

from server.config import ConfigError
from server.protocol.codec import excerpt

if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

EXAMPLES = """examples:
  rinda simulate busy_regional
  rinda simulate monday_overload --policy fifo
  rinda simulate my_centre.toml --days 20 --seed 7 --estimators all --json
shipped scenarios: small_office, busy_regional, monday_overload"""


def _days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 366:
        raise argparse.ArgumentTypeError(f'"{excerpt(text, 20)}" is not 1 to 366 days')
    return int(text)


def _seed(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise argparse.ArgumentTypeError(
            f'"{excerpt(text, 20)}" is not a seed (a whole number, 0 or more)'
        )
    return int(text)


def simulate_command(sub: Sub) -> None:
    from server.sim.scenario import POLICIES

    s = sub.add_parser(
        "simulate",
        help="simulate a centre's day(s) from a scenario and show the waits",
        description="Simulate a centre from a scenario file (or a shipped scenario's name)\n"
        "with the server's own queue rules, and show the waits per service and class of\n"
        "visitor, the counters' utilisation and the wait estimates' errors (docs/simulate.md).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        one_line=True,
    )
    s.add_argument("scenario", metavar="SCENARIO", help="a scenario .toml file, or a shipped name")
    s.add_argument("--policy", choices=POLICIES, help="the queue policy (default: the centre's)")
    s.add_argument("--days", type=_days, help="days to simulate (default: the scenario's)")
    s.add_argument("--seed", type=_seed, default=1, help="the random seed (default: 1)")
    s.add_argument("--json", action="store_true", help="print the figures as JSON")
    s.add_argument(
        "--estimators",
        default=None,
        metavar="NAMES",
        help="wait estimators to measure, comma-separated, all, or none"
        " (default: the one the server uses)",
    )


def estimator_names(text: str | None) -> list[str]:
    from server.core.estimate import DEFAULT, ESTIMATORS

    if text is None:
        return [DEFAULT]
    if text.strip() == "all":
        return list(ESTIMATORS)
    if text.strip() == "none":
        return []
    names = [n.strip() for n in text.split(",") if n.strip()]
    for n in names:
        if n not in ESTIMATORS:
            known = ", ".join(ESTIMATORS)
            raise ConfigError(f"--estimators: {excerpt(n, 30)!r} is not one of: {known}, all, none")
    return names


def simulate(args: argparse.Namespace) -> int:
    from server.cli_report import reader_gone
    from server.core.estimate import make
    from server.sim.engine import simulate as run_scenario
    from server.sim.scenario import load
    from server.sim.stats import summarise
    from server.sim.table import render

    names = estimator_names(args.estimators)
    loaded = load(args.scenario, days=args.days, policy=args.policy)
    try:
        run = run_scenario(loaded.scenario, args.seed, [make(n) for n in names])
    except KeyboardInterrupt:
        # Nothing is written anywhere: stopping a long run loses only its figures.
        print("rinda: simulation stopped", file=sys.stderr)
        return 130
    summary = summarise(run, loaded.scenario, loaded.name, args.seed, names)
    if args.json:
        text = msgspec.json.encode(summary) + b"\n"
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        text = (render(summary, loaded.description, width) + "\n").encode()
    try:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return reader_gone()
    return 0
