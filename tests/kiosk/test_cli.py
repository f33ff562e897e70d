"""`rinda kiosk` options."""

from __future__ import annotations

import pytest

from server.cli import main, parser


def test_kiosk_options() -> None:
    args = parser().parse_args(
        ["kiosk", "--token", "t", "--printer", "network:10.0.0.5", "--idle-timeout", "45"]
    )
    assert (args.printer, args.printer_profile, args.idle_timeout) == (
        "network:10.0.0.5",
        "TM-T20II",
        45.0,
    )


def test_a_bad_printer_is_refused_before_the_app_starts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["kiosk", "--token", "t", "--printer", "lpt1"]) == 2
    err = capsys.readouterr().err
    assert 'printer "lpt1": use none, network:HOST[:PORT]' in err
