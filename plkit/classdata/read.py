"""Read any supported gradebook export into one normalised, pseudonymous long table.

bytes -> decode (utf-8-sig, else cp1252) -> sniff the separator -> a table of strings ->
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
import warnings as _warnings
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from plkit.classdata.cells import DEFAULT_CODE_MAP, DEFAULT_SCALE, CellRules, classify
from plkit.classdata.generic import ALIASES, long_roles, parse_long, parse_outcomes, parse_wide
from plkit.classdata.layouts import _CANVAS_ITEM, _D2L_POINTS, PARSERS, Parsed, find_column
from plkit.classdata.model import LAYOUTS, SCORE_COLUMNS, Gradebook, GradebookError
from plkit.classdata.pseudonym import local_secret, normalise_key, pseudonym

__all__ = ["decode", "detect_layout", "read_gradebook", "read_table", "sniff"]

Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO

_EXPECTED = (
    "expected a gradebook export (Canvas, D2L Brightspace) or a table with a student column and "
    "score columns, saved as CSV or .xlsx"
)


def _load(source: Source) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), ""
    if hasattr(source, "read"):
        data = source.read()
        return (data.encode("utf-8") if isinstance(data, str) else bytes(data)), ""
    path = Path(source)
    if not path.is_file():
        raise GradebookError(f"There is no file at {path}; check the name and folder and try again.")
    return path.read_bytes(), path.suffix.lower()


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252.

    Line endings become ``\\n`` (bare CR files from old Mac exports exist).

    >>> decode(b"\\xef\\xbb\\xbfa;b\\r1;2\\r")
    'a;b\\n1;2\\n'
    >>> decode("Jos\\u00e9".encode("cp1252"))
    'José'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff(text: str) -> str:
    """The separator (``,`` ``;`` or tab): one counts only if every line has the same field count.

    >>> sniff("a;b;c\\n1,5;2;3\\n"), sniff("a,b\\n1,2\\n"), sniff("a\\tb\\n1\\t2\\n")
    (';', ',', '\\t')
    """
    head = text[:65536]
    truncated = len(text) > len(head)
    best: tuple[int, int, str] | None = None
    fallback: tuple[int, str] = (1, ",")
    for rank, sep in enumerate([",", ";", "\t"]):
        records = [r for r in csv.reader(io.StringIO(head), delimiter=sep) if any(c.strip() for c in r)]
        records = records[:30] if not truncated else records[: min(30, max(1, len(records) - 1))]
        counts = [len(r) for r in records]
        if not counts:
            continue
        if len(set(counts)) == 1 and counts[0] > 1:
            if best is None or counts[0] > best[0]:
                best = (counts[0], -rank, sep)
        common = max(set(counts), key=counts.count)
        if common > fallback[0]:
            fallback = (common, sep)
    return best[2] if best else fallback[1]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes, sheet: str | int | None) -> list[list[str]]:
    import openpyxl  # deferred: slow to import (about 0.2 s) and only needed for .xlsx files

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any damage means the same thing to a person
            raise GradebookError(
                f"This .xlsx file could not be opened ({type(exc).__name__}); save it again from "
                "your spreadsheet program, or as CSV."
            ) from None
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int):
            ws = book.worksheets[sheet]
        else:
            ws = book[sheet]
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        book.close()
    return rows


def _xls_rows(data: bytes, sheet: str | int | None) -> list[list[str]]:
    try:
        import xlrd  # deferred: xlrd is optional and only needed for old .xls files
    except ImportError:
        raise GradebookError(
            "This is an old Excel .xls file, which plkit cannot read here; save it as .xlsx or "
            "CSV and load that instead."
        ) from None
    book = xlrd.open_workbook(file_contents=data)
    if isinstance(sheet, str):
        ws = book.sheet_by_name(sheet)
    else:
        ws = book.sheet_by_index(sheet if isinstance(sheet, int) else 0)
    return [[_cell(v) for v in ws.row_values(i)] for i in range(ws.nrows)]


def read_table(data: bytes, *, sheet: str | int | None = None) -> tuple[pd.DataFrame, str]:
    """All cells as strings, first row first; returns the table and the separator (or "xlsx")."""
    if data.startswith(b"PK\x03\x04"):
        rows, sep = _xlsx_rows(data, sheet), "xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        rows, sep = _xls_rows(data, sheet), "xls"
    else:
        head = data[:4096]
        if b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise GradebookError(f"This file is not a text table: {_EXPECTED}.")
        text = decode(data)
        if not text or text.isspace():
            raise GradebookError(f"This file is empty: {_EXPECTED}.")
        sep = sniff(text)
        try:
            table = pd.read_csv(  # bytes: the C parser reads UTF-8 faster than a StringIO
                io.BytesIO(text.encode("utf-8", "surrogatepass")), encoding="utf-8",
                encoding_errors="surrogatepass", sep=sep, header=None, dtype=str,
                keep_default_na=False, na_filter=False, skip_blank_lines=True, engine="c",
            )
            return table.astype(object), sep
        except (pd.errors.ParserError, ValueError):
            rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep)]
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise GradebookError(f"This file has no rows: {_EXPECTED}.")
    width = max(len(r) for r in rows)
    table = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
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


def _roster(people: pd.DataFrame) -> dict[str, dict[str, Any]]:
    roster: dict[str, dict[str, Any]] = {}
    fields = [c for c in people.columns if c != "row"]
    unique = people.drop_duplicates(subset=fields)
    for values in zip(*(unique[c].to_numpy(dtype=object) for c in fields)):
        rec = dict(zip(fields, values))
        entry = roster.setdefault(
            rec["student"],
            {"name": "", "first": "", "last": "", "ids": [], "logins": [], "emails": [], "sections": []},
        )
        for f in ("name", "first", "last"):
            entry[f] = entry[f] or rec[f]
        for f, target in (("id", "ids"), ("sis_id", "ids"), ("login", "logins"), ("email", "emails")):
            v = rec[f].lstrip("#").strip() if f in ("id", "sis_id") else rec[f]
            if v and v not in entry[target]:
                entry[target].append(v)
        for s in re.split(r"\s+and\s+|\s*,\s*", rec["section"]) if rec["section"] else []:
            if s and s not in entry["sections"]:
                entry["sections"].append(s)
    return roster


def _keys(people: pd.DataFrame, secret: bytes) -> pd.Series:
    ident = people["id"].where(people["id"] != "", people["sis_id"])
    ident = ident.where(ident != "", people["login"]).where(lambda s: s != "", people["email"])
    key = np.where(ident != "", "id:" + ident.astype(str), "name:" + people["name"].astype(str))
    codes, uniques = pd.factorize(pd.Series(key, dtype=object))
    def norm(u: str) -> str:
        kind, _, value = u.partition(":")
        return kind + ":" + normalise_key(value)

    names = np.array([pseudonym(norm(u), secret) for u in uniques], dtype=object)
    return pd.Series(names[codes], index=people.index, dtype=object)


def _merge_duplicates(long: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    warnings: list[str] = []
    dup = long.duplicated(["student", "item"], keep=False)
    if not dup.any():
        return long, warnings
    part = long[dup & (long["status"] == "scored")]
    conflicts = part.groupby(["student", "item"], sort=False)["score"].nunique()
    n_students = long.loc[dup, "student"].nunique()
    warnings.append(
        f"{n_students} students appeared on more than one row (several sections); their rows were merged by ID."
    )
    if (conflicts > 1).any():
        warnings.append(
            f"{int((conflicts > 1).sum())} scores differed between a student's duplicate rows; "
            "the first scored value was kept, so check those items."
        )
    rank = long["status"].map({"scored": 0, "excused": 1, "not_assigned": 2, "missing": 3})
    long = long.assign(_rank=rank).sort_values(["student", "item", "_rank"], kind="stable")
    long = long.drop_duplicates(["student", "item"]).drop(columns="_rank").sort_index()
    return long, warnings


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
    keys the pseudonyms (default: this machine's local secret).
    """
    data, suffix = _load(source)
    table, sep = read_table(data, sheet=sheet)
    if len(table) < 2 or table.shape[1] < 2:
        raise GradebookError(f"This file has fewer than two rows or columns: {_EXPECTED}.")
    header, body = _header_body(table)
    rules = CellRules(
        code_map={**DEFAULT_CODE_MAP, **{k.upper(): v for k, v in (code_map or {}).items()}},
        scale={**DEFAULT_SCALE, **(scale or {})},
        missing_as_zero=missing_as_zero,
        decimal_comma=(sep == ";") if decimal_comma is None else decimal_comma,
    )
    if layout is None:
        if mapping:
            layout = "wide" if "scores" in mapping else "long"
        else:
            layout = detect_layout(header, body)
    elif layout not in LAYOUTS:
        raise GradebookError(f"Unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}.")
    options = {
        "mapping": dict(mapping or {}), "rules": rules, "decimal_comma": rules.decimal_comma, "max_points": max_points,
    }
    parsers = {**PARSERS, "long": parse_long, "canvas_outcomes": parse_outcomes, "wide": parse_wide}
    try:
        parsed: Parsed = parsers[layout](header, body, options)
    except KeyError as exc:
        raise GradebookError(
            f"This file does not have the columns a {layout} export has ({exc}); {_EXPECTED}."
        ) from None
    gb = _finish(parsed, layout, rules, standards, secret)
    gb.info["separator"] = sep
    return gb


def _finish(parsed: Parsed, layout: str, rules: CellRules, standards: Mapping[str, str] | None,
            secret: bytes | str | None) -> Gradebook:
    warnings = list(parsed.warnings)
    people = parsed.people
    if len(people) == 0 or len(parsed.long) == 0:
        raise GradebookError(f"This file has no student rows with scores: {_EXPECTED}.")
    key_secret = local_secret() if secret is None else (secret.encode() if isinstance(secret, str) else secret)
    people = people.assign(student=_keys(people, key_secret))
    long = parsed.long
    score, status, maxp, cell_warnings = classify(long["raw"], long["max_points"].to_numpy(dtype=float), rules)
    warnings.extend(cell_warnings)
    standard = long["standard"].astype(object)
    if standards:
        mapped = long["item"].map(standards).fillna(long["source"].map(standards))
        standard = mapped.where(mapped.notna(), standard)
    out = pd.DataFrame(
        {
            "student": people["student"].to_numpy()[long["row"].to_numpy()],
            "item": long["item"].astype(object).to_numpy(),
            "standard": standard.astype(object).to_numpy(),
            "score": score.astype(float),
            "max_points": maxp.astype(float),
            "status": status,
            "order": long["order"].to_numpy(dtype=np.int64),
        }
    )
    out["standard"] = out["standard"].where(out["standard"].notna(), None)
    if layout != "long" and layout != "canvas_outcomes":
        out, dup_warnings = _merge_duplicates(out)
        warnings.extend(dup_warnings)
    scored = out["status"] == "scored"
    over = scored & (out["max_points"] > 0) & (out["score"] > out["max_points"])
    if over.any():
        warnings.append(
            f"{int(over.sum())} scores are above the points possible (extra credit); they are kept and flagged."
        )
    zero = out["max_points"] == 0
    if zero.any():
        items = out.loc[zero, "item"].nunique()
        warnings.append(
            f"{items} items have 0 points possible, so they give no percentage and are left out of mastery."
        )
    if out["standard"].isna().all():
        warnings.append("No item is linked to a standard yet; map items to standards before computing mastery.")
    out = out.reset_index(drop=True)[SCORE_COLUMNS]
    return Gradebook(out, layout, _roster(people), warnings, dict(parsed.info))
