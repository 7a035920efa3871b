"""Standards a challenge aims at: the sample set, and teachers' own CSV or .xlsx files, with one
clear sentence naming the row or column when a file cannot be used."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.errors import PlkitError
from plkit.workbooks.challenges.standards import MAX_BYTES, Standard, StandardsError, load_standards, sample_standards

ROWS = [("ECO.1", "Describe how matter moves, step by step.", "Science", "5"),
        ("DATA.1", "Make line plots of measurement data.", "Mathematics", "5")]
EXPECTED = [Standard(*r) for r in ROWS]


def _csv(sep: str, newline: str = "\n") -> bytes:
    def cell(v: str) -> str:
        return f'"{v}"' if sep in v else v

    lines = [sep.join(("code", "description", "subject", "grade"))]
    lines += [sep.join(cell(v) for v in r) for r in ROWS]
    return (newline.join(lines) + newline).encode("utf-8")


def _error(data: bytes | str | Path, filename: str | None = None) -> str:
    with pytest.raises(StandardsError) as info:
        load_standards(data, filename)
    msg = str(info.value)
    assert_one_sentence(msg)
    return msg


# -- the sample set ---------------------------------------------------------------------------


def test_sample_set_loads() -> None:
    st = sample_standards()
    assert len(st) == 12
    codes = [s.code for s in st]
    assert len(set(codes)) == 12
    assert all(s.code and s.description for s in st)
    assert st[0].label == f"{st[0].code}: {st[0].description}"


def test_sample_set_rows_are_whole() -> None:
    """Every sample row keeps its full description, a subject and a grade."""
    subjects = {"Science", "Mathematics", "English Language Arts", "Social Studies"}
    sample = sample_standards()
    assert sample  # so the loop below checks something
    for s in sample:
        assert s.subject in subjects, s
        assert s.grade.isdigit(), s
        assert s.description.endswith("."), s


# -- reading files ----------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_csv_separators(sep: str) -> None:
    assert load_standards(_csv(sep), "mine.csv") == EXPECTED


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings(newline: str) -> None:
    assert load_standards(_csv(",", newline), "mine.csv") == EXPECTED
    assert load_standards(_csv(";", newline), "mine.csv") == EXPECTED


def test_utf8_with_bom() -> None:
    data = b"\xef\xbb\xbf" + "code,description\nÉCO.1,Décrire le cycle de l’eau.\n".encode()
    assert load_standards(data, "bom.csv") == [
        Standard("ÉCO.1", "Décrire le cycle de l’eau.", "", "")]


def test_cp1252_bytes() -> None:
    data = "code,description\nECO.1,Café waste – what’s left?\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    assert load_standards(data, "excel.csv")[0].description == "Café waste – what’s left?"


def test_header_aliases_and_column_order() -> None:
    data = b"Grade Level, Course ,Description,Standard\n5,Science,Describe matter.,ECO.1\n"
    assert load_standards(data, "a.csv") == [Standard("ECO.1", "Describe matter.", "Science", "5")]
    data = b"Standard Code;Statement;Content Area;Year\nECO.1;Describe matter.;Science;5\n"
    assert load_standards(data, "b.csv") == [Standard("ECO.1", "Describe matter.", "Science", "5")]


def test_blank_rows_and_extra_spaces_are_ignored() -> None:
    data = b"\n code , description \n\n  ECO.1 ,  Describe matter.  \n,,\n"
    assert load_standards(data, "c.csv") == [Standard("ECO.1", "Describe matter.", "", "")]


def test_subject_and_grade_are_optional() -> None:
    assert load_standards(b"code,description\nA,b\n", "d.csv") == [Standard("A", "b", "", "")]


def _xlsx(rows: list[tuple[object, ...]]) -> bytes:
    from openpyxl import Workbook  # deferred: heavy, and only the .xlsx tests need it

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_from_bytes_and_from_a_path(tmp_path: Path) -> None:
    data = _xlsx([("Code", "Description", "Subject", "Grade"),
                  ("ECO.1", "Describe how matter moves, step by step.", "Science", 5),
                  (None, None, None, None),
                  ("DATA.1", "Make line plots of measurement data.", "Mathematics", 5)])
    assert load_standards(data, "mine.xlsx") == EXPECTED
    assert load_standards(data) == EXPECTED  # recognised by its content, with no name
    path = tmp_path / "mine.xlsx"
    path.write_bytes(data)
    assert load_standards(path) == EXPECTED
    assert load_standards(str(path)) == EXPECTED


def test_xlsx_errors_name_the_row() -> None:
    data = _xlsx([("code", "description"), ("A", "first"), ("A", "again")])
    msg = _error(data, "mine.xlsx")
    assert "Row 3" in msg and "row 2" in msg and "A" in msg and "mine.xlsx" in msg


def test_csv_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(_csv(","))
    assert load_standards(path) == EXPECTED


# -- errors: one sentence naming the problem ----------------------------------------------------


def test_error_is_a_plkit_error() -> None:
    assert issubclass(StandardsError, PlkitError)


def test_missing_code_column() -> None:
    msg = _error(b"name,description\nA,b\n", "mine.csv")
    assert "'code'" in msg and "column" in msg


def test_missing_description_column() -> None:
    msg = _error(b"code,name\nA,b\n", "mine.csv")
    assert "'description'" in msg and "column" in msg


def test_row_without_a_code() -> None:
    msg = _error(b"code,description\nA,first\n,second\n", "mine.csv")
    assert msg.startswith("Row 3 ") and "mine.csv" in msg and "no code" in msg


def test_row_without_a_description() -> None:
    msg = _error(b"code,description,subject\nA,first,Sci\nB,  ,Sci\n", "mine.csv")
    assert "Row 3" in msg and "B" in msg and "no description" in msg


def test_row_numbers_count_blank_rows_as_the_file_does() -> None:
    """The row named is the one the teacher sees in the file, blank rows included."""
    msg = _error(b"code,description\n\nA,first\n\n,second\n", "mine.csv")
    assert msg.startswith("Row 5 "), msg


def test_duplicate_code_names_both_rows() -> None:
    msg = _error(b"code,description\nA,first\nB,second\nA,third\n", "mine.csv")
    assert "Row 4" in msg and "row 2" in msg and " A " in msg and "unique" in msg


@pytest.mark.parametrize("data", [b"", b"\n\r\n  \n", b",,,\n,,,\n"], ids=["empty", "blank", "commas"])
def test_empty_file(data: bytes) -> None:
    msg = _error(data, "mine.csv")
    assert "mine.csv is empty" in msg


def test_header_only() -> None:
    msg = _error(b"code,description,subject,grade\n", "mine.csv")
    assert "header row but no standards" in msg


def test_old_xls_file() -> None:
    msg = _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.XLS")
    assert ".xls" in msg and ".xlsx or CSV" in msg


def test_garbage_xlsx() -> None:
    data = b"PK\x03\x04" + os.urandom(2000)
    msg = _error(data, "broken.xlsx")
    assert "could not be opened" in msg
    _error(data)  # no name: recognised as a zip by its first bytes
    _error(b"not a zip at all", "renamed.xlsx")


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    msg = _error(missing)
    assert str(missing) in msg and "could not be read" in msg


def test_file_over_five_megabytes(tmp_path: Path) -> None:
    data = b"code,description\n" + b"A,b\n" * (MAX_BYTES // 4)
    assert len(data) > MAX_BYTES
    msg = _error(data, "huge.csv")
    assert "huge.csv" in msg and "5 MB" in msg
    path = tmp_path / "huge.csv"
    path.write_bytes(data)
    assert "5 MB" in _error(path)
    # just under the limit is read (and here fails only on its repeated codes)
    assert "5 MB" not in _error(b"code,description\nA,b\nA,c\n", "small.csv")
