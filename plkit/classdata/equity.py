"""Subgroup results and gaps with small-number suppression (CLASSDATA.md section 4).

A group smaller than ``min_n`` shows "suppressed (n<10)" and never its n; if exactly one group
is suppressed the next smallest is suppressed too; a subgroup that is the whole class is not
reported; rates at the extremes are coded (">=95%", "<=5%"); gaps only between groups that
both pass, with n shown, labelled unstable under 20.

>>> import pandas as pd
>>> ready = pd.Series([1, 0] * 15, index=[f"s{i}" for i in range(30)])
>>> group = pd.Series(["A"] * 12 + ["B"] * 12 + ["C"] * 6, index=ready.index)
>>> r = subgroup_gaps(ready, group)
>>> r.groups["result"].tolist()
['suppressed', '50%', 'suppressed (n<10)']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pandas as pd

from plkit.classdata.model import GradebookError

__all__ = ["SubgroupReport", "subgroup_gaps"]


@dataclass
class SubgroupReport:
    """``groups``: subgroup, n, result, note. ``gaps``: between, gap, n, note."""

    groups: pd.DataFrame
    gaps: pd.DataFrame


def _fmt(value: float, metric: str) -> str:
    if metric == "rate":
        if value >= 0.95:
            return ">=95%"
        if value <= 0.05:
            return "<=5%"
        return f"{100 * value:.0f}%"
    return f"{value:.2f}"


def _complementary(stats: pd.DataFrame, small: pd.Index) -> list[Any]:
    """The group also hidden when exactly one is suppressed: the smallest of those that pass."""
    if len(small) == 1 and len(stats) > 1:
        passing = stats.drop(index=small).sort_values("size", kind="stable")
        return [passing.index[0]]
    return []


def _group_rows(stats: pd.DataFrame, small: pd.Index, complementary: list[Any], whole: pd.Index,
                min_n: int, metric: str) -> list[tuple[Any, str, str, str]]:
    label = f"suppressed (n<{int(min_n)})"
    rows: list[tuple[Any, str, str, str]] = []
    for group, row in stats.iterrows():
        if group in small:
            rows.append((group, label, label, "fewer students than the minimum group size"))
        elif group in complementary:
            rows.append((group, "suppressed", "suppressed", "hidden so a smaller group cannot be worked out"))
        else:
            note = "unstable (n<20)" if row["size"] < 20 else ""
            rows.append((group, str(int(row["size"])), _fmt(row["mean"], metric), note))
    for group in whole:
        rows.append((group, "", "not reported", "this subgroup is the whole class"))
    return rows


def _gap(ma: float, mb: float, metric: str) -> str:
    if metric != "rate":
        return f"{ma - mb:+.2f}"
    if any(m >= 0.95 or m <= 0.05 for m in (ma, mb)):
        return "not shown (a coded result)"
    return f"{100 * (ma - mb):+.0f} points"


def _gap_rows(stats: pd.DataFrame, shown: list[Any], metric: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for a, b in combinations(shown, 2):
        ma, mb = stats.loc[a, "mean"], stats.loc[b, "mean"]
        na, nb = int(stats.loc[a, "size"]), int(stats.loc[b, "size"])
        note = "unstable (a group has n<20)" if min(na, nb) < 20 else ""
        rows.append((f"{a} vs {b}", _gap(ma, mb, metric), f"{na} and {nb}", note))
    return rows


def subgroup_gaps(
    values: pd.Series,
    subgroups: pd.Series,
    *,
    min_n: int = 10,
    metric: str = "rate",
) -> SubgroupReport:
    """Per-subgroup results and pairwise gaps, suppressed for privacy.

    ``values`` maps each student (pseudonym) to 0/1 (``metric="rate"``, e.g. ready on a
    standard) or a number (``metric="mean"``, e.g. a roll-up); ``subgroups`` maps each student to
    a subgroup label (kept in memory only). ``min_n`` is configurable from 5 to 30.
    """
    if not 5 <= int(min_n) <= 30:
        raise GradebookError(f"The minimum group size must be from 5 to 30, not {min_n}.")
    if metric not in ("rate", "mean"):
        raise GradebookError(f"The metric must be 'rate' or 'mean', not {metric!r}.")
    df = pd.DataFrame({"value": values.astype(float)}).join(subgroups.rename("group"), how="inner")
    df = df.dropna(subset=["value", "group"])
    class_n = len(df)
    stats = df.groupby("group", sort=True)["value"].agg(["size", "mean"])
    whole = stats.index[stats["size"] == class_n]
    stats = stats.drop(index=whole)
    small = stats.index[stats["size"] < min_n]
    complementary = _complementary(stats, small)
    rows = _group_rows(stats, small, complementary, whole, min_n, metric)
    groups = pd.DataFrame(rows, columns=["subgroup", "n", "result", "note"])
    shown = [g for g in stats.index if g not in small and g not in complementary]
    gaps = pd.DataFrame(_gap_rows(stats, shown, metric), columns=["between", "gap", "n", "note"])
    return SubgroupReport(groups, gaps)
