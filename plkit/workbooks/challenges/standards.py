"""Standards a challenge can aim at: a small sample set ships with plkit, and a teacher can load
their own from a CSV or spreadsheet with the columns code, description, subject, grade.

>>> [s.code for s in sample_standards()][:2]
['SCI.5.ECO.1', 'SCI.5.ECO.2']
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from plkit.errors import PlkitError

__all__ = ["Standard", "StandardsError", "sample_standards", "load_standards", "COLUMNS"]

COLUMNS = ("code", "description", "subject", "grade")
_ALIASES = {
    "code": {"code", "standard", "standard code", "id", "outcome code"},
    "description": {"description", "standard description", "text", "statement", "outcome"},
    "subject": {"subject", "course", "discipline", "content area"},
    "grade": {"grade", "grade level", "year", "level"},
}
MAX_BYTES = 5_000_000


class StandardsError(PlkitError):
    """A standards file could not be used; the message names the row or column at fault."""


@dataclass(frozen=True)
class Standard:
    code: str
    description: str
    subject: str
    grade: str

    @property
    def label(self) -> str:
        return f"{self.code}: {self.description}"


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise StandardsError("The standards file is not readable text; save it as CSV (UTF-8) or .xlsx.")


def _rows_from_csv(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    delimiter = max([",", ";", "\t"], key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _rows_from_xlsx(data: bytes) -> list[list[str]]:
    try:
        from openpyxl import load_workbook  # deferred: heavy, and needed only for an .xlsx file

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise StandardsError(
            "The standards spreadsheet could not be opened; save it again as .xlsx or CSV."
        ) from None
    ws = wb.worksheets[0]
    rows = [["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        for col, aliases in _ALIASES.items():
            if key in aliases and col not in found:
                found[col] = i
    missing = [c for c in ("code", "description") if c not in found]
    if missing:
        raise StandardsError(
            f"The standards file has no '{missing[0]}' column in its first row; it needs the "
            "columns code, description, subject, grade."
        )
    return found


def _cell(row: list[str], cols: dict[str, int], col: str) -> str:
    """The row's cell in column ``col`` (a name in :data:`COLUMNS`), stripped; "" when absent."""
    i = cols.get(col)
    return row[i].strip() if i is not None and i < len(row) else ""


def _parse(rows: list[list[str]], source: str) -> list[Standard]:
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        lead = "The standards file" if source == "the standards file" else source
        raise StandardsError(f"{lead} is empty; it needs a header row and one row per standard.")
    header = numbered[0][1]
    cols = _header_map(header)
    width = len([h for h in header if h.strip()])
    out: list[Standard] = []
    seen: dict[str, int] = {}
    for n, row in numbered[1:]:  # n is the row number as the file shows it
        if len([c for c in row if c.strip()]) > width and len(row) > len(header):
            raise StandardsError(
                f"Row {n} of {source} has more cells than the header; put quotes around any "
                "description that contains a comma (or the file's separator)."
            )
        code, desc = _cell(row, cols, "code"), _cell(row, cols, "description")
        if not code:
            raise StandardsError(f"Row {n} of {source} has no code; give every standard a code.")
        if not desc:
            raise StandardsError(
                f"Row {n} of {source} (code {code}) has no description; add one."
            )
        if code in seen:
            raise StandardsError(
                f"Row {n} of {source} repeats the code {code} from row {seen[code]}; "
                "codes must be unique."
            )
        seen[code] = n
        out.append(Standard(code, desc, _cell(row, cols, "subject"), _cell(row, cols, "grade")))
    if not out:
        raise StandardsError(f"{source} has a header row but no standards under it.")
    return out


def load_standards(data: bytes | str | Path, filename: str | None = None) -> list[Standard]:
    """Standards from CSV or .xlsx bytes (or a path); raise StandardsError naming the row."""
    if isinstance(data, (str, Path)):
        path = Path(data)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StandardsError(f"{path} could not be read ({exc.strerror}).") from None
    name = filename or "the standards file"
    if len(data) > MAX_BYTES:
        raise StandardsError(f"{name} is larger than 5 MB; a standards list should be much smaller.")
    if data[:4] == b"PK\x03\x04" or (filename or "").lower().endswith(".xlsx"):
        return _parse(_rows_from_xlsx(data), name)
    if (filename or "").lower().endswith(".xls"):
        raise StandardsError(f"{name} is an old .xls file; save it as .xlsx or CSV and load it again.")
    return _parse(_rows_from_csv(_decode(data)), name)


def sample_standards() -> list[Standard]:
    """The illustrative sample set that ships with plkit (not an official framework)."""
    data = (resources.files("plkit.content") / "data" / "sample-standards.csv").read_bytes()
    return load_standards(data, "sample-standards.csv")
