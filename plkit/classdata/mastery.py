"""Mastery over a whole long table at once: every student x standard, vectorised with numpy.

The scores of each (student, standard) are sorted oldest first and laid out contiguously, so each
method is a handful of ``ufunc.reduceat`` calls over the whole table; no Python loop per group.
The results equal :func:`plkit.classdata.rollup` on each group (a test checks this).

>>> import pandas as pd
>>> t = pd.DataFrame({"student": ["a"] * 3, "item": ["q1", "q2", "q3"], "standard": "RL.1",
...     "score": [2.0, 3.0, 4.0], "max_points": 4.0, "status": "scored", "order": [0, 1, 2]})
>>> row = mastery(t, "decaying_average", weight=75).iloc[0]
>>> float(row["rollup"]), int(row["evidence"]), row["status"]
(3.69, 3, 'ready')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.model import SCORE_COLUMNS, Gradebook, GradebookError
from plkit.classdata.rollup import check_params

__all__ = ["MASTERY_COLUMNS", "evidence_table", "mastery", "mastery_matrix", "round_array", "long_table"]

#: Columns of the table :func:`mastery` returns.
MASTERY_COLUMNS = ["student", "standard", "rollup", "evidence", "status"]


def long_table(data: Gradebook | pd.DataFrame) -> pd.DataFrame:
    """The long table of a :class:`Gradebook`, or a DataFrame checked to have its columns."""
    table = data.scores if isinstance(data, Gradebook) else data
    missing = [c for c in ("student", "standard", "score", "status", "order") if c not in table.columns]
    if missing:
        raise GradebookError(
            f"The score table has no {missing[0]!r} column; pass a Gradebook or a long table with "
            f"the columns {', '.join(SCORE_COLUMNS)}."
        )
    return table


def round_array(values: np.ndarray, rounding: str | None = "half_up") -> np.ndarray:
    """Vectorised twin of :func:`plkit.classdata.rollup.round_score` (2 decimals).

    >>> round_array(np.array([2.675, 2.665, 3.3000000000000003])).tolist()
    [2.68, 2.67, 3.3]
    """
    if rounding is None:
        return values.astype(float)
    cents = np.round(np.round(values.astype(float), 7) * 100.0, 5)
    if rounding == "half_up":
        whole = np.sign(cents) * np.floor(np.abs(cents) + 0.5)
    elif rounding == "half_even":
        whole = np.rint(cents)
    else:
        raise GradebookError(f"Unknown rounding {rounding!r}; use 'half_up', 'half_even' or None.")
    return whole / 100.0


@dataclass
class _Layout:
    student: np.ndarray
    standard: np.ndarray
    values: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    group: np.ndarray
    pos: np.ndarray


def evidence_table(data: Gradebook | pd.DataFrame, scale: float | None = 4.0) -> pd.DataFrame:
    """Scored evidence linked to a standard, scaled ``p/P*S`` onto a mastery scale of max ``S``.

    Rows with no points possible (NaN) are taken as already on the scale; rows with 0 points
    possible give no percentage and are dropped. Sorted by student, standard and order.
    """
    t = long_table(data)
    keep = (t["status"] == "scored") & t["standard"].notna() & np.isfinite(t["score"].astype(float))
    t = t.loc[keep, ["student", "standard", "score", "max_points", "order"]]
    score = t["score"].to_numpy(dtype=float)
    if scale is not None and "max_points" in t:
        mp = t["max_points"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(np.isfinite(mp) & (mp > 0), score / mp * float(scale), score)
        good = ~(np.isfinite(mp) & (mp == 0))
        t, score = t[good], score[good]
    t = t.assign(value=score)
    return t.sort_values(["student", "standard", "order"], kind="stable").reset_index(drop=True)


def _layout(ev: pd.DataFrame) -> _Layout:
    st = ev["student"].to_numpy(dtype=object)
    sd = ev["standard"].to_numpy(dtype=object)
    n = len(ev)
    if n == 0:
        empty = np.array([], dtype=np.int64)
        return _Layout(st, sd, np.array([], float), empty, empty, empty, empty)
    change = np.ones(n, dtype=bool)
    change[1:] = (st[1:] != st[:-1]) | (sd[1:] != sd[:-1])
    starts = np.flatnonzero(change)
    counts = np.diff(np.append(starts, n))
    group = np.repeat(np.arange(len(starts)), counts)
    pos = np.arange(n) - starts[group]
    return _Layout(st, sd, ev["value"].to_numpy(dtype=float), starts, counts, group, pos)


def _mode(lay: _Layout, tie: str) -> np.ndarray:
    df = pd.DataFrame({"g": lay.group, "v": lay.values, "pos": lay.pos})
    agg = df.groupby(["g", "v"], sort=False).agg(count=("pos", "size"), last=("pos", "max")).reset_index()
    key = "v" if tie == "higher" else "last"
    agg = agg.sort_values(["g", "count", key], ascending=[True, False, False], kind="stable")
    best = agg.drop_duplicates("g")
    out = np.full(len(lay.starts), np.nan)
    out[best["g"].to_numpy()] = best["v"].to_numpy()
    return out


def _compute(lay: _Layout, method: str, p: dict[str, Any]) -> np.ndarray:
    v, starts, counts = lay.values, lay.starts, lay.counts
    if len(starts) == 0:
        return np.array([], dtype=float)
    w = float(p["weight"]) / 100.0
    ends = starts + counts - 1
    total = np.add.reduceat(v, starts)
    if method == "highest":
        return np.maximum.reduceat(v, starts)
    if method == "latest":
        return v[ends]
    if method == "average":
        return total / counts
    if method == "mode":
        return _mode(lay, p["tie"])
    if method == "weighted_average":
        last = v[ends]
        prev = np.divide(total - last, counts - 1, out=np.zeros_like(total), where=counts > 1)
        return np.where(counts == 1, last, last * w + prev * (1 - w))
    if method == "decaying_average":
        nrev = lay.counts[lay.group] - 1 - lay.pos
        coef = w * (1 - w) ** nrev
        first = lay.pos == 0
        coef[first] = (1 - w) ** nrev[first]
        return np.add.reduceat(v * coef, starts)
    if method == "n_mastery":
        at = v >= float(p["mastery"])
        cnt = np.add.reduceat(at.astype(np.int64), starts)
        sm = np.add.reduceat(np.where(at, v, 0.0), starts)
        ok = cnt >= int(p["n"])
        return np.divide(sm, cnt, out=np.full(len(starts), np.nan), where=ok)
    if method == "power_law":
        lx = np.log(lay.pos + 1.0)
        ly = np.log(np.maximum(v, float(p["floor"])))
        n = counts.astype(float)
        sx, sy = np.add.reduceat(lx, starts), np.add.reduceat(ly, starts)
        sxx, sxy = np.add.reduceat(lx * lx, starts), np.add.reduceat(lx * ly, starts)
        ok = counts >= 3
        den = n * sxx - sx * sx
        b = np.divide(n * sxy - sx * sy, den, out=np.zeros_like(den), where=ok)
        lna = (sy - b * sx) / n
        x = n if p["at"] == "last" else n + 1
        y = np.maximum(np.exp(lna + b * np.log(x)), 0.0)
        if p["scale_max"] is not None:
            y = np.minimum(y, float(p["scale_max"]))
        return np.where(ok, y, np.nan)
    raise GradebookError(f"Unknown roll-up method {method!r}.")  # pragma: no cover


def mastery(
    data: Gradebook | pd.DataFrame,
    method: str = "decaying_average",
    *,
    scale: float | None = 4.0,
    min_evidence: int = 1,
    **params: Any,
) -> pd.DataFrame:
    """Roll up every student x standard at once and give each a status.

    ``scale`` is the mastery scale's maximum S (scores become p/P*S; None keeps raw scores);
    ``mastery`` is the threshold (default 3 on that scale); ``min_evidence`` the scores a status
    of ``ready`` needs. Other parameters are :func:`plkit.classdata.rollup`'s. Returns columns
    student, standard, rollup (NaN where the method gives no result), evidence, status
    (``ready``, ``not_yet``, ``insufficient_evidence``), one row per student x standard that
    has any score, missing or excused cell.
    """
    if "scale_max" not in params and method == "power_law":
        params["scale_max"] = scale
    p = check_params(method, **params)
    table = long_table(data)
    ev = evidence_table(table, scale)
    lay = _layout(ev)
    result = round_array(_compute(lay, method, p), p["rounding"])
    got = pd.DataFrame(
        {
            "student": lay.student[lay.starts],
            "standard": lay.standard[lay.starts],
            "rollup": result,
            "evidence": lay.counts.astype(np.int64),
        }
    )
    base = table.loc[table["standard"].notna() & (table["status"] != "not_assigned"), ["student", "standard"]]
    base = base.drop_duplicates().astype(object)
    out = base.merge(got, on=["student", "standard"], how="left")
    out["evidence"] = out["evidence"].fillna(0).astype(np.int64)
    out["rollup"] = out["rollup"].astype(float)
    has = out["rollup"].notna()
    status = np.where(out["evidence"] < max(1, int(min_evidence)), "insufficient_evidence", "not_yet")
    status = np.where((status == "not_yet") & has & (out["rollup"] >= float(p["mastery"])), "ready", status)
    status = np.where(~has & (method != "n_mastery"), "insufficient_evidence", status)
    out["status"] = status.astype(object)
    return out.sort_values(["student", "standard"], kind="stable").reset_index(drop=True)[MASTERY_COLUMNS]


def mastery_matrix(table: pd.DataFrame, value: str = "rollup") -> pd.DataFrame:
    """Students x standards (a heat map's data) from a :func:`mastery` table."""
    return table.pivot(index="student", columns="standard", values=value)
