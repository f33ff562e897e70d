"""The `rinda` command: what each subcommand does (its options are in server/cli_parser.py)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib
import json
import logging
import os
import resource
import signal
import ssl
import sys
from pathlib import Path

from server.app_args import app_problem
from server.cli_parser import APPS, parser
from server.cli_report_args import ONE_LINE, one_line_error
from server.config import CentreConfig, ConfigError, load, load_default
from server.protocol.codec import excerpt

__all__ = ["main", "parser"]


def _config(args: argparse.Namespace) -> CentreConfig:
    return load(Path(args.config)) if args.config else load_default()


def _raise_open_files_limit() -> None:
    """Every display, kiosk and phone is a socket: the usual soft limit of 1024 is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError) as e:
            logging.getLogger("rinda.server").warning("cannot raise the open-files limit: %s", e)


def _tls_context(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    """The server's TLS context from --cert/--key; a ConfigError that says which file is wrong."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise ConfigError("--cert and --key go together: give both, or neither")
    for what, path in (("certificate", cert), ("key", key)):
        try:
            path.read_bytes()
        except OSError as e:
            raise ConfigError(f"cannot read the TLS {what} {path}: {e.strerror}") from None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        ctx.load_cert_chain(cert, key)
    except ssl.SSLError as e:
        raise ConfigError(
            f"the TLS certificate {cert} and key {key} do not fit together, or are not PEM "
            f"files ({e.reason or e})"
        ) from None
    return ctx


async def _serve(args: argparse.Namespace, config: CentreConfig) -> None:
    from server.net.app import RindaServer

    for warning in config.warnings:
        logging.getLogger("rinda.server").warning("centre config: %s", warning)
    _raise_open_files_limit()
    tls = _tls_context(args.cert, args.key)
    server = RindaServer(config, args.db)
    port = await server.start(args.host, args.port, ssl=tls)
    # What start-up built (modules, the config, the state replayed from the log) lives as long
    # as the process: moved out of the collector's sight, every later full collection has that
    # much less to walk. Under a flood of connections a full collection paused the event loop
    # for up to ~150 ms; frozen, the kiosks' p99 in tests/bench/hostile.py stayed under 30 ms.
    gc.freeze()
    if args.announce:
        scheme = "wss" if tls else "ws"
        print(json.dumps({"url": f"{scheme}://{args.host}:{port}/ws", "port": port}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    logging.getLogger("rinda.server").info("stopping")
    await server.close()


def _check_config(file: Path) -> None:
    """Every problem at once (stderr, exit status 2), or ok and the warnings (exit status 0)."""
    cfg = load(file)
    print(f"{file}: ok ({len(cfg.services)} services, {len(cfg.counters)} counters)")
    for warning in cfg.warnings:
        print(f"{file}: warning: {warning}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = parser()
    given = sys.argv[1:] if argv is None else argv
    args, unknown = p.parse_known_args(given)
    if unknown:
        # What parse_args says (with the usage above it), but one line for report and export.
        if args.command in ONE_LINE:
            shown = excerpt(" ".join(unknown), 60)
            one_line_error(f"rinda {args.command}: unrecognized arguments: {shown}")
        p.error(f"unrecognized arguments: {' '.join(unknown)}")
    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from server.store.errors import RecordError, StoreError

    try:
        if args.command == "check-config":
            _check_config(args.file)
        elif args.command == "serve":
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(_serve(args, _config(args)))
        elif args.command == "token":
            from server.cli_admin import token

            asyncio.run(token(args, _config(args)))
        elif args.command == "clerk":
            from server.cli_admin import clerk

            asyncio.run(clerk(args))
        elif args.command == "appointments":
            from server.cli_appointments import appointments

            return asyncio.run(appointments(args, _config(args)))
        elif args.command == "purge":
            from server.cli_appointments import purge

            return asyncio.run(purge(args, _config(args)))
        elif args.command == "report":
            from server.cli_report import report

            return report(args, _config(args))
        elif args.command == "comments":
            from server.cli_comments import comments

            return comments(args, _config(args))
        elif args.command == "export" and args.what == "facts":
            from server.cli_facts import export_facts

            return export_facts(args, _config(args))
        elif args.command == "export":
            from server.cli_report import export_events

            return export_events(args, _config(args))
        elif args.command == "network" and args.action == "watch":
            from watch.cli import run as watch

            return watch(args)
        elif args.command == "network" and args.action == "report":
            from server.cli_network import network

            return network(args)
        elif args.command == "simulate":
            from server.cli_simulate import simulate

            return simulate(args)
        elif args.command == "backup":
            from server.store.backup import backup

            # `DIR/`: a folder, made if missing (argparse's Path would drop the slash).
            folder = args.dest.endswith(os.sep)
            done = backup(args.db, Path(args.dest), force=args.force, folder=folder)
            print(f"backed up {done.describe()} from {args.db} to {done.path}")
        elif args.command == "restore":
            from server.store.backup import restore

            done = restore(args.src, args.db, force=args.force)
            print(f"restored {done.describe()} from {args.src} into {args.db}")
        elif args.command == "demo":
            from server.demo.run import run as run_demo

            return asyncio.run(run_demo(args))
        elif args.command == "drill":
            from server.demo.drill import main as drill

            return asyncio.run(drill(args.dir))
        elif args.command in APPS and (
            problem := app_problem(args.command, args.url, args.token, given)
        ):
            print(f"rinda: {problem}", file=sys.stderr)
            return 2
        elif args.command in APPS and args.web:
            from server.web import serve as serve_web

            return serve_web(args, given)
        elif args.command in APPS:
            return int(importlib.import_module(f"{args.command}.cli").run(args))
    except RecordError as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 1
    except (ConfigError, StoreError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
