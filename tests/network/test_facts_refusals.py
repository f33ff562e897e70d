"""What `rinda export facts` refuses, in one line and exit status 2, leaving every file as it
was: a bad period, a file that exists (unless --force), a name that is not .parquet, a
folder, a period without visits, a database that is not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.network.facts_log import read
from tests.reports_cli.run import Said, rinda

Day = tuple[Path, dict[str, str]]


def export(
    capsys: pytest.CaptureFixture[bytes],
    db: Path,
    centre: Path,
    *more: str,
    start: str = "2026-11-02",
    end: str = "2026-11-02",
) -> Said:
    return rinda(
        capsys, "export", "facts", "--db", str(db), "--config", str(centre),
        "--from", start, "--to", end, *more,
    )  # fmt: skip


def parquet_files(folder: Path) -> list[str]:
    """The facts files in `folder`, and any partial one (hidden, beginning with a dot)."""
    return sorted(p.name for p in folder.iterdir() if ".parquet" in p.name)


def refused(said: Said, message: str) -> None:
    assert (said.code, said.out, said.err) == (2, b"", f"{message}\n")


async def test_a_period_that_ends_before_it_starts_or_is_no_date(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "f.parquet"
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), start="2026-11-03")
    refused(said, "rinda: The period starts on 2026-11-03 after it ends on 2026-11-02.")
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), end="2026-11-31")
    refused(
        said,
        'rinda export facts: argument --to: "2026-11-31" is not a date like 2026-11-02 '
        "(see --help)",
    )
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), end="3001-01-01")
    refused(said, "rinda: The date 3001-01-01 is outside the years 2000 to 2999 that reports "
                  "and exports cover.")  # fmt: skip
    assert parquet_files(tmp_path) == []


async def test_an_existing_file_is_left_alone_unless_forced(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "november.parquet"
    out.write_bytes(b"last month's, already sent")
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out))
    refused(said, f"rinda: {out} exists: give another name, or --force to replace it")
    assert out.read_bytes() == b"last month's, already sent"
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), "--force")
    assert said.code == 0, said.err
    assert len(read(out)) == 6
    assert parquet_files(tmp_path) == ["november.parquet"]


async def test_an_output_not_named_parquet_or_a_folder(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(tmp_path / "f.csv"))
    refused(said, f"rinda: --output {tmp_path / 'f.csv'}: name the file .parquet")
    folder = tmp_path / "x.parquet"
    folder.mkdir()
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(folder))
    refused(said, f"rinda: {folder} is a folder: give a file name")
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(tmp_path / "no" / "f.parquet"))
    refused(said, f"rinda: there is no folder {tmp_path / 'no'}")


async def test_a_period_without_visits_or_a_missing_database_writes_nothing(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "f.parquet"
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), start="2026-10-01",
                  end="2026-10-31")  # fmt: skip
    refused(said, "rinda: No visit from 2026-10-01 to 2026-10-31.")
    # Days after today are not read: the clock says 3 November.
    said = export(capsysbinary, day_db[0], centre_file, "-o", str(out), start="2026-11-04",
                  end="2026-11-30")  # fmt: skip
    refused(said, "rinda: No visit from 2026-11-04 to 2026-11-30.")
    said = export(capsysbinary, tmp_path / "none.db", centre_file, "-o", str(out))
    refused(said, f"rinda: There is no database at {tmp_path / 'none.db'}.")
    assert parquet_files(tmp_path) == []
