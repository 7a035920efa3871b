"""Tidy long tables (including Canvas's outcome-results report) and wide tables with a mapping.

A long table has one row per score: student, item or standard, score, and optionally max points,
a date, an attempt or an order column. A wide table has one row per student and one column per
assessment; ``mapping`` says which columns are which.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.cells import CellRules, classify_value, read_max
from plkit.classdata.layouts import (
    IDENTITY_FIELDS,
    Parsed,
    _people,
    _unique_titles,
    find_column,
    identity_rows,
    other_columns,
    per_value,
    wide_rows,
)
from plkit.classdata.model import GradebookError

__all__ = ["ALIASES", "long_roles", "parse_long", "parse_outcomes", "parse_wide", "guess_wide"]

#: Column names recognised for each role of a long table (lower case, single spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("student id", "student number", "student_id", "id", "user id", "orgdefinedid"),
    "sis_id": ("student sis id", "sis id", "sis user id"),
    "name": ("student name", "student", "name", "learner", "full name", "student_name"),
    "first": ("first name", "firstname", "given name", "first"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "login": ("login", "username", "user name", "sis login id", "login id"),
    "email": ("email", "email address", "e-mail"),
    "section": ("section", "section name", "class", "period", "sections"),
    "item": ("item", "assessment", "assignment", "assignment title", "task", "assessment name",
             "activity", "title", "question", "assignment name"),
    "standard": ("standard", "outcome", "learning outcome name", "skill", "learning target",
                 "target", "objective", "competency", "standard code", "outcome name"),
    "score": ("score", "outcome score", "points", "points earned", "mark", "grade", "value",
              "result", "score earned"),
    "max_points": ("max", "max_points", "max points", "points possible", "out of", "possible",
                   "maximum", "max score", "total points"),
    "date": ("date", "submission date", "submitted", "submitted at", "timestamp",
             "date submitted", "assessed on", "date assessed"),
    "attempt": ("attempt", "attempt number"),
    "order": ("order", "sequence", "position"),
}  # fmt: skip


def long_roles(columns: list[str], mapping: dict[str, Any] | None = None) -> dict[str, str | None]:
    """Which column plays each role, from ``mapping`` first and the aliases second."""
    mapping = dict(mapping or {})
    if "student" in mapping and "id" not in mapping:
        mapping["id"] = mapping.pop("student")
    roles: dict[str, str | None] = {}
    for role, aliases in ALIASES.items():
        given = mapping.get(role)
        if given is not None:
            if given not in columns:
                raise GradebookError(
                    f"The mapping names a column {given!r} for {role} that the file does not "
                    "have; choose one of the file's column names."
                )
            roles[role] = given
        else:
            roles[role] = find_column(columns, *aliases)
    used: set[str] = set()
    for role in ALIASES:  # one column plays one role
        col = roles[role]
        if col in used:
            roles[role] = None
        elif col is not None:
            used.add(col)
    return roles


def _order(body: pd.DataFrame, roles: dict[str, str | None]) -> tuple[np.ndarray, str, list[str]]:
    n = len(body)
    warnings: list[str] = []
    keys: list[np.ndarray] = [np.arange(n)]
    source = "row order"
    if roles.get("attempt") or roles.get("order"):
        col = roles.get("attempt") or roles.get("order")
        num = per_value(body[col].to_numpy(dtype=object), _number_or_inf)
        keys.insert(0, num.astype(float))
        source = "order column"
    if roles.get("date"):
        codes, uniques = pd.factorize(per_value(body[roles["date"]].to_numpy(dtype=object), lambda v: str(v).strip()))
        text = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        dates = pd.to_datetime(text.replace("", None), errors="coerce", format="ISO8601", utc=True)
        if dates.isna().sum() > (text == "").sum():
            dates = pd.to_datetime(text.replace("", None), errors="coerce", format="mixed", utc=True)
        stamp_u = dates.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
        stamp_u[dates.isna().to_numpy()] = np.inf
        stamp = stamp_u[codes]
        keys.insert(0, stamp)
        source = "dates" if source == "row order" else "dates and attempts"
        bad = int(np.isinf(stamp).sum())
        if bad:
            warnings.append(f"{bad} rows had no readable date and were placed after the dated ones.")
    order = np.empty(n, dtype=np.int64)
    order[_stable_order(keys[:-1], n)] = np.arange(n)
    return order, source, warnings


def _stable_order(keys: list[np.ndarray], n: int) -> np.ndarray:
    """Row positions sorted by ``keys`` (most significant first), ties in row order.

    Each key becomes its rank among its distinct values, the ranks one integer, and a stable
    sort finishes (a radix sort when the ranks are small, as attempts and dates usually are).
    """
    combined = np.zeros(n, dtype=np.int64)
    span = 1
    for key in keys:
        codes, uniques = pd.factorize(key, sort=True)
        if span * (len(uniques) + 1) >= 2**62:
            return np.lexsort([np.arange(n), *keys[::-1]])
        codes = np.where(codes < 0, len(uniques), codes)  # missing values sort last
        combined = combined * (len(uniques) + 1) + codes
        span *= len(uniques) + 1
    small = combined.astype(np.uint16) if span <= 2**16 else combined
    return np.argsort(small, kind="stable")


def _strip_or_none(value: object) -> str | None:
    text = str(value).strip()
    return text or None


def _number_or_inf(value: object) -> float:
    text = str(value).strip()
    try:
        number = float(text) if text else np.inf
    except ValueError:
        return np.inf
    return number if not np.isnan(number) else np.inf


def parse_long(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """A tidy long table: one row per score."""
    roles = long_roles(list(body.columns), options.get("mapping"))
    if not (roles["id"] or roles["name"] or roles["first"] or roles["last"]):
        raise GradebookError(
            "This table has no student column (such as 'student' or 'student id'); name one in "
            "the column mapping."
        )
    if not roles["score"] or not (roles["item"] or roles["standard"]):
        raise GradebookError(
            "A long table needs a score column and an assessment or standard column; name them "
            "in the column mapping."
        )
    # One people row per distinct identity (a long table repeats it on every score row).
    row, first = identity_rows(body, [c for f in IDENTITY_FIELDS if (c := roles.get(f))])
    people = _people(body.iloc[first].reset_index(drop=True), roles)
    order, source, warnings = _order(body, roles)
    standard = (
        pd.Series(per_value(body[roles["standard"]].to_numpy(dtype=object), _strip_or_none), dtype=object)
        if roles["standard"]
        else pd.Series([None] * len(body), dtype=object)
    )
    if roles["item"]:
        item = pd.Series(per_value(body[roles["item"]].to_numpy(dtype=object), lambda v: str(v).strip()), dtype=object)
    else:
        item = standard.fillna("").astype(str) + " #" + pd.Series(order + 1).astype(str)
    if roles["max_points"]:
        comma = options.get("decimal_comma", False)
        max_points = per_value(body[roles["max_points"]].to_numpy(dtype=object), lambda v: read_max(v, comma))
        max_points = max_points.astype(float)
    else:
        given = options.get("max_points")
        max_points = np.full(len(body), np.nan if given is None else float(given))
    long = pd.DataFrame(
        {
            "row": row,
            "item": item.to_numpy(dtype=object),
            "source": item.to_numpy(dtype=object),
            "standard": standard.to_numpy(dtype=object),
            "raw": body[roles["score"]].astype(object).fillna("").to_numpy(),
            "max_points": max_points,
            "order": order,
        }
    )
    warnings.append(f"The order of evidence comes from the {source}.")
    info = {"order_source": source, "roles": roles, "section_column": roles.get("section")}
    return Parsed(long, people, info, warnings, other_columns(body, roles.values(), first))


def parse_outcomes(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """Canvas outcome-results report: dates and attempts give the order of evidence."""
    mapping = {
        "id": find_column(body.columns, "student id"),
        "sis_id": find_column(body.columns, "student sis id"),
        "name": find_column(body.columns, "student name"),
        "item": find_column(body.columns, "assignment title"),
        "standard": find_column(body.columns, "learning outcome name"),
        "score": find_column(body.columns, "outcome score"),
        "date": find_column(body.columns, "submission date"),
        "attempt": find_column(body.columns, "attempt"),
        "section": find_column(body.columns, "section name"),
    }
    mapping = {k: v for k, v in mapping.items() if v is not None}
    opts = dict(options, mapping={**mapping, **(options.get("mapping") or {})})
    return parse_long(header, body, opts)


_MAX_LABELS = {"points possible", "max", "max points", "maximum", "out of", "possible", "total possible"}


def guess_wide(body: pd.DataFrame, rules: CellRules) -> dict[str, Any]:
    """A column mapping guessed for a wide table: identity by name, scores by content."""
    ident = {
        role: find_column(body.columns, *ALIASES[role])
        for role in ("id", "sis_id", "name", "first", "last", "login", "email", "section")
    }
    used = {c for c in ident.values() if c}
    scores = []
    for col in body.columns:
        if col in used:
            continue
        values = body[col].astype(object).fillna("").str.strip()
        values = values[values != ""].unique()[:50]
        if len(values) == 0:
            continue
        good = sum(classify_value(v, rules)[3] != "unknown" for v in values)
        if good >= 0.6 * len(values):
            scores.append(col)
    return {**{k: v for k, v in ident.items() if v}, "scores": scores}


def _wide_mapping(body: pd.DataFrame, options: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The mapping given, completed by a guess when it names no score columns."""
    mapping = dict(options.get("mapping") or {})
    if "scores" not in mapping:
        guessed = guess_wide(body, options["rules"])
        mapping = {**guessed, **mapping}
        warnings.append(
            "The columns were guessed (scores: " + ", ".join(map(str, guessed["scores"][:8]))
            + ("..." if len(guessed["scores"]) > 8 else "") + "); confirm them in the column mapping."
        )
    if "student" in mapping and "id" not in mapping and "name" not in mapping:
        mapping["id"] = mapping.pop("student")
    return mapping


def _wide_roles(body: pd.DataFrame, mapping: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The identity columns the mapping names (several name columns are joined into one)."""
    roles = {k: mapping.get(k) for k in ("id", "sis_id", "name", "first", "last", "login", "email", "section")}
    if isinstance(roles["name"], (list, tuple)):
        cols = list(roles["name"])
        body = body.assign(_name=body[cols].astype(object).fillna("").agg(" ".join, axis=1))
        roles["name"] = "_name"
    for role, col in roles.items():
        if col is not None and col not in body.columns:
            raise GradebookError(
                f"The mapping names a column {col!r} for {role} that the file does not have; "
                "choose one of the file's column names."
            )
    if not any(roles[r] for r in ("id", "name", "first", "last", "login", "email")):
        raise GradebookError(
            "This table has no student column (such as 'Student' or 'Name'); say which column "
            "holds the students in the column mapping."
        )
    return body, roles


def _wide_scores(body: pd.DataFrame, mapping: dict[str, Any]) -> list[Any]:
    score_cols = list(mapping.get("scores") or [])
    missing = [c for c in score_cols if c not in body.columns]
    if missing or not score_cols:
        raise GradebookError(
            "The mapping lists no score columns that the file has; choose the columns that "
            "hold scores."
        )
    return score_cols


def _wide_maxes(body: pd.DataFrame, mapping: dict[str, Any], options: dict[str, Any], roles: dict[str, Any],
                score_cols: list[Any], warnings: list[str]) -> tuple[list[float], pd.Series]:
    """Each score column's points possible, and which rows are a max-points row (not students)."""
    first_ident = next(roles[r] for r in ("name", "id", "last", "first", "login", "email") if roles[r])
    label = str(mapping.get("max_points_row", "")).strip().lower()
    ident_low = body[first_ident].astype(object).fillna("").str.strip().str.lower()
    is_max_row = (ident_low == label) if label else ident_low.isin(_MAX_LABELS)
    given = mapping.get("max_points", options.get("max_points"))
    maxes: list[float]
    if is_max_row.any() and (label or given is None):
        row = body[is_max_row].iloc[0]
        maxes = [read_max(row[c], options.get("decimal_comma", False)) for c in score_cols]  # 0 stays 0
    elif isinstance(given, dict):
        maxes = [float(given.get(c, np.nan)) for c in score_cols]
    elif given is not None:
        maxes = [float(given)] * len(score_cols)
    else:
        maxes = [np.nan] * len(score_cols)
        warnings.append("No points possible were given, so scores from 0 to 4 are read as already on the "
                        "mastery scale.")
    return maxes, is_max_row


def parse_wide(header: list[str], body: pd.DataFrame, options: dict[str, Any]) -> Parsed:
    """One row per student, one column per assessment, as the mapping (or a guess) says."""
    warnings: list[str] = []
    mapping = _wide_mapping(body, options, warnings)
    body, roles = _wide_roles(body, mapping)
    score_cols = _wide_scores(body, mapping)
    maxes, is_max_row = _wide_maxes(body, mapping, options, roles, score_cols, warnings)
    body = body[~is_max_row.to_numpy()].reset_index(drop=True)
    people = _people(body, roles)
    titles = [str(c).strip() for c in score_cols]
    long = wide_rows(body, score_cols, _unique_titles(titles, score_cols), maxes)
    warnings.append("The column order is used as the order of evidence.")
    given = mapping.get("name")
    names = list(given) if isinstance(given, (list, tuple)) else []
    extra = other_columns(body, [*roles.values(), *score_cols, *names, "_name"])
    info = {"order_source": "column order", "mapping": mapping, "section_column": roles.get("section")}
    return Parsed(long, people, info, warnings, extra)
