"""Size limits for class-data files, checked before anything is parsed.

A teacher's gradebook is small: a few thousand students and a few hundred assessments at most.
These limits are far above that, and they keep a mistaken or hostile file from taking minutes and
gigabytes before it fails. Each is checked from what is cheap to know first (the file's size, the
sizes in an .xlsx's zip directory, a sheet's stated dimension, the first line of a text file, the
count of line breaks), so a file beyond one is refused within seconds, in one sentence that names
the limit.

==================  ============  ===========================================================
Limit               Value         What it counts
==================  ============  ===========================================================
``MAX_FILE_BYTES``  100 MB        the file as given (CSV, text, .xlsx or .xls)
``MAX_XLSX_BYTES``  100 MB        what an .xlsx expands to (its zip members, uncompressed)
``MAX_ROWS``        2,000,000     rows: lines of a text file, rows of a sheet
``MAX_COLUMNS``     5,000         columns: fields of the first line, or of any row
``MAX_CELLS``       10,000,000    rows x columns
``MAX_SCORES``      2,000,000     scores: students x assessments of a wide file, rows of a long one
``MAX_CELL_CHARS``  131,072       characters in one cell
``MAX_LINE_CHARS``  1,000,000     characters of a text file's first line (its column names)
==================  ============  ===========================================================

The limits are module attributes, read when a check runs (tests lower them).

>>> size_text(100_000_000), size_text(1500)
('100 MB', '1.5 KB')
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np

from plkit.classdata.model import GradebookError

__all__ = [
    "MAX_CELLS", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_LINE_CHARS", "MAX_ROWS", "MAX_SCORES",
    "MAX_XLSX_BYTES", "check_cell", "check_cells", "check_scores", "check_shape", "check_size", "check_text",
    "check_zip", "read_file", "size_text",
]

MAX_FILE_BYTES = 100_000_000
MAX_XLSX_BYTES = 100_000_000
MAX_ROWS = 2_000_000
MAX_COLUMNS = 5_000
MAX_CELLS = 10_000_000
MAX_SCORES = 2_000_000
MAX_CELL_CHARS = 131_072
MAX_LINE_CHARS = 1_000_000

_WHAT_TO_DO = "export only the class or classes you need, or split the file"


def size_text(n: int) -> str:
    """A byte count in decimal units, as a person reads it: ``'100 MB'``, ``'1.5 KB'``."""
    for unit, step in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= step:
            value = round(n / step, 1)
            return f"{value:g} {unit}"
    return f"{n} bytes"


def check_size(n_bytes: int) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES`."""
    if n_bytes > MAX_FILE_BYTES:
        raise GradebookError(
            f"This file is larger than {size_text(MAX_FILE_BYTES)}, plkit's limit for class data; "
            f"{_WHAT_TO_DO}."
        )


def read_file(path: Path) -> bytes:
    """A file's bytes, refused by its size before it is read, and read no further than the limit."""
    try:
        size = path.stat().st_size
        check_size(size)
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise GradebookError(
            f"The file {path.name} could not be read ({exc.strerror or type(exc).__name__}); check that "
            "you can open it, or copy it to a folder of your own and try again."
        ) from None
    check_size(len(data))
    return data


def check_shape(rows: int | None, columns: int | None, what: str = "This file") -> None:
    """Refuse a table beyond :data:`MAX_ROWS`, :data:`MAX_COLUMNS` or :data:`MAX_CELLS`."""
    if rows is not None and rows > MAX_ROWS:
        raise GradebookError(f"{what} has more than {MAX_ROWS:,} rows, plkit's limit for class data; {_WHAT_TO_DO}.")
    if columns is not None and columns > MAX_COLUMNS:
        raise GradebookError(
            f"{what} has more than {MAX_COLUMNS:,} columns, plkit's limit for class data; {_WHAT_TO_DO}."
        )
    if rows is not None and columns is not None:
        check_cells(rows * columns, what)


def check_cells(cells: int, what: str = "This file") -> None:
    """Refuse a table of more than :data:`MAX_CELLS` cells."""
    if cells > MAX_CELLS:
        raise GradebookError(
            f"{what} has more than {MAX_CELLS:,} cells (rows times columns), plkit's limit for class "
            f"data; {_WHAT_TO_DO}."
        )


def check_scores(scores: int) -> None:
    """Refuse a gradebook of more than :data:`MAX_SCORES` scores (before they are laid out)."""
    if scores > MAX_SCORES:
        raise GradebookError(
            f"This file holds more than {MAX_SCORES:,} scores (students times assessments), plkit's limit for "
            f"class data; {_WHAT_TO_DO}."
        )


def check_cell(length: int) -> None:
    """Refuse a cell longer than :data:`MAX_CELL_CHARS`."""
    if length > MAX_CELL_CHARS:
        raise GradebookError(
            f"A cell of this file holds more than {MAX_CELL_CHARS:,} characters, plkit's limit for one "
            "cell, so it is not a gradebook export as saved; check the file, or save it again as CSV."
        )


def _first_line(text: str) -> str:
    head = text[: MAX_LINE_CHARS + 1]
    end = head.find("\n")
    if end < 0 and len(head) > MAX_LINE_CHARS:
        fields = max(head.count(sep) for sep in (",", ";", "\t")) + 1
        check_shape(None, fields)
        raise GradebookError(
            f"The first line of this file (its column names) runs past {MAX_LINE_CHARS:,} characters, "
            "plkit's limit; a gradebook export starts with one short line of column names."
        )
    return head if end < 0 else head[:end]


def check_text(text: str, sep: str, encoded: bytes | None = None) -> None:
    """Check a text table before it is parsed: the first line's fields, the lines, the cells.

    The first line is read with a bounded slice; lines are counted, not split (``encoded``, the
    text as UTF-8, lets numpy find the longest line).
    """
    first = _first_line(text)
    try:
        fields = max((len(r) for r in csv.reader(io.StringIO(first), delimiter=sep)), default=1)
    except csv.Error:
        fields = first.count(sep) + 1
    check_shape(None, fields)
    rows = text.count("\n") + (0 if text.endswith("\n") else 1)
    check_shape(rows, fields)
    if len(text) > MAX_CELL_CHARS and _longest_line(encoded or text.encode("utf-8", "surrogatepass")) > MAX_CELL_CHARS:
        check_cell(_longest_cell(text, sep))


def _longest_line(encoded: bytes) -> int:
    """The longest line's length in bytes (at least its length in characters), found by numpy."""
    ends = np.flatnonzero(np.frombuffer(encoded, dtype=np.uint8) == 10)
    bounds = np.concatenate(([-1], ends, [len(encoded)]))
    return int(np.diff(bounds).max()) - 1


def _longest_cell(text: str, sep: str) -> int:
    """The longest cell's length (run only when some line is longer than a cell may be). The csv
    module refuses a field over its limit, 131,072 characters unless changed: that is a cell too long."""
    longest = 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=sep):
            longest = max(longest, max((len(c) for c in row), default=0))
    except csv.Error:
        return MAX_CELL_CHARS + 1
    return longest


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The .xlsx's zip, refused when its members, as its directory states, expand beyond
    :data:`MAX_XLSX_BYTES` (nothing is decompressed to find out)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise GradebookError(
            "This .xlsx file is damaged and could not be opened; save it again from your spreadsheet "
            "program, or save it as CSV."
        ) from None
    expanded = sum(max(0, i.file_size) for i in infos)
    if expanded > MAX_XLSX_BYTES:
        archive.close()
        raise GradebookError(
            f"This .xlsx file expands to more than {size_text(MAX_XLSX_BYTES)}, plkit's limit for a "
            f"spreadsheet; {_WHAT_TO_DO}, or save only the sheet you need as CSV."
        )
    return archive
