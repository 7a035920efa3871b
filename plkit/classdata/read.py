"""Read any supported gradebook export into one normalised, pseudonymous long table.

bytes (within :mod:`plkit.classdata.limits`) -> decode (utf-8-sig, else cp1252) -> the separator
(Excel's ``sep=`` line, else sniffed) or a spreadsheet's sheet -> a table of strings ->
detect the platform layout -> parse -> read cells -> pseudonymise -> :class:`Gradebook`.

>>> csv = b"student,standard,item,score,max\\nAna Ruiz,RL.1,Quiz 1,3,4\\nAna Ruiz,RL.1,Quiz 2,EX,4\\n"
>>> gb = read_gradebook(csv, secret=b"doc")
>>> gb.layout, list(gb.scores["status"])
('long', ['scored', 'excused'])
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from plkit.classdata import limits
from plkit.classdata.cells import DEFAULT_CODE_MAP, DEFAULT_SCALE, CellRules, classify
from plkit.classdata.generic import ALIASES, long_roles, parse_long, parse_outcomes, parse_wide
from plkit.classdata.layouts import _CANVAS_ITEM, _D2L_POINTS, IDENTITY_FIELDS, PARSERS, Parsed, find_column
from plkit.classdata.model import LAYOUTS, SCORE_COLUMNS, UNLINKED_NOTE, Gradebook, GradebookError
from plkit.classdata.pseudonym import local_secret
from plkit.classdata.roster import keys, merge_duplicates, roster
from plkit.classdata.scales import score_notes
from plkit.classdata.sheets import CHOOSE, OLE_SIGNATURE, Sheets, sheet_rows
from plkit.classdata.text import decode, sep_line, sniff, utf16

__all__ = ["decode", "detect_layout", "read_gradebook", "read_table", "sniff"]

Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO

_HTML = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_EXPECTED = (
    "expected a gradebook export (Canvas, D2L Brightspace) or a table with a student column and "
    "score columns, saved as CSV or .xlsx"
)


def _load(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        limits.check_size(len(source))
        return bytes(source)
    if hasattr(source, "read"):
        data = source.read(limits.MAX_FILE_BYTES + 1)
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        limits.check_size(len(data))
        return data
    path = Path(source)
    if not path.is_file():
        raise GradebookError(f"There is no file at {path}; check the name and folder and try again.")
    return limits.read_file(path)


def _text_rows(text: str, sep: str) -> list[list[str]]:
    """Rows of a text table the fast parser refused (ragged rows), read one at a time within the limits."""
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=sep):
            cells += len(row)
            limits.check_shape(len(rows) + 1, len(row))
            limits.check_cells(cells)
            rows.append(row)
    except csv.Error as exc:
        if "field limit" in str(exc):
            limits.check_cell(limits.MAX_CELL_CHARS + 1)  # the csv module's field limit is the cell limit
        raise GradebookError(f"This file could not be read as a table ({exc}): {_EXPECTED}.") from None
    return rows


def _text_table(data: bytes) -> tuple[pd.DataFrame | list[list[str]], str]:
    head = data[:4096]
    if head.lstrip().startswith(b"%PDF-"):
        raise GradebookError(f"This is a PDF, not a table: {_EXPECTED}.")
    if b"\x00" in head and not utf16(data):
        raise GradebookError(f"This file is not a text table: {_EXPECTED}.")
    text = decode(data)
    if not text or text.isspace():
        raise GradebookError(f"This file is empty: {_EXPECTED}.")
    if _HTML.match(text[:1024]):
        raise GradebookError(
            "This is a web page, not a gradebook export (a download that failed, or a page saved from the "
            "browser); download the export again as CSV."
        )
    text, named = sep_line(text)
    sep = named or sniff(text)
    encoded = text.encode("utf-8", "surrogatepass")
    limits.check_text(text, sep, encoded)
    try:
        table = pd.read_csv(  # bytes: the C parser reads UTF-8 faster than a StringIO
            io.BytesIO(encoded), encoding="utf-8",
            encoding_errors="surrogatepass", sep=sep, header=None, dtype=str,
            keep_default_na=False, na_filter=False, skip_blank_lines=True, engine="c",
        )
        return table.astype(object), sep
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return _text_rows(text, sep), sep


def _read_any(data: bytes, sheet: str | int | None) -> tuple[pd.DataFrame, str, list[str], Sheets | None]:
    """All cells as strings, the separator (or "xlsx", "xls"), notes, and a workbook's sheets."""
    spreadsheet = sheet_rows(data, sheet)
    notes: list[str] = []
    found: Sheets | None = None
    if spreadsheet is not None:
        rows, found, notes = spreadsheet
        sep = "xls" if data.startswith(OLE_SIGNATURE) else "xlsx"
    else:
        parsed, sep = _text_table(data)
        if isinstance(parsed, pd.DataFrame):
            return parsed, sep, notes, None
        rows = parsed
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise GradebookError(f"This file has no rows: {_EXPECTED}.")
    width = max(len(r) for r in rows)
    table = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return table, sep, notes, found


def read_table(data: bytes, *, sheet: str | int | None = None) -> tuple[pd.DataFrame, str]:
    """All cells as strings, first row first; returns the table and the separator (or "xlsx").

    Files beyond :mod:`plkit.classdata.limits` are refused before they are parsed.
    """
    table, sep, _notes, _sheets = _read_any(data, sheet)
    return table, sep


def _header_body(table: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    header = [str(h).replace("\ufeff", "").strip() for h in table.iloc[0]]
    body = table.iloc[1:].reset_index(drop=True)
    # A leading unnamed index column from a file re-saved by pandas.
    if header and (header[0] == "" or re.fullmatch(r"Unnamed: 0", header[0])) and len(header) > 1:
        header, body = header[1:], body.iloc[:, 1:]
    seen: dict[str, int] = {}
    unique = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} [{seen[h]}]")
    body = body.set_axis(unique, axis=1)
    # Drop columns with neither a name nor any value (trailing separators).
    empty = [c for c in unique if c.startswith(" [") or (c == "" and (body[c].astype(str).str.strip() == "").all())]
    return unique, body.drop(columns=empty)


def detect_layout(header: list[str], body: pd.DataFrame) -> str:
    """Which layout a table is; raises :class:`GradebookError` when it is none of them."""
    low = {" ".join(h.lower().split()) for h in header}
    if {"learning outcome name", "outcome score"} <= low:
        return "canvas_outcomes"
    if "student name" in low and any(h.endswith(" result") for h in low) and any(
        h.endswith(" mastery points") for h in low
    ):
        return "canvas_mastery"
    if "orgdefinedid" in low or "end-of-line indicator" in low or any(_D2L_POINTS.match(h) for h in header):
        return "d2l"
    first = pd.unique(body.iloc[:, 0].astype(object).to_numpy()) if len(body.columns) else []
    has_pp = any(str(v).strip().lower() == "points possible" for v in first)
    if ("student" in low or {"lastname", "firstname"} <= low) and "id" in low and (
        has_pp or any(_CANVAS_ITEM.match(h) for h in header)
    ):
        return "canvas_gradebook"
    roles = long_roles(list(body.columns))
    student = roles["id"] or roles["name"] or roles["first"] or roles["last"]
    if student and roles["score"] and (roles["item"] or roles["standard"]):
        return "long"
    if any(find_column(body.columns, *ALIASES[r]) for r in ("id", "name", "first", "last", "email")):
        return "wide"
    raise GradebookError(
        f"This file has no student column that plkit recognises: {_EXPECTED}; if it is a "
        "spreadsheet you keep by hand, pass a column mapping."
    )


def read_gradebook(
    source: Source,
    *,
    layout: str | None = None,
    mapping: Mapping[str, Any] | None = None,
    standards: Mapping[str, str] | None = None,
    code_map: Mapping[str, str | float] | None = None,
    missing_as_zero: bool = False,
    scale: Mapping[str, float] | None = None,
    secret: bytes | str | None = None,
    sheet: str | int | None = None,
    decimal_comma: bool | None = None,
    max_points: float | None = None,
) -> Gradebook:
    """Read a gradebook export (path, bytes or binary file) into a :class:`Gradebook`.

    ``layout`` forces one of :data:`LAYOUTS`; ``mapping`` names columns of generic tables (long:
    ``id``/``name``/``item``/``standard``/``score``/``max_points``/``date``/``attempt``; wide:
    ``id``/``name``, ``scores`` (a list), ``max_points`` (a number or ``{column: number}``) or
    ``max_points_row`` (the label of a max-points row)); ``standards`` maps items to standards;
    ``code_map`` and ``scale`` extend the defaults (:data:`DEFAULT_CODE_MAP`,
    :data:`DEFAULT_SCALE`); ``missing_as_zero`` counts missing-work codes as zero; ``secret``
    keys the pseudonyms (default: this machine's local secret); ``sheet`` chooses a
    spreadsheet's sheet by name or position. Files beyond :mod:`plkit.classdata.limits` are
    refused before they are parsed.
    """
    data = _load(source)
    table, sep, notes, sheets = _read_any(data, sheet)
    try:
        gb = _parse(table, sep, layout, mapping, standards, secret, dict(
            code_map=code_map, missing_as_zero=missing_as_zero, scale=scale, decimal_comma=decimal_comma,
            max_points=max_points))
    except GradebookError as exc:
        if sheet is None and sheets is not None and len(sheets.with_data) > 1:
            raise GradebookError(
                f"{str(exc).rstrip('.')}; the sheets of this workbook with data are {sheets.listing()}: {CHOOSE}."
            ) from None
        raise
    if sheet is not None and sheets is None:
        notes.append(f"This file is not a spreadsheet, so the sheet chosen ('{sheet}') was not used.")
    gb.warnings[:0] = notes
    if sheets is not None and sheet is None and len(sheets.with_data) > 1:
        gb.warnings.append(f"This workbook has several sheets with data ({sheets.listing()}); plkit read the "
                           f"first; to read another, {CHOOSE}.")
    gb.info["separator"] = sep
    return gb


def _parse(table: pd.DataFrame, sep: str, layout: str | None, mapping: Mapping[str, Any] | None,
           standards: Mapping[str, str] | None, secret: bytes | str | None, cell: dict[str, Any]) -> Gradebook:
    if len(table) < 2 or table.shape[1] < 2:
        raise GradebookError(f"This file has fewer than two rows or columns: {_EXPECTED}.")
    header, body = _header_body(table)
    decimal_comma = cell["decimal_comma"]
    rules = CellRules(
        code_map={**DEFAULT_CODE_MAP, **{k.upper(): v for k, v in (cell["code_map"] or {}).items()}},
        scale={**DEFAULT_SCALE, **(cell["scale"] or {})},
        missing_as_zero=cell["missing_as_zero"],
        decimal_comma=(sep == ";") if decimal_comma is None else decimal_comma,
    )
    if layout is None:
        layout = ("wide" if "scores" in mapping else "long") if mapping else detect_layout(header, body)
    elif layout not in LAYOUTS:
        raise GradebookError(f"Unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}.")
    options = {"mapping": dict(mapping or {}), "rules": rules, "decimal_comma": rules.decimal_comma,
               "max_points": cell["max_points"]}
    parsers = {**PARSERS, "long": parse_long, "canvas_outcomes": parse_outcomes, "wide": parse_wide}
    try:
        parsed: Parsed = parsers[layout](header, body, options)
    except KeyError as exc:
        raise GradebookError(
            f"This file does not have the columns a {layout} export has ({exc}); {_EXPECTED}."
        ) from None
    return _finish(parsed, layout, rules, standards, secret)


def _finish(parsed: Parsed, layout: str, rules: CellRules, standards: Mapping[str, str] | None,
            secret: bytes | str | None) -> Gradebook:
    warnings = list(parsed.warnings)
    parsed = _without_nobody(parsed, warnings)
    people = parsed.people
    if len(people) == 0 or len(parsed.long) == 0:
        raise GradebookError(f"This file has no student rows with scores: {_EXPECTED}.")
    key_secret = local_secret() if secret is None else (secret.encode() if isinstance(secret, str) else secret)
    people = people.assign(student=keys(people, key_secret))
    long = parsed.long
    score, status, maxp, cell_warnings = classify(long["raw"], long["max_points"].to_numpy(dtype=float), rules)
    warnings.extend(cell_warnings)
    out = pd.DataFrame(
        {
            "student": people["student"].to_numpy()[long["row"].to_numpy()],
            "item": long["item"].astype(object).to_numpy(),
            "standard": long["standard"].astype(object).to_numpy(),
            "score": score.astype(float),
            "max_points": maxp.astype(float),
            "status": status,
            "order": long["order"].to_numpy(dtype=np.int64),
        }
    )
    out["standard"] = out["standard"].where(out["standard"].notna(), None)
    if layout != "long" and layout != "canvas_outcomes":
        out, dup_warnings = merge_duplicates(out)
        warnings.extend(dup_warnings)
    out = out.reset_index(drop=True)[SCORE_COLUMNS]
    warnings.extend(score_notes(out, layout, bool(parsed.info.get("no_points_row"))))
    info = dict(parsed.info)
    info["group_columns"] = _group_columns(parsed)
    gb = Gradebook(out, layout, roster(people, parsed.columns), warnings, info)
    if standards:
        return gb.with_standards(standards)
    if out["standard"].isna().all():
        gb.warnings.append(UNLINKED_NOTE)
    return gb


def _without_nobody(parsed: Parsed, warnings: list[str]) -> Parsed:
    """Rows with no name, ID, login or email belong to no student: they are left out, and said."""
    people = parsed.people
    who = [f for f in IDENTITY_FIELDS if f != "section"]
    someone = (people[who].astype(object) != "").any(axis=1).to_numpy()
    if someone.all():
        return parsed
    position = np.cumsum(someone) - 1
    rows = parsed.long["row"].to_numpy()
    keep = someone[rows]
    long = parsed.long[keep].assign(row=position[rows[keep]])
    if (~keep).any():
        warnings.append(f"{int((~keep).sum())} score cells are on rows with no student name or ID; they were "
                        "left out.")
    columns = parsed.columns
    if columns is not None and len(columns) == len(people):
        columns = columns[someone].reset_index(drop=True)
    people = people[someone].reset_index(drop=True).assign(row=np.arange(int(someone.sum())))
    return Parsed(long.reset_index(drop=True), people, parsed.info, parsed.warnings, columns)


def _group_columns(parsed: Parsed) -> list[str]:
    """The columns students can be grouped by: the file's other columns, then its section column."""
    names = [str(c) for c in parsed.columns.columns] if parsed.columns is not None else []
    section = parsed.info.get("section_column")
    return names + ([str(section)] if section and str(section) not in names else [])
