"""Size limits (issue 16): files beyond plkit's documented limits are refused before parsing,
within seconds and in bounded memory, with one sentence naming the limit. Inputs are generated in
tmp_path; no big file is kept in git."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_unit import assert_one_sentence

from plkit.classdata import GradebookError, limits, read_gradebook
from plkit.classdata.pseudonym import SECRET_ENV
from plkit.cli import main

S = b"test-secret"


@pytest.fixture(autouse=True)
def _secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, str(tmp_path / "cfg" / "secret"))


def refused_fast(source: object, seconds: float = 5.0, **kw: object) -> str:
    start = time.perf_counter()
    with pytest.raises(GradebookError) as info:
        read_gradebook(source, secret=S, **kw)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    assert took < seconds, f"refused after {took:.1f} s"
    assert_one_sentence(str(info.value))
    return str(info.value)


def test_the_limits_are_named_constants_and_documented() -> None:
    for name in ("MAX_FILE_BYTES", "MAX_ROWS", "MAX_COLUMNS", "MAX_CELLS", "MAX_XLSX_BYTES", "MAX_CELL_CHARS"):
        assert isinstance(getattr(limits, name), int)
        assert name in (limits.__doc__ or "")


def test_a_million_column_header_is_refused_within_seconds(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"col{i:07d}" for i in range(1_000_000))
    path.write_text("student," + header + "\nAna," + "1," * 999_999 + "1\n")
    assert path.stat().st_size > 12_000_000
    message = refused_fast(path)
    assert f"{limits.MAX_COLUMNS:,}" in message and "columns" in message


def test_a_first_line_with_no_end_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    path.write_bytes(b"x" * (limits.MAX_LINE_CHARS + 10))
    assert "first line" in refused_fast(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("student,standard,score\n" + "Ana,RL.1,3\n" * 200)
    message = refused_fast(path)
    assert "larger than" in message and limits.size_text(1000) == "1 KB" and "1 KB" in message
    with pytest.raises(GradebookError):
        read_gradebook(path.read_bytes(), secret=S)


def test_too_many_rows_or_cells_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    data = ("student,standard,score\n" + "Ana,RL.1,3\n" * 60).encode()
    assert "50 rows" in refused_fast(data)
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    assert "100 cells" in refused_fast(data)


def test_ragged_rows_wider_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 20)
    data = ("student,standard,score\nAna,RL.1,3\nBo,RL.1," + ",".join("1" * 30) + "\n").encode()
    assert "20 columns" in refused_fast(data)


def _zip_bomb(path: Path, megabytes: int) -> None:
    """A real .xlsx whose one sheet expands to ``megabytes`` MB of rows (compresses about 500:1)."""
    book = openpyxl.Workbook()
    book.active.append(["student", "standard", "score"])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(buf)
    chunk = b"".join(b'<row><c t="inlineStr"><is><t>Ana</t></is></c></row>' for _ in range(20_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info.filename))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            b"<sheetData>")
                for _ in range(megabytes * 2**20 // len(chunk) + 1):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")


def test_an_xlsx_that_expands_beyond_the_limit_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    _zip_bomb(path, limits.MAX_XLSX_BYTES // 2**20 + 20)
    assert path.stat().st_size < 5 * 2**20
    message = refused_fast(path)
    assert "expands" in message and limits.size_text(limits.MAX_XLSX_BYTES) in message


def _sheet_of_rows(rows: int, dimension: bool) -> bytes:
    """An .xlsx whose one sheet really holds ``rows`` rows (streamed; compresses about 300:1)."""
    book = openpyxl.Workbook()
    book.active.append(["student", "standard", "score"])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(buf)
    chunk = b'<row><c t="n"><v>1</v></c></row>' * 10_000
    out_buf = io.BytesIO()
    with zipfile.ZipFile(out_buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info.filename))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                if dimension:
                    sheet.write(f'<dimension ref="A1:A{rows}"/>'.encode())
                sheet.write(b"<sheetData>")
                for _ in range(rows // 10_000):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out_buf.getvalue()


def test_an_xlsx_whose_sheet_holds_millions_of_rows_is_refused_by_its_dimension() -> None:
    data = _sheet_of_rows(limits.MAX_ROWS + 10_000, dimension=True)
    assert len(data) < 5 * 2**20
    assert f"{limits.MAX_ROWS:,} rows" in refused_fast(data)


def test_a_dimension_that_claims_far_more_than_the_sheet_holds_is_not_believed() -> None:
    book = openpyxl.Workbook()
    for row in (["student", "standard", "item", "score", "max"], ["Ana", "RL.1", "Q1", 3, 4]):
        book.active.append(row)
    book.active["XFD1048576"].number_format = "0.00"  # a formatted, empty cell far away
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(buf)
    out_buf = io.BytesIO()
    with zipfile.ZipFile(out_buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:XFD1048576"', b'<dimension ref="A1:XFD15000000"')
                assert b"A1:XFD15000000" in body
            out.writestr(info, body)
    gb = read_gradebook(out_buf.getvalue(), secret=S)
    assert gb.scores["score"].tolist() == [3.0]


def test_an_xlsx_without_a_dimension_still_stops_at_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 30)
    book = openpyxl.Workbook()
    for i in range(40):
        book.active.append([f"S{i}", "RL.1", 3])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(buf)
    out_buf = io.BytesIO()
    with zipfile.ZipFile(out_buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = body.index(b"<dimension")
                body = body[:start] + body[body.index(b"/>", start) + 2:]
            out.writestr(info, body)
    assert "30 rows" in refused_fast(out_buf.getvalue())


def test_cli_refuses_a_huge_header_in_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("student," + ",".join(f"c{i}" for i in range(200_000)) + "\n")
    assert main(["classdata", "report", str(path), "--out", str(tmp_path / "out")]) == 2
    assert_one_sentence(capsys.readouterr().err.removeprefix("plkit: "))
    assert not (tmp_path / "out").exists()


def test_a_wide_file_with_too_many_scores_is_refused_before_they_are_laid_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SCORES", 50)
    header = "Student,ID," + ",".join(f"Quiz {i} ({1000 + i})" for i in range(10)) + "\n"
    pp = "    Points Possible,," + ",".join("4" for _ in range(10)) + "\n"
    rows = "".join(f"S{i},{i}," + ",".join("3" for _ in range(10)) + "\n" for i in range(6))
    assert "50 scores" in refused_fast((header + pp + rows).encode())
