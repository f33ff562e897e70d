"""Running `rinda` in this process, as a person would type it, and what it said."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.cli import main


@dataclass(frozen=True)
class Said:
    code: int
    out: bytes
    err: str


def rinda(capsys: pytest.CaptureFixture[bytes], *argv: str) -> Said:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse's own errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return Said(code, out, err.decode())
