"""`rinda network report` as a person runs it: the table, CSV and XLSX of a few centres'
files, and every file or period it cannot use refused in one line, nothing written."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest

from server.cli import main
from tests.network.facts_rows import visit, write


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """Two centres, one file each: riga 3 waits (2 within 15 min), ogre 2 (both within)."""
    folder = tmp_path / "facts"
    folder.mkdir()
    write(folder / "riga-2025-01.parquet",
          [visit(wait_s=w, score=s) for w, s in [(60, 5), (600, 4), (1200, 2)]])  # fmt: skip
    write(folder / "ogre-2025-01.parquet", [visit(centre="ogre", wait_s=w) for w in (30, 90)])
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["network", "report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_shows_each_centre_the_network_and_both_rankings(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(facts / "*.parquet"), "--min-ratings", "2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Network report by centre: 2 centres, 2025-01-06 to 2025-01-06 (2 files)"
    riga = next(x for x in lines if x.startswith("riga ")).split()
    # tickets served no-show waits | mean median p90 max | in target | ... rated score satisfied
    assert riga[1:9] == ["3", "3", "0", "3", "10:20", "10:00", "20:00", "20:00"]
    assert riga[9] == "66.7%" and riga[-3:] == ["3", "3.67", "66.7%"]
    assert any(x.startswith("all centres ") and " 5 " in x for x in lines)
    ranking = lines[lines.index("Ranking on the share of waits within target") + 3 :]
    assert ranking[0].split() == ["1", "ogre", "100.0%", "2"]
    assert ranking[1].split() == ["2", "riga", "66.7%", "3"]
    satisfaction = lines.index("Ranking on satisfaction (rated 4 or 5; ranked from 2 ratings)")
    assert lines[satisfaction + 3].split() == ["1", "riga", "66.7%", "3"]
    assert lines[satisfaction + 4].split() == ["-", "ogre", "-", "0"]


def test_the_table_by_institution_names_services_without_one_and_the_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [visit(wait_s=60), visit(wait_s=120, service="municipal", institution="")]
    path = write(tmp_path / "riga.parquet", rows)
    code, out, _ = run(capsys, str(path), "--by", "institution")
    assert code == 0
    lines = out.splitlines()
    table = lines[4 : lines.index("Ranking on the share of waits within target") - 1]
    labels = [re.split(r"\s{2,}", line)[:2] for line in table if not line.startswith("-")]
    assert labels == [
        ["(none)", "riga"],
        ["(none)", "all centres"],
        ["pmlp", "riga"],
        ["pmlp", "all centres"],
        ["all institutions", "riga"],
        ["all institutions", "all centres"],
    ]


def test_a_file_without_any_visit_a_centre_closed_all_month_counts_for_nothing(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(facts / "cesis-2025-01.parquet", [])
    code, out, _ = run(capsys, str(facts / "*.parquet"))
    assert code == 0
    assert out.splitlines()[0].endswith("2 centres, 2025-01-06 to 2025-01-06 (3 files)")
    code, out, err = run(capsys, str(facts / "cesis-2025-01.parquet"))
    assert (code, out, err) == (2, "", "rinda: no visit in the file\n")


def test_csv_has_every_group_at_every_centre_with_the_ranks_on_the_centres_totals(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "net.csv"
    files = [str(facts / "riga-2025-01.parquet"), str(facts / "ogre-2025-01.parquet")]
    code, _, err = run(capsys, *files, "--by", "service", "-o", str(out))
    assert code == 0 and "wrote the network report (2 centres, by service)" in err
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    head = rows[0]
    assert head[:4] == ["service", "centre", "tickets", "served"]
    assert head[-2:] == ["rank within target", "rank satisfaction"]
    table = {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert list(table) == [("passports", "ogre"), ("passports", "riga"), ("passports", "*"),
                           ("*", "ogre"), ("*", "riga"), ("*", "*")]  # fmt: skip
    assert table["passports", "riga"]["wait median (min)"] == "10,00"
    assert table["passports", "riga"]["within target %"] == "66,7"
    assert table["passports", "riga"]["rank within target"] == ""
    assert table["*", "riga"]["rank within target"] == "2"
    assert table["*", "ogre"]["rank within target"] == "1"
    assert table["*", "ogre"]["rank satisfaction"] == ""  # never rated
    assert table["*", "*"]["tickets"] == "5"


def test_csv_for_an_english_excel_has_decimal_points_and_commas(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(facts / "*.parquet"), "--format", "csv", "--decimal-point")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=","))
    riga = dict(zip(rows[0], rows[2], strict=True))
    assert (riga["centre"], riga["wait mean (min)"]) == ("riga", "10.33")
    code, _, err = run(capsys, str(facts / "*.parquet"), "--decimal-point")
    assert (code, err) == (2, "rinda: --decimal-point applies to CSV only, not to table\n")


def test_xlsx_has_the_figures_and_both_rankings_as_numbers(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "net.xlsx"
    code, _, _ = run(capsys, str(facts / "*.parquet"), "-o", str(out), "--min-ratings", "1")
    assert code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["centre", "rank within target", "rank satisfaction"]
    figures = [[c.value for c in row] for row in wb["centre"].iter_rows()]
    assert figures[0][:3] == ["centre", "tickets", "served"]
    riga = figures[2]
    assert riga[0] == "riga" and riga[figures[0].index("wait p90 (min)")] == 20.0
    assert riga[figures[0].index("within target %")] == pytest.approx(2 / 3)
    assert figures[-1][0] == "*" and figures[-1][1] == 5
    ranks = [[c.value for c in row] for row in wb["rank satisfaction"].iter_rows()]
    assert ranks[1:] == [["riga", 1, pytest.approx(2 / 3), 3], ["ogre", None, None, 0]]


def test_an_id_that_excel_would_run_is_written_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "x.parquet", [visit(centre="=HYPERLINK(1)", wait_s=60)])
    out = tmp_path / "x.csv"
    assert run(capsys, str(path), "-o", str(out))[0] == 0
    assert "\n'=HYPERLINK(1);" in out.read_text(encoding="utf-8-sig")


def refused(capsys: pytest.CaptureFixture[str], out: Path, *args: str) -> str:
    code, printed, err = run(capsys, *args, "-o", str(out))
    assert (code, printed) == (2, "")
    assert err.count("\n") == 1 and err.startswith("rinda: ")
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*"))
    return err.strip()


def test_a_glob_that_matches_no_file_is_refused(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, tmp_path / "r.csv", str(facts / "*.parquet"), str(facts / "vid*.pq"))
    assert err == f"rinda: {facts}/vid*.pq matches no file"


def test_a_file_that_is_not_parquet_is_refused_naming_it(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (facts / "notes.parquet").write_text("centre;tickets\nriga;3\n")
    err = refused(capsys, tmp_path / "r.csv", str(facts / "*.parquet"))
    assert err.startswith(f"rinda: {facts}/notes.parquet is not a Parquet file DuckDB can read")


def test_a_file_of_an_unknown_version_is_refused_naming_it(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(facts / "cesis-2025-01.parquet", [visit(centre="cesis", version=2, wait_s=5)])
    err = refused(capsys, tmp_path / "r.csv", str(facts / "*.parquet"))
    assert err == (
        f"rinda: {facts}/cesis-2025-01.parquet is not a facts file this Rinda reads: "
        "version 2 is not one this Rinda reads (it reads 1)"
    )


def test_a_parquet_file_without_the_columns_is_refused_naming_what_is_missing(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = facts / "other.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS version, 'x' AS centre) TO '{other}' (FORMAT parquet)")
    err = refused(capsys, tmp_path / "r.csv", str(other))
    assert err.startswith(f"rinda: {other} is not a facts file this Rinda reads: ")
    assert "column day is missing" in err


def test_two_files_with_one_centres_same_days_are_refused_a_file_named_twice_counts_once(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    riga = facts / "riga-2025-01.parquet"
    code, out, _ = run(capsys, str(riga), f"{facts}/./riga-2025-01.parquet", str(facts / "*"))
    assert code == 0 and "(2 files)" in out.splitlines()[0]
    copy = tmp_path / "riga-january.parquet"
    copy.write_bytes(riga.read_bytes())
    err = refused(capsys, tmp_path / "r.csv", str(facts / "*.parquet"), str(copy))
    assert err == (
        f"rinda: {riga} and {copy} both hold visits of centre riga from 2025-01-06 to "
        "2025-01-06: each centre's days must be in one file only (else they count twice)"
    )


def test_a_period_with_no_visit_and_a_backward_one_are_refused(
    facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = str(facts / "*.parquet")
    err = refused(capsys, tmp_path / "r.csv", files, "--from", "2025-02-01", "--to", "2025-02-28")
    assert err == "rinda: no visit in the 2 files from 2025-02-01 to 2025-02-28"
    err = refused(capsys, tmp_path / "r.csv", files, "--from", "2025-02-01", "--to", "2025-01-01")
    assert err == "rinda: The period starts on 2025-02-01 after it ends on 2025-01-01."
