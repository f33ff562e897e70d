"""`rinda report` and `rinda export events`: figures of a period, and the raw log for audits.

Both only read the database (read-only connections: a running server is never held up) and
write nothing until everything is known: a file given with --output is written beside it
and renamed over it at the end, so an error leaves no half file and the old one as it was.
Bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import codecs
import io
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import IO

from server.cli_report_args import EXPORT_FORMATS, FORMATS
from server.config import CentreConfig
from server.protocol.codec import excerpt
from server.protocol.reports import GROUPINGS, By, Report
from server.reports.engine import build_reports
from server.reports.period import ReportError, check_period, nothing_in

# An output path is quoted back up to this long (escaped: it is what was typed).
PATH_SHOWN = 200
# The format an output file's name asks for when --format is not given.
EXTENSIONS = {".txt": "table", ".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".jsonl": "jsonl"}


class OutputError(Exception):
    """The output cannot be written; one line for a person."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def destination(output: str | None, *, private: bool = False) -> Iterator[IO[bytes]]:
    """Standard output, or a file replaced whole only when everything was written (a device
    or a pipe given as the file, /dev/full say, is written to as it is, never replaced).
    A write that fails is an OutputError naming why; a reader gone is BrokenPipeError.
    `private`: personal data, so a file made here is readable by its owner only."""
    if output is None:
        try:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            stdout_to_devnull()  # or Python fails again writing what is buffered, at exit
            raise OutputError(f"cannot write to standard output: {e.strerror}") from None
        return
    path = Path(output)
    shown = excerpt(output, PATH_SHOWN)
    if path.is_dir():
        raise OutputError(f"--output {shown} is a folder: give a file name")
    in_place = path.exists() and not path.is_file()
    target = path if in_place else path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if in_place:
            f = target.open("wb")
        else:
            mode = 0o600 if private else 0o666  # less the umask, as open() does
            f = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb")
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    try:
        with f:
            yield f
        if not in_place:
            os.replace(target, path)
    except OSError as e:
        if not in_place:
            target.unlink(missing_ok=True)
        raise OutputError(f"cannot write {shown}: {e.strerror}") from None
    except BaseException:
        if not in_place:
            target.unlink(missing_ok=True)
        raise


def stdout_to_devnull() -> None:
    """What is still buffered for standard output goes to /dev/null, or Python would complain
    when it flushes at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def reader_gone() -> int:
    """Whoever read standard output stopped (`| head`): stop quietly, as `cat` does."""
    stdout_to_devnull()
    return 1


def output_format(args: argparse.Namespace, formats: tuple[str, ...], default: str) -> str:
    """The format asked for: --format, else the one the output file's name ends in, else
    `default`. A --format that the file's extension contradicts is an error."""
    suffix = Path(args.output).suffix.lower() if args.output else ""
    named = EXTENSIONS.get(suffix)
    shown = excerpt(args.output or "", PATH_SHOWN)
    if args.format is None:
        if named is not None and named not in formats:
            raise OutputError(
                f"--output {shown} names a {suffix} file; this command writes " + ", ".join(formats)
            )
        return named or default
    if named is not None and named != args.format:
        raise OutputError(
            f"--format {args.format} does not match --output {shown}: "
            f"leave out --format to write {named}, or name the file {suffix_of(args.format)}"
        )
    return str(args.format)


def suffix_of(fmt: str) -> str:
    return next(suffix for suffix, f in EXTENSIONS.items() if f == fmt)


def groupings(args: argparse.Namespace, config: CentreConfig) -> list[By]:
    if args.by:
        return [args.by]
    if args.format != "xlsx":
        return ["service"]
    return [by for by in GROUPINGS if by != "clerk" or config.spec.reports.per_clerk]


def encoded(reports: list[Report], args: argparse.Namespace, config: CentreConfig) -> bytes:
    if args.format == "table":
        from server.reports.table import render

        tty = args.output is None and sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else None
        pages = (render(r, config.tz, width, args.weekday) for r in reports)
        return "\n".join(pages).encode()
    if args.format == "csv":
        from server.reports.csv_out import write_csv

        text = io.StringIO(newline="")
        write_csv(reports[0], text, decimal_point=args.decimal_point)
        return text.getvalue().encode()
    if args.format == "xlsx":
        from server.reports.xlsx_out import write_xlsx

        data = io.BytesIO()
        write_xlsx(reports, data)
        return data.getvalue()
    from server.reports.json_out import to_json

    return to_json(reports)


def report(args: argparse.Namespace, config: CentreConfig) -> int:
    try:
        args.format = output_format(args, FORMATS, "table")
        if args.decimal_point and args.format != "csv":
            raise OutputError(f"--decimal-point applies to CSV only, not to {args.format}")
        if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
            raise OutputError("an XLSX workbook is not for a terminal: give --output FILE")
        reports = build_reports(
            args.db, config, args.start, args.end, groupings(args, config),
            lang=args.lang, weekday=args.weekday, now=utc_now(),
        )  # fmt: skip
        data = encoded(reports, args, config)
        with destination(args.output) as out:
            out.write(data)
    except (ReportError, OutputError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
    if args.output is not None:
        sheets = ", ".join(r.by for r in reports)
        print(f"wrote the report ({sheets}) to {excerpt(args.output, PATH_SHOWN)}", file=sys.stderr)
    return 0


def export_events(args: argparse.Namespace, config: CentreConfig) -> int:
    from server.reports.event_export import write_csv, write_jsonl
    from server.store.log_slice import log_slice

    try:
        args.format = output_format(args, EXPORT_FORMATS, "csv")
        check_period(args.start, args.end)  # no length limit: an export streams
        start = datetime.combine(args.start, time(0), config.tz)
        end = datetime.combine(args.end + timedelta(days=1), time(0), config.tz)
        with log_slice(args.db, start, end) as events:
            if not events:
                raise nothing_in("event was recorded", args.start, args.end)
            with destination(args.output) as out:
                if args.format == "jsonl":
                    n = write_jsonl(events, config.tz, out)
                else:
                    # Encoded row by row into `out`, which `destination` owns and closes (a
                    # TextIOWrapper would close it too when a failed write left it attached).
                    n = write_csv(events, config.tz, codecs.getwriter("utf-8")(out))
    except (ReportError, OutputError) as e:
        print(f"rinda: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return reader_gone()
    if args.output is not None:
        print(f"wrote {n} events to {excerpt(args.output, PATH_SHOWN)}", file=sys.stderr)
    return 0
