"""Spreadsheets as rows of strings: .xlsx (openpyxl, read-only) and old .xls (xlrd, if installed).

Before a cell is read: the zip's stated sizes (:func:`plkit.classdata.limits.check_zip`), then
the chosen sheet's stated dimension; while reading, every row is counted against the limits.
Chart sheets hold no cells and are skipped unread. A sheet is chosen by name (or position); with
none chosen, the first sheet with data is read, and when that is not the first sheet the notes say
so. Formulas without saved results (a file written by a program that does not calculate) are
refused: their cells would read as blank. A password-protected workbook is an encrypted OLE file,
not an old .xls, and is named as such.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from plkit.classdata import limits
from plkit.classdata.model import GradebookError

__all__ = ["OLE_SIGNATURE", "CHOOSE", "Sheets", "sheet_rows", "sheet_names", "cell_text"]

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How a person chooses a sheet, for messages (the command line's option; the page's menu).
CHOOSE = "choose one (--sheet NAME on the command line, or the sheet menu when you upload)"
_ENCRYPTED = tuple(n.encode("utf-16-le") for n in ("EncryptedPackage", "EncryptionInfo"))
# A formula followed by no value (or an empty one) before its cell closes.
_NO_VALUE = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_SCAN_ROWS = 200  # rows looked at to decide whether a sheet holds data
_MIN_ROW_BYTES = 10  # the XML of a row that holds anything takes at least this many bytes


def cell_text(value: Any) -> str:
    """One spreadsheet value as the string a CSV export would hold (IDs stay ``1001``, not ``1001.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


class Sheets:
    """The sheet names of a workbook and which of them hold data (for choosing and for messages)."""

    def __init__(self, names: list[str], with_data: list[str]) -> None:
        self.names = names
        self.with_data = with_data

    def listing(self) -> str:
        shown = [f"'{n}'" for n in self.with_data] or ["none"]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _encrypted(data: bytes) -> bool:
    return data.startswith(OLE_SIGNATURE) and any(name in data for name in _ENCRYPTED)


def _password_error() -> GradebookError:
    return GradebookError(
        "This spreadsheet is protected with a password, so plkit cannot read it; open it in your "
        "spreadsheet program, save a copy without the password (or as CSV), and load that."
    )


def _open_xlsx(data: bytes) -> Any:
    # deferred: openpyxl is slow to import (about 0.2 s) and only .xlsx files need it
    from openpyxl.reader.excel import ExcelReader

    class _CellsOnly(ExcelReader):  # type: ignore[misc]  # openpyxl has no type information
        """openpyxl's reader without chart sheets: they hold no cells, and their charts may use
        features openpyxl cannot read, which would fail the whole workbook."""

        def read_chartsheet(self, sheet: Any, rel: Any) -> None:
            return None

    archive = limits.check_zip(data)
    names = set(archive.namelist())
    archive.close()
    if "xl/workbook.xml" not in names:
        raise GradebookError(
            f"{_zip_kind(names)}; save it as .xlsx or CSV from the program that made it, and load that."
        )
    try:
        reader = _CellsOnly(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read()
    except Exception as exc:  # noqa: BLE001 - any damage means the same thing to a person
        raise _damaged(exc) from None
    return reader.wb


def _zip_kind(names: set[str]) -> str:
    """What a zip file that is not an .xlsx is, for the one sentence that refuses it."""
    if "xl/workbook.bin" in names:
        return "This is an Excel binary workbook (.xlsb), which plkit cannot read"
    if "content.xml" in names and "mimetype" in names:
        return "This is an OpenDocument file (such as .ods), which plkit cannot read"
    if any(n.startswith("word/") for n in names):
        return "This is a Word document, not a spreadsheet"
    if any(n.startswith("ppt/") for n in names):
        return "This is a PowerPoint file, not a spreadsheet"
    return "This is a zip archive, not a spreadsheet or a CSV file"


def _damaged(exc: Exception) -> GradebookError:
    return GradebookError(
        f"This .xlsx file is damaged and could not be read ({type(exc).__name__}); save it again from your "
        "spreadsheet program, or save it as CSV."
    )


def _has_data(ws: Any) -> bool:
    for row in ws.iter_rows(max_row=_SCAN_ROWS, values_only=True):
        if any(v is not None and str(v).strip() for v in row):
            return True
    return False


def _choose(book: Any, sheet: str | int | None, notes: list[str]) -> tuple[Any, Sheets]:
    sheets = book.worksheets
    names = [ws.title for ws in sheets]
    found = Sheets(names, [ws.title for ws in sheets if _has_data(ws)])
    if isinstance(sheet, int) and 0 <= sheet < len(sheets):
        return sheets[sheet], found
    if isinstance(sheet, str):
        match = [ws for ws in sheets if ws.title.strip().casefold() == sheet.strip().casefold()]
        if match:
            return match[0], found
    if sheet is not None:
        raise GradebookError(f"This workbook has no sheet named '{sheet}'; the sheets with data are {found.listing()}.")
    if not found.with_data:
        raise GradebookError("No sheet of this workbook holds any data; check that you chose the right file.")
    if not sheets or names[0] in found.with_data:
        return sheets[0], found
    if len(found.with_data) > 1:
        raise GradebookError(
            f"The first sheet of this workbook ('{names[0]}') is empty and the sheets "
            f"{found.listing()} hold data: {CHOOSE}."
        )
    notes.append(f"The first sheet ('{names[0]}') is empty, so plkit read the sheet '{found.with_data[0]}'.")
    return sheets[names.index(found.with_data[0])], found


def _check_stated_size(data: bytes, ws: Any, what: str) -> None:
    """Refuse a sheet by the rows its dimension states, before reading them, when its XML is big
    enough to hold them; then read it as it is, unpadded (a stray formatted cell far right or far
    down widens the stated dimension, not the data, and each row read is counted)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo(ws._worksheet_path).file_size
    rows = ws.max_row
    if isinstance(rows, int) and size >= rows * _MIN_ROW_BYTES:
        limits.check_shape(rows, None, what)
    ws.reset_dimensions()


def _formulas_without_values(data: bytes, member: str) -> int:
    """Cells of a sheet holding a formula and no saved result, counted in a streamed scan.

    Each block is searched up to its last ``c>``: a match ends with its cell's ``</c>`` and holds
    no other ``c>``, so no match is cut in two.
    """
    count, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as src:
        while chunk := src.read(1 << 20):
            block = tail + chunk
            cut = block.rfind(b"c>") + 2
            if cut < 2:
                tail = block[-4096:]
                continue
            count += len(_NO_VALUE.findall(block, 0, cut))
            tail = block[cut:]
    return count


def _rows(values: Iterable[tuple[Any, ...]], what: str) -> list[list[str]]:
    rows: list[list[str]] = []
    cells = 0
    for row in values:
        texts = [cell_text(v) for v in row]
        while texts and texts[-1] == "":
            texts.pop()
        cells += len(texts)
        limits.check_shape(len(rows) + 1, len(texts), what)
        limits.check_cells(cells, what)
        for text in texts:
            if len(text) > limits.MAX_CELL_CHARS:
                limits.check_cell(len(text))
        rows.append(texts)
    return rows


def xlsx_rows(data: bytes, sheet: str | int | None = None) -> tuple[list[list[str]], Sheets, list[str]]:
    """The chosen sheet's rows as strings, the workbook's sheets, and notes on the choice."""
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = _open_xlsx(data)
        try:
            ws, found = _choose(book, sheet, notes)
            what = f"The sheet '{ws.title}'"
            _check_stated_size(data, ws, what)
            blank = _formulas_without_values(data, ws._worksheet_path)
            if blank:
                raise GradebookError(
                    f"{blank} cells of the sheet '{ws.title}' hold formulas with no saved results (the "
                    "file was written by a program that does not calculate them), so they would read as "
                    "blank; open the file in Excel or LibreOffice, save it, and load it again."
                )
            rows = _rows(ws.iter_rows(values_only=True), what)
        except GradebookError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet (bad XML, bad CRC) means one thing to a person
            raise _damaged(exc) from None
        finally:
            book.close()
    return rows, found, notes


def xls_rows(data: bytes, sheet: str | int | None = None) -> tuple[list[list[str]], Sheets, list[str]]:
    """An old .xls sheet's rows (needs the optional xlrd); a password-protected file says so."""
    if _encrypted(data):
        raise _password_error()
    for stream, kind in (("WordDocument", "a Word document"), ("PowerPoint Document", "a PowerPoint file")):
        if stream.encode("utf-16-le") in data:
            raise GradebookError(
                f"This is {kind}, not a spreadsheet; export the gradebook as CSV or .xlsx and load that."
            )
    try:
        import xlrd  # deferred: xlrd is optional and only needed for old .xls files
    except ImportError:
        raise GradebookError(
            "This is an old Excel .xls file, which plkit cannot read here; save it as .xlsx or "
            "CSV and load that instead."
        ) from None
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        names = list(book.sheet_names())
        if isinstance(sheet, str):
            match = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
            if not match:
                raise GradebookError(f"This workbook has no sheet named '{sheet}'; its sheets are {', '.join(names)}.")
            ws = book.sheet_by_name(match[0])
        else:
            ws = book.sheet_by_index(sheet if isinstance(sheet, int) else 0)
        limits.check_shape(ws.nrows, ws.ncols, f"The sheet '{ws.name}'")
        rows = _rows((tuple(ws.row_values(i)) for i in range(ws.nrows)), f"The sheet '{ws.name}'")
    except GradebookError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage means the same thing to a person
        raise GradebookError(
            f"This .xls file could not be opened ({type(exc).__name__}); save it again as .xlsx or CSV "
            "and load that."
        ) from None
    return rows, Sheets(names, names), []


def sheet_rows(data: bytes, sheet: str | int | None = None) -> tuple[list[list[str]], Sheets, list[str]] | None:
    """Rows of a spreadsheet file, or None when ``data`` is not a spreadsheet."""
    if data.startswith(b"PK\x03\x04"):
        return xlsx_rows(data, sheet)
    if data.startswith(OLE_SIGNATURE):
        return xls_rows(data, sheet)
    return None


def sheet_names(data: bytes) -> Sheets | None:
    """The sheets of an .xlsx and which hold data (None for any other file, or a damaged one)."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = _open_xlsx(data)
        except GradebookError:
            return None
        try:
            return _choose(book, 0, [])[1]
        except Exception:  # noqa: BLE001 - a damaged sheet: reading the file says so in one sentence
            return None
        finally:
            book.close()
