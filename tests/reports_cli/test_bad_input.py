"""Bad input to `rinda report` and `rinda export events`: one line on stderr naming what is
wrong, exit status 2, and nothing written (an existing output file stays as it was)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports_cli.run import rinda

OLD = b"last month's report\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--from", "2026-11-08", "--to", "2026-11-02"],
            "rinda: The period starts on 2026-11-08 after it ends on 2026-11-02.",
        ),
        (
            ["--from", "2026-11-02", "--to", "2026-11-08", "--by", "colour"],
            "rinda report: argument --by: invalid choice: 'colour' (choose from 'service', "
            "'institution', 'counter', 'clerk', 'hour', 'weekday', 'priority', 'day') "
            "(see --help)",
        ),
        (
            ["--from", "2026-11-31", "--to", "2026-12-08"],
            'rinda report: argument --from: "2026-11-31" is not a date like 2026-11-02 '
            "(see --help)",
        ),
        (
            ["--from", "2.11.2026", "--to", "2026-11-08"],
            'rinda report: argument --from: "2.11.2026" is not a date like 2026-11-02 (see --help)',
        ),
        (
            ["--from", "2026-11-07", "--to", "2026-11-08"],  # the weekend: closed
            "rinda: No ticket was taken from 2026-11-07 to 2026-11-08.",
        ),
        (
            ["--from", "2026-11-02", "--to", "2026-11-08", "--by", "clerk"],
            "rinda: Figures per clerk are switched off in this centre "
            "([reports] per_clerk = false).",
        ),
        (
            ["--from", "0001-01-01", "--to", "0001-01-02"],
            "rinda: The date 0001-01-01 is outside the years 2000 to 2999 that reports and "
            "exports cover.",
        ),
        (
            ["--from", "2026-11-02", "--to", "3000-01-01"],
            "rinda: The date 3000-01-01 is outside the years 2000 to 2999 that reports and "
            "exports cover.",
        ),
        (
            ["--from", "2026-11-02"],
            "rinda report: the following arguments are required: --to (see --help)",
        ),
        (
            ["--from", "2026-11-02", "--to", "2026-11-08", "--format", "pdf"],
            "rinda report: argument --format: invalid choice: 'pdf' (choose from 'table', "
            "'csv', 'xlsx', 'json') (see --help)",
        ),
        (
            ["--from", "2026-11-02", "--to", "2026-11-08", "--colour"],
            "rinda report: unrecognized arguments: --colour (see --help)",
        ),
    ],
)
def test_a_bad_report_request_is_one_line_and_writes_nothing(
    capsysbinary: pytest.CaptureFixture[bytes],
    week: Path,
    centre: Path,
    tmp_path: Path,
    args: list[str],
    said: str,
) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(OLD)
    common = ["--db", str(week), "--config", str(centre), "--format", "csv", "-o", str(out)]
    if "--format" in args:
        common = common[:4] + common[6:]
    got = rinda(capsysbinary, "report", *common, *args)
    assert (got.code, got.err, got.out) == (2, said + "\n", b"")
    assert out.read_bytes() == OLD
    assert list(tmp_path.glob(".*")) == []  # no partial file left behind


def test_an_output_that_cannot_be_written(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    base = ["report", "--from", "2026-11-02", "--to", "2026-11-08", "--db", str(week)]
    base += ["--config", str(centre), "--format", "csv", "-o"]
    not_a_folder = tmp_path / "centre.toml" / "report.csv"
    got = rinda(capsysbinary, *base, str(not_a_folder))
    assert (got.code, got.err) == (2, f"rinda: cannot write {not_a_folder}: Not a directory\n")
    got = rinda(capsysbinary, *base, str(tmp_path))
    assert (got.code, got.err) == (2, f"rinda: --output {tmp_path} is a folder: give a file name\n")


def test_no_database_there(
    capsysbinary: pytest.CaptureFixture[bytes], centre: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "none.db"
    for command in (["report"], ["export", "events"]):
        got = rinda(
            capsysbinary, *command, "--from", "2026-11-02", "--to", "2026-11-08",
            "--db", str(missing), "--config", str(centre),
        )  # fmt: skip
        assert (got.code, got.err) == (2, f"rinda: There is no database at {missing}.\n")
    assert not missing.exists()  # reading never creates one


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--from", "2026-11-08", "--to", "2026-11-02"],
            "rinda: The period starts on 2026-11-08 after it ends on 2026-11-02.",
        ),
        (
            ["--from", "2026-12-01", "--to", "2026-12-31"],
            "rinda: No event was recorded from 2026-12-01 to 2026-12-31.",
        ),
        (
            ["--from", "0001-01-01", "--to", "9999-12-31"],
            "rinda: The date 0001-01-01 is outside the years 2000 to 2999 that reports and "
            "exports cover.",
        ),
        (
            ["--from", "9999-12-31", "--to", "9999-12-31"],
            "rinda: The date 9999-12-31 is outside the years 2000 to 2999 that reports and "
            "exports cover.",
        ),
        (
            ["--from", "2026-11-02", "--to", "soon"],
            'rinda export events: argument --to: "soon" is not a date like 2026-11-02 (see --help)',
        ),
        (
            ["--from", "2026-11-02", "--to", "2026-11-08", "--format", "xml"],
            "rinda export events: argument --format: invalid choice: 'xml' (choose from "
            "'csv', 'jsonl') (see --help)",
        ),
    ],
)
def test_a_bad_export_request_is_one_line_and_writes_nothing(
    capsysbinary: pytest.CaptureFixture[bytes],
    week: Path,
    centre: Path,
    tmp_path: Path,
    args: list[str],
    said: str,
) -> None:
    out = tmp_path / "events.csv"
    out.write_bytes(OLD)
    common = ["--db", str(week), "--config", str(centre), "-o", str(out)]
    got = rinda(capsysbinary, "export", "events", *common, *args)
    assert (got.code, got.err, got.out) == (2, said + "\n", b"")
    assert out.read_bytes() == OLD
    assert list(tmp_path.glob(".*")) == []


def test_export_needs_to_know_what(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    got = rinda(capsysbinary, "export", "tickets")
    assert got.code == 2
    assert got.err == (
        "rinda export: argument events|facts: invalid choice: 'tickets' (choose from 'events', "
        "'facts') (see --help)\n"
    )
