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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from plkit.classdata.layouts import factorize
from plkit.classdata.model import SCORE_COLUMNS, Gradebook, GradebookError
from plkit.classdata.rollup import check_params
from plkit.classdata.scales import scaled

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
    """Vectorised twin of :func:`plkit.classdata.rollup.round_score` (2 decimals), equal to it
    value for value (a property test checks).

    ``round_score`` rounds the decimal that Python prints for a float (``2.675``, not the binary
    2.67499999...) to 7 decimals, half even, and then to cents. Away from a half cent every
    method agrees, so ``rint`` does; within a hair of one, the same two steps are decided
    exactly by comparing with the floats nearest the half cent minus and plus 5e-8.

    >>> round_array(np.array([2.675, 2.665, 3.3000000000000003, 0.12499995])).tolist()
    [2.68, 2.67, 3.3, 0.13]
    """
    if rounding is None:
        return values.astype(float)
    if rounding not in ("half_up", "half_even"):
        raise GradebookError(f"Unknown rounding {rounding!r}; use 'half_up', 'half_even' or None.")
    v = values.astype(float)
    a = np.abs(v)
    scaled = a * 100.0
    whole = np.rint(scaled)
    below = np.floor(scaled)  # the cent under the half cent
    near = np.abs(scaled - below - 0.5) < 1e-4
    if near.any():
        k, x = below[near], a[near]
        tie = (2.0 * k + 1.0) * 500_000.0  # the half cent, in units of 1e-8
        low, high = (tie - 5.0) / 1e8, (tie + 5.0) / 1e8  # correctly rounded, as float() would
        above = x > high
        at = (x >= low) & ~above
        up = above | at if rounding == "half_up" else above | (at & (k % 2 == 1))
        whole[near] = k + up
    return cast(np.ndarray, np.sign(v) * whole / 100.0)


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
    possible give no percentage, and rows whose points possible are unknown (inf) cannot be put on
    the scale: both are dropped. Scaled scores are capped to 0..S (:func:`plkit.classdata.scales.scaled`).
    Sorted by student, standard and order.
    """
    t = long_table(data)
    keep = (t["status"] == "scored") & t["standard"].notna() & np.isfinite(t["score"].astype(float))
    t = t.loc[keep, ["student", "standard", "score", "max_points", "order"]]
    score = t["score"].to_numpy(dtype=float)
    if "max_points" in t:
        score, good = scaled(score, t["max_points"].to_numpy(dtype=float), scale)
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
    # Runs of equal values inside each group (sorted by group, then value): the longest run
    # wins; ties go to the higher value or to the value seen most recently.
    v, g = lay.values, lay.group
    codes, uniques = pd.factorize(v, sort=True)
    k, n_groups = len(uniques), len(lay.starts)
    if tie == "higher" and k * n_groups <= 4 * len(v) + 1_000_000:
        # Few distinct scores (a rubric): count each value per group in one bincount.
        counts = np.bincount(g * k + codes, minlength=n_groups * k).reshape(n_groups, k)
        best = k - 1 - np.argmax(counts[:, ::-1], axis=1)  # the most frequent, then the highest
        return cast(np.ndarray, np.asarray(uniques, dtype=float)[best])
    idx = np.lexsort((v, g))
    gv, vv = g[idx], v[idx]
    change = np.ones(len(idx), dtype=bool)
    change[1:] = (gv[1:] != gv[:-1]) | (vv[1:] != vv[:-1])
    runs = np.flatnonzero(change)
    count = np.diff(np.append(runs, len(idx)))
    last = np.maximum.reduceat(lay.pos[idx], runs)
    key = vv[runs] if tie == "higher" else last
    pick = np.lexsort((key, count, gv[runs]))  # the best run of each group comes last
    best = pick[np.append(gv[runs][pick][1:] != gv[runs][pick][:-1], True)]
    out = np.full(len(lay.starts), np.nan)
    out[gv[runs][best]] = vv[runs][best]
    return out


def _ends(lay: _Layout) -> np.ndarray:
    return cast(np.ndarray, lay.starts + lay.counts - 1)


def _highest(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    return np.maximum.reduceat(lay.values, lay.starts)


def _latest(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    return cast(np.ndarray, lay.values[_ends(lay)])


def _average(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    return cast(np.ndarray, np.add.reduceat(lay.values, lay.starts) / lay.counts)


def _weighted_average(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    counts = lay.counts
    total = np.add.reduceat(lay.values, lay.starts)
    last = lay.values[_ends(lay)]
    prev = np.divide(total - last, counts - 1, out=np.zeros_like(total), where=counts > 1)
    return cast(np.ndarray, np.where(counts == 1, last, last * w + prev * (1 - w)))


def _decaying_average(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    nrev = lay.counts[lay.group] - 1 - lay.pos
    coef = w * (1 - w) ** nrev
    first = lay.pos == 0
    coef[first] = (1 - w) ** nrev[first]
    return np.add.reduceat(lay.values * coef, lay.starts)


def _n_mastery(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    v, starts = lay.values, lay.starts
    at = v >= float(p["mastery"])
    cnt = np.add.reduceat(at.astype(np.int64), starts)
    sm = np.add.reduceat(np.where(at, v, 0.0), starts)
    ok = cnt >= int(p["n"])
    return cast(np.ndarray, np.divide(sm, cnt, out=np.full(len(starts), np.nan), where=ok))


def _power_law(lay: _Layout, w: float, p: dict[str, Any]) -> np.ndarray:
    starts, counts = lay.starts, lay.counts
    lx = np.log(lay.pos + 1.0)
    ly = np.log(np.maximum(lay.values, float(p["floor"])))
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


#: Each method over every group of a non-empty layout, given the weight as a fraction and the
#: checked parameters: one result per group.
_Method = Callable[[_Layout, float, dict[str, Any]], np.ndarray]
_BY_NAME: dict[str, _Method] = {
    "highest": _highest,
    "latest": _latest,
    "average": _average,
    "mode": lambda lay, w, p: _mode(lay, p["tie"]),
    "weighted_average": _weighted_average,
    "decaying_average": _decaying_average,
    "n_mastery": _n_mastery,
    "power_law": _power_law,
}


def _compute(lay: _Layout, method: str, p: dict[str, Any]) -> np.ndarray:
    if len(lay.starts) == 0:
        return np.array([], dtype=float)
    w = float(p["weight"]) / 100.0
    fn = _BY_NAME.get(method)
    if fn is None:  # pragma: no cover - check_params refuses unknown methods first
        raise GradebookError(f"Unknown roll-up method {method!r}.")
    return fn(lay, w, p)


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
    g = _grouped(table, scale)
    result = np.full(len(g.student), np.nan)
    result[g.slot] = round_array(_compute(g.lay, method, p), p["rounding"])
    evidence = np.zeros(len(g.student), dtype=np.int64)
    evidence[g.slot] = g.lay.counts
    has = ~np.isnan(result)
    code = np.where(evidence < max(1, int(min_evidence)), 2, 1)  # 0 ready, 1 not yet, 2 insufficient
    code[(code == 1) & has & (result >= float(p["mastery"]))] = 0
    if method != "n_mastery":
        code[~has] = 2
    status = np.array(["ready", "not_yet", "insufficient_evidence"], dtype=object)[code]
    return pd.DataFrame(
        {
            "student": pd.Series(g.student, dtype=object),
            "standard": pd.Series(g.standard, dtype=object),
            "rollup": result,
            "evidence": evidence,
            "status": status,
        }
    )[MASTERY_COLUMNS]


@dataclass
class _Groups:
    lay: _Layout  # the evidence, one contiguous run per student x standard (student/standard unused)
    slot: np.ndarray  # for each run, its row in the output
    student: np.ndarray  # the output rows: every student x standard with any assigned cell,
    standard: np.ndarray  # sorted by student, then standard


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer codes (-1 for missing), the distinct values, and each value's rank in sorted order."""
    codes, uniques = factorize(column.to_numpy(dtype=object))
    try:
        rank = np.empty(len(uniques), dtype=np.int64)
        rank[np.argsort(uniques, kind="stable")] = np.arange(len(uniques))
    except TypeError:  # mixed types do not sort; keep the order first seen
        rank = np.arange(len(uniques), dtype=np.int64)
    return codes.astype(np.int64, copy=False), uniques, rank


def _grouped(table: pd.DataFrame, scale: float | None) -> _Groups:
    """:func:`evidence_table` and :func:`_layout` in one pass over integer codes.

    Students and standards become integer codes; each evidence row gets the key
    (student x standard, order) and one stable sort makes the groups contiguous (already-grouped
    tables, as most exports are, sort in linear time). No string is compared row by row.
    """
    n = len(table)
    s_code, s_uni, s_rank = _codes(table["student"])
    d_code, d_uni, d_rank = _codes(table["standard"])
    st_code, st_uni = factorize(table["status"].to_numpy(dtype=object))
    statuses = list(st_uni)
    is_scored = st_code == (statuses.index("scored") if "scored" in statuses else -2)
    assigned = st_code != (statuses.index("not_assigned") if "not_assigned" in statuses else -2)
    linked = (s_code >= 0) & (d_code >= 0)
    width = max(1, len(d_uni))
    key = s_code * width + d_code
    # The output rows: every student x standard with any assigned cell, in sorted order.
    base = key[linked & assigned]
    if len(s_uni) * width <= 4 * n + 1_000_000:
        present = np.flatnonzero(np.bincount(base, minlength=len(s_uni) * width))
    else:
        present = np.unique(base)
    order_out = np.argsort(s_rank[present // width] * width + d_rank[present % width], kind="stable")
    row_of = np.empty(len(present), dtype=np.int64)
    row_of[order_out] = np.arange(len(present))
    # The evidence: scored, linked, finite, scaled p/P*S; 0 points possible gives no percentage.
    score = table["score"].to_numpy(dtype=float)
    keep = is_scored & linked & np.isfinite(score)
    if "max_points" in table:
        score, usable = scaled(score, table["max_points"].to_numpy(dtype=float), scale)
        keep &= usable
    idx = np.flatnonzero(keep)
    gk = key[idx]
    order = table["order"].to_numpy()[idx]
    perm = None
    if order.dtype.kind in "iu" and len(idx):
        lo, hi = int(order.min()), int(order.max())
        span = hi - lo + 1
        if hi < 2**62 and int(gk.max()) < (2**62) // span:  # one int64 key: (group, order)
            sort_key = gk * span + (order.astype(np.int64) - lo)
            if bool(np.all(sort_key[1:] >= sort_key[:-1])):
                perm = np.arange(len(idx))  # already grouped and in order, as most files are
            elif int(sort_key.max()) < (2**62) // len(idx):
                # the row number in the low digits keeps ties in row order: a plain (fast) sort
                perm = np.sort(sort_key * len(idx) + np.arange(len(idx))) % len(idx)
            else:
                perm = np.argsort(sort_key, kind="stable")
    if perm is None:
        perm = np.lexsort((order, gk))
    idx, gk = idx[perm], gk[perm]
    m = len(idx)
    if m == 0:
        empty = np.array([], dtype=np.int64)
        lay = _Layout(np.array([], object), np.array([], object), np.array([], float), empty, empty, empty, empty)
    else:
        change = np.ones(m, dtype=bool)
        change[1:] = gk[1:] != gk[:-1]
        starts = np.flatnonzero(change)
        counts = np.diff(np.append(starts, m))
        group = np.repeat(np.arange(len(starts)), counts)
        pos = np.arange(m) - starts[group]
        empty_obj = np.array([], dtype=object)
        lay = _Layout(empty_obj, empty_obj, score[idx], starts, counts, group, pos)
    slot = row_of[np.searchsorted(present, gk[lay.starts])] if m else np.array([], dtype=np.int64)
    ordered = present[order_out]
    return _Groups(lay, slot, s_uni[ordered // width], d_uni[ordered % width])


def mastery_matrix(table: pd.DataFrame, value: str = "rollup") -> pd.DataFrame:
    """Students x standards (a heat map's data) from a :func:`mastery` table."""
    return table.pivot(index="student", columns="standard", values=value)
