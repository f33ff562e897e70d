"""`rinda simulate`: run a scenario through the real core on a virtual clock and print how
long visitors waited, how busy the counters were and how wrong the wait estimates were
(docs/simulate.md). A table for the terminal, or JSON.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from server.config import CentreConfig, ConfigError
from server.protocol.codec import excerpt

if TYPE_CHECKING:
    from server.core.events import AnyEvent

    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

EXAMPLES = """examples:
  rinda simulate busy_regional
  rinda simulate monday_overload --policy fifo
  rinda simulate my_centre.toml --days 20 --seed 7 --estimators all --json
  rinda simulate busy_regional --remote 0.3      # 30 % join the queue from home
  rinda simulate busy_regional --days 61 --facts busy.parquet --centre busy
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


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f'"{excerpt(text, 20)}" is not a share from 0 to 1')
    return share


def _centre_id(text: str) -> str:
    from server.config_meaning import CENTRE_ID, CENTRE_ID_MAX, CENTRE_ID_RULE

    if len(text) > CENTRE_ID_MAX or not CENTRE_ID.fullmatch(text):
        raise argparse.ArgumentTypeError(f'"{excerpt(text, 40)}": {CENTRE_ID_RULE}')
    return text


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
    s.add_argument(
        "--remote",
        type=_share,
        metavar="SHARE",
        help="the share (0-1) of visitors without an appointment or a priority who join the"
        " queue from home (default: the scenario's [remote] share; the centre must take them)",
    )
    s.add_argument("--json", action="store_true", help="print the figures as JSON")
    s.add_argument(
        "--estimators",
        default=None,
        metavar="NAMES",
        help="wait estimators to measure, comma-separated, all, or none"
        " (default: the one the server uses)",
    )
    s.add_argument(
        "--facts",
        metavar="FILE.parquet",
        help="also write the simulated visits as a centre's facts file (docs/facts.md); "
        "refused if it exists, unless --force",
    )
    s.add_argument(
        "--centre",
        type=_centre_id,
        metavar="ID",
        help="with --facts: the centre's id in the file (default: the scenario centre's)",
    )
    s.add_argument("--force", action="store_true", help="with --facts: replace the file")


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
    from server.network.facts_file import FactsFileError
    from server.sim.engine import simulate as run_scenario
    from server.sim.scenario import load
    from server.sim.stats import summarise
    from server.sim.table import render

    names = estimator_names(args.estimators)
    loaded = load(args.scenario, days=args.days, policy=args.policy, remote=args.remote)
    try:
        facts = _facts_output(args)
    except (ValueError, FactsFileError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    try:
        run = run_scenario(
            loaded.scenario, args.seed, [make(n) for n in names], keep_events=facts is not None
        )
    except KeyboardInterrupt:
        # Nothing is written anywhere: stopping a long run loses only its figures.
        print("rinda: simulation stopped", file=sys.stderr)
        return 130
    if facts is not None:
        try:
            _write_facts(run.events, loaded.scenario.config, facts, args)
        except FactsFileError as e:
            print(f"rinda: {e}", file=sys.stderr)
            return 2
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


def _facts_output(args: argparse.Namespace) -> Path | None:
    """--facts, checked before the run (a long run must not end in a refusal)."""
    from server.cli_facts import parquet_path
    from server.network.facts_file import check_output

    if args.facts is None:
        if args.centre or args.force:
            raise ValueError("--centre and --force go with --facts FILE.parquet")
        return None
    path = parquet_path(args.facts, "--facts")
    check_output(path, replace=args.force)
    return path


def _write_facts(
    events: list[AnyEvent], config: CentreConfig, path: Path, args: argparse.Namespace
) -> None:
    from server.network.facts_file import write_facts
    from server.network.sim_facts import sim_lines

    centre = args.centre or config.centre_id
    n = write_facts(sim_lines(events, config, centre), path, replace=args.force)
    print(f"wrote {n} visits of {centre} to {excerpt(str(path), 200)}", file=sys.stderr)
