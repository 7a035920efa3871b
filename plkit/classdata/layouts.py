"""Per-platform parsers: each turns a table of strings into raw long rows plus identity rows.

Every parser returns a :class:`Parsed`; :func:`plkit.classdata.read_gradebook` then reads the
cells, pseudonymises the students and builds the normalised table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from plkit.classdata import limits
from plkit.classdata.cells import parse_number, unwrap_formula
from plkit.classdata.model import GradebookError

__all__ = [
    "Parsed", "PARSERS", "IDENTITY_FIELDS", "factorize", "find_column", "identity_rows", "other_columns", "per_value",
    "sources", "wide_rows",
]

#: Identity fields every parser fills (strings; blank when the file has none).
IDENTITY_FIELDS = ["id", "sis_id", "name", "first", "last", "login", "email", "section"]


@dataclass
class Parsed:
    """Raw long rows (``key``-less: identity is in ``people``, joined by ``row``)."""

    long: pd.DataFrame  # row, item, source, standard, raw, max_points, order
    people: pd.DataFrame  # row + IDENTITY_FIELDS
    info: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The file's other columns (a program, a flag, a note), one row per ``people`` row: kept in
    #: memory for grouping students (``--by``), never written.
    columns: pd.DataFrame | None = None


def other_columns(body: pd.DataFrame, used: Iterable[Any], people_rows: Any = None) -> pd.DataFrame:
    """The columns of ``body`` no role used and not entirely blank, cleaned, for ``people_rows``."""
    taken = {c for c in used if c is not None}
    rows = body if people_rows is None else body.iloc[people_rows]
    keep = [c for c in body.columns if c not in taken and str(c).strip()
            and (rows[c].astype(object).fillna("").astype(str).str.strip() != "").any()]
    out = pd.DataFrame({str(c): per_value(rows[c].to_numpy(dtype=object), _clean) for c in keep})
    return out.reset_index(drop=True)


def _low(name: str) -> str:
    return " ".join(str(name).replace("\ufeff", "").strip().lower().split())


def find_column(columns: Iterable[str], *aliases: str) -> str | None:
    """The first column whose normalised name is one of ``aliases``."""
    lookup: dict[str, str] = {}
    for c in columns:
        lookup.setdefault(_low(c), c)
    for alias in aliases:
        if alias in lookup:
            return lookup[alias]
    return None


def factorize(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` (codes, -1 for missing, and distinct values) that reads runs cheaply.

    Long tables repeat a value on consecutive rows (a student's scores, a standard's attempts):
    only the first row of each run is hashed, the rest is one vectorised comparison.

    >>> factorize(np.array(["a", "a", "b", "b", "a"], dtype=object))[0].tolist()
    [0, 0, 1, 1, 0]
    """
    arr = np.asarray(values, dtype=object)
    n = len(arr)
    if n > 1:
        change = np.empty(n, dtype=bool)
        change[0] = True
        np.not_equal(arr[1:], arr[:-1], out=change[1:])
        heads = np.flatnonzero(change)
        if len(heads) <= n // 3:
            codes, uniques = pd.factorize(arr[heads], sort=False)
            return np.repeat(codes, np.diff(np.append(heads, n))), np.asarray(uniques, dtype=object)
    codes, uniques = pd.factorize(arr, sort=False)
    return codes, np.asarray(uniques, dtype=object)


def per_value(values: Any, fn: Any) -> np.ndarray:
    """``fn`` applied once per distinct value of a column (long tables repeat each value often).

    Missing values are read as ``""``. Returns an object array aligned with ``values``.
    """
    codes, uniques = factorize(values)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, u in enumerate(uniques):
        mapped[i] = fn(u)
    mapped[-1] = fn("")  # missing values have code -1
    return cast(np.ndarray, mapped[codes])


def identity_rows(body: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's identity as a code over ``columns``, and the first row of each identity.

    A long table repeats one student's columns on every score row; reading identities once per
    distinct combination keeps the people table (and the roster) student-sized.
    """
    n = len(body)
    combined = np.zeros(n, dtype=np.int64)
    for col in columns:
        codes, uniques = factorize(body[col].to_numpy(dtype=object))
        combined = combined * (len(uniques) + 1) + (codes + 1)
        combined, _ = pd.factorize(combined, sort=False)
        combined = combined.astype(np.int64, copy=False)
    first = np.flatnonzero(~pd.Series(combined).duplicated().to_numpy()) if n else np.array([], dtype=np.int64)
    return combined, first


def _clean(value: Any) -> str:
    return unwrap_formula(str(value).strip()).strip()


def _last_first(name: str) -> tuple[str, str] | None:
    if "," not in name:
        return None
    last, first = name.split(",", 1)
    return last.strip(), first.strip()


def _people(body: pd.DataFrame, cols: dict[str, str | None]) -> pd.DataFrame:
    out = pd.DataFrame({"row": np.arange(len(body))})
    for name in IDENTITY_FIELDS:
        col = cols.get(name)
        if col is None:
            out[name] = ""
        else:
            out[name] = per_value(body[col].to_numpy(dtype=object), _clean)
    out = out.astype({name: object for name in IDENTITY_FIELDS})
    # "Last, First" names give first and last names when the file has no separate columns.
    if cols.get("first") is None and cols.get("last") is None:
        split = per_value(out["name"].to_numpy(dtype=object), _last_first)
        has = np.array([x is not None for x in split], dtype=bool)
        if has.any():
            out.loc[has, "last"] = [x[0] for x in split[has]]
            out.loc[has, "first"] = [x[1] for x in split[has]]
    else:
        missing = out["name"] == ""
        joined = (out["last"] + ", " + out["first"]).str.strip(", ")
        out.loc[missing, "name"] = joined[missing]
    return out


def wide_rows(
    body: pd.DataFrame,
    item_cols: list[str],
    items: list[str],
    max_points: list[float],
    standards: list[Any] | None = None,
) -> pd.DataFrame:
    """Melt a students x items block into long rows (vectorised), within :data:`plkit.classdata.limits.MAX_SCORES`."""
    n, k = len(body), len(item_cols)
    limits.check_scores(n * k)
    raw = body[item_cols].astype(object).fillna("").to_numpy().ravel() if k else np.array([])
    return pd.DataFrame(
        {
            "row": np.repeat(np.arange(n), k),
            "item": np.tile(np.array(items, dtype=object), n),
            "source": np.tile(np.array(item_cols, dtype=object), n),
            "standard": np.tile(np.array(standards or [None] * k, dtype=object), n),
            "raw": raw,
            "max_points": np.tile(np.array(max_points, dtype=float), n),
            "order": np.tile(np.arange(k), n),
        }
    )


def _unique_titles(titles: list[str], headers: list[str]) -> list[str]:
    counts = pd.Series(titles).value_counts()
    return [t if counts[t] == 1 else h for t, h in zip(titles, headers)]


# --- Canvas "Export Entire Gradebook" ---------------------------------------------------------

_CANVAS_IDENTITY = {
    "student", "id", "sis user id", "sis login id", "integration id", "root account", "section",
    "lastname", "firstname", "last name", "first name",
}  # fmt: skip
_COMPUTED = re.compile(
    r"^(?:.* )?(?:unposted )?(?:current|final|override) (?:points|score|grade)(?: \(.*\))?$", re.I
)
_CANVAS_ITEM = re.compile(r"^(?P<title>.*\S)\s*\((?P<id>\d+)\)$")
_TEST_STUDENTS = {"student, test", "test student"}


def parse_canvas_gradebook(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """Canvas's gradebook CSV: points-possible row, posting rows, computed totals, test student."""
    first = body.columns[0]
    firstcell = body[first].astype(object).fillna("")
    stripped = firstcell.str.strip().str.lower()
    pp_mask = (stripped == "points possible") | (
        firstcell.str.startswith("    ") & (stripped != "")
    )
    id_col = find_column(body.columns, "id")
    id_blank = body[id_col].astype(object).fillna("").str.strip() == "" if id_col else stripped == ""
    warnings: list[str] = []
    pp_row = body[pp_mask].iloc[0] if pp_mask.any() else None
    nonstudent = pp_mask | ((stripped == "") & id_blank)
    test = stripped.map(lambda s: unwrap_formula(s) in _TEST_STUDENTS)
    if test.any():
        warnings.append("Canvas's test student (\"Student, Test\") was left out.")
    students = body[~nonstudent & ~test].reset_index(drop=True)
    item_cols, titles, maxes, computed, custom = [], [], [], 0, []
    for col in body.columns:
        low = _low(col)
        if low in _CANVAS_IDENTITY:
            continue
        pp = "" if pp_row is None else str(pp_row[col]).strip()
        if _COMPUTED.match(low) or re.fullmatch(r"\(.*\)", pp):
            computed += 1
            continue
        match = _CANVAS_ITEM.match(str(col).strip())
        number = parse_number(pp, options.get("decimal_comma", False)) if pp else None
        if match is None and number is None:
            custom.append(col)  # a custom column (notes, tags, a program): not a score
            continue
        item_cols.append(col)
        titles.append(match.group("title") if match else str(col).strip())
        maxes.append(np.inf if number is None else number)  # points are unknown, not on the scale
    if not item_cols:
        raise GradebookError(
            "This Canvas export has no assignment columns (named like 'Lab 01 (150834)'); "
            "export the entire gradebook again with assignments showing."
        )
    cols = {
        "id": id_col,
        "sis_id": find_column(body.columns, "sis user id"),
        "name": find_column(body.columns, "student"),
        "first": find_column(body.columns, "firstname", "first name"),
        "last": find_column(body.columns, "lastname", "last name"),
        "login": find_column(body.columns, "sis login id"),
        "section": find_column(body.columns, "section"),
    }
    people = _people(students, cols)
    names = _unique_titles(titles, item_cols)
    long = wide_rows(students, item_cols, names, maxes)
    warnings.append(
        "Canvas gradebook exports carry no dates, so the column order is used as the order of "
        "evidence."
    )
    info = {"order_source": "column order", "computed_columns_skipped": computed, "no_points_row": pp_row is None,
            "sources": sources(names, item_cols), "section_column": cols["section"]}
    return Parsed(long, people, info, warnings, other_columns(students, [c for c in body.columns if c not in custom]))


def sources(items: list[str], headers: list[Any]) -> dict[str, str]:
    """Each item's column header, where it differs from the item's name (``Quiz 1 (1001)``)."""
    return {i: str(h).strip() for i, h in zip(items, headers) if str(h).strip() != i}


# --- Canvas Learning Mastery Gradebook --------------------------------------------------------


def parse_canvas_mastery(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """One row per student; per outcome a ``... result`` and a ``... mastery points`` column."""
    result_cols = [c for c in body.columns if _low(c).endswith(" result")]
    paths = [str(c).strip()[: -len(" result")].strip() for c in result_cols]
    titles = [p.split(" > ")[-1].strip() for p in paths]
    names = _unique_titles(titles, paths)
    mastery_points: dict[str, float] = {}
    for col, name in zip(result_cols, names):
        base = str(col).strip()[: -len(" result")].strip()
        mp_col = find_column(body.columns, _low(base + " mastery points"))
        if mp_col is not None:
            values = [parse_number(str(v), options.get("decimal_comma", False)) for v in body[mp_col]]
            values = [v for v in values if v is not None]
            if values:
                mastery_points[name] = float(pd.Series(values).mode().iloc[0])
    cols = {
        "id": find_column(body.columns, "student id"),
        "sis_id": find_column(body.columns, "student sis id"),
        "name": find_column(body.columns, "student name"),
    }
    people = _people(body, cols)
    long = wide_rows(body, result_cols, names, [np.nan] * len(names), names)
    warnings = [
        "A Learning Mastery export holds one rolled-up result per outcome, with no dates; "
        "use the outcome-results report for evidence over time."
    ]
    used = [*result_cols, *cols.values(), *(c for c in body.columns if _low(c).endswith(" mastery points"))]
    info = {"order_source": "none", "mastery_points": mastery_points, "sources": sources(names, result_cols)}
    return Parsed(long, people, info, warnings, other_columns(body, used))


# --- D2L Brightspace ------------------------------------------------------------------------

_D2L_POINTS = re.compile(r"^(?P<item>.+?)\s+Points Grade\s*<Numeric MaxPoints:(?P<max>[\d.,]+)[^>]*>$", re.I)
_D2L_SYMBOL = re.compile(r"^(?P<item>.+?)\s+Scheme Symbol$", re.I)
_D2L_FINAL = re.compile(r"(calculated|adjusted) final grade|final (calculated|adjusted) grade|subtotal", re.I)


def parse_d2l(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """D2L grades export: ``# ids``, Points Grade columns with MaxPoints, End-of-Line Indicator."""
    item_cols, titles, maxes, seen = [], [], [], set()
    for col in body.columns:
        name = str(col).strip()
        if _D2L_FINAL.search(name):
            continue
        match = _D2L_POINTS.match(name)
        if match:
            item_cols.append(col)
            titles.append(match.group("item").strip())
            number = parse_number(match.group("max"), False)
            maxes.append(np.inf if number is None else number)  # 0 stays 0: no percentage
            seen.add(match.group("item").strip())
    for col in body.columns:  # scheme symbols only for items that have no points column
        match = _D2L_SYMBOL.match(str(col).strip())
        if match and match.group("item").strip() not in seen and not _D2L_FINAL.search(str(col)):
            item_cols.append(col)
            titles.append(match.group("item").strip())
            maxes.append(np.inf)  # a symbol's number has no known maximum; percents and letters do
    if not item_cols:
        raise GradebookError(
            "This D2L export has no grade item columns (named like 'Quiz 1 Points Grade "
            "<Numeric MaxPoints:10>'); export again with points grades selected."
        )
    cols = {
        "id": find_column(body.columns, "orgdefinedid", "org defined id"),
        "name": None,
        "first": find_column(body.columns, "first name"),
        "last": find_column(body.columns, "last name"),
        "login": find_column(body.columns, "username"),
        "email": find_column(body.columns, "email"),
        "section": find_column(body.columns, "sections", "section"),
    }
    people = _people(body, cols)
    keep = (people[["id", "login", "first", "last"]] != "").any(axis=1).to_numpy()
    body, people = body[keep].reset_index(drop=True), people[keep].reset_index(drop=True)
    people["row"] = np.arange(len(people))
    long = wide_rows(body, item_cols, titles, maxes)
    warnings = ["D2L exports carry no dates, so the column order is used as the order of evidence."]
    used = [*item_cols, *cols.values(), *(c for c in body.columns if _D2L_SYMBOL.match(str(c).strip())
                                          or _D2L_FINAL.search(str(c)) or _low(c) == "end-of-line indicator")]
    info = {"order_source": "column order", "sources": sources(titles, item_cols), "section_column": cols["section"]}
    return Parsed(long, people, info, warnings, other_columns(body, used))


PARSERS: dict[str, Any] = {
    "canvas_gradebook": parse_canvas_gradebook,
    "canvas_mastery": parse_canvas_mastery,
    "d2l": parse_d2l,
}
