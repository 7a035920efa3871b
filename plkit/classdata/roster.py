"""Who the students are, in memory only: pseudonyms from identities, the roster behind them, and
the merging of one student's rows across sections.

The roster maps each pseudonym to the person's name, ids, logins, emails and sections, and to the
file's other columns for that student (``columns``: a program, a flag), which ``--by`` groups on.
plkit never writes it anywhere.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.pseudonym import normalise_key, pseudonym

__all__ = ["keys", "merge_duplicates", "roster"]


def roster(people: pd.DataFrame, columns: pd.DataFrame | None = None) -> dict[str, dict[str, Any]]:
    """Pseudonym -> identity (and other columns), from the parser's people rows keyed by ``student``."""
    out: dict[str, dict[str, Any]] = {}
    fields = [c for c in people.columns if c != "row"]
    unique = people.drop_duplicates(subset=fields)
    for values in zip(*(unique[c].to_numpy(dtype=object) for c in fields)):
        rec = dict(zip(fields, values))
        entry = out.setdefault(
            rec["student"],
            {"name": "", "first": "", "last": "", "ids": [], "logins": [], "emails": [], "sections": [],
             "columns": {}},
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
    if columns is not None and len(columns.columns) and len(columns) == len(people):
        _add_columns(out, people["student"], columns)
    return out


def _add_columns(out: dict[str, dict[str, Any]], students: pd.Series, columns: pd.DataFrame) -> None:
    """Each student's first non-blank value of each other column."""
    frame = columns.astype(object).where(columns != "").assign(_student=students.to_numpy())
    first = frame.groupby("_student", sort=False).first()
    for key, row in zip(first.index, first.itertuples(index=False)):
        out[key]["columns"] = {c: ("" if pd.isna(v) else str(v)) for c, v in zip(first.columns, row)}


def keys(people: pd.DataFrame, secret: bytes) -> pd.Series:
    """Each people row's pseudonym, keyed by its first identifier (id, SIS id, login, email, name)."""
    ident = people["id"].where(people["id"] != "", people["sis_id"])
    ident = ident.where(ident != "", people["login"]).where(lambda s: s != "", people["email"])
    key = np.where(ident != "", "id:" + ident.astype(str), "name:" + people["name"].astype(str))
    codes, uniques = pd.factorize(pd.Series(key, dtype=object))

    def norm(u: str) -> str:
        kind, _, value = u.partition(":")
        return kind + ":" + normalise_key(value)

    names = np.array([pseudonym(norm(u), secret) for u in uniques], dtype=object)
    return pd.Series(names[codes], index=people.index, dtype=object)


def merge_duplicates(long: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per student and item: a student listed under several sections is merged by ID."""
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
