"""Flexible groups: readiness groups per standard and mixed-readiness groups across the class.

Groups describe where students are on a standard, never what they "are"; they are re-formed
every cycle, and :func:`group_movement` shows each student's movement as growth.

>>> import pandas as pd
>>> t = pd.DataFrame({"student": list("abcdefg"), "standard": "RL.1",
...     "rollup": [1.0, 1.5, 2.0, 2.6, 2.8, 3.5, 3.9], "evidence": 3, "status": "not_yet"})
>>> readiness_groups(t, "RL.1")["band"].tolist()
['building', 'building', 'building', 'approaching', 'approaching', 'approaching', 'approaching']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.model import GradebookError

__all__ = ["BANDS", "GroupingError", "group_movement", "mixed_groups", "readiness_groups"]

#: Bands, neediest first; "more evidence" holds students with no roll-up yet.
BANDS = ("building", "approaching", "ready", "more evidence")


class GroupingError(GradebookError):
    """Groups cannot be formed as asked (sizes, constraints or an unknown standard)."""


def _sizes(m: int, max_size: int) -> list[int]:
    k = max(1, math.ceil(m / max_size))
    base, extra = divmod(m, k)
    return [base + 1] * extra + [base] * (k - extra)  # near-equal, larger groups first


def readiness_groups(
    table: pd.DataFrame,
    standard: str,
    *,
    mastery: float = 3.0,
    near: float | None = None,
    min_size: int = 3,
    max_size: int = 5,
) -> pd.DataFrame:
    """Homogeneous groups for one standard from a :func:`plkit.classdata.mastery` table.

    Students are banded by roll-up (``building`` below ``near``, ``approaching`` below
    ``mastery``, ``ready``, and ``more evidence`` with no roll-up); a band smaller than
    ``min_size`` merges into the band nearest in mean roll-up and takes the needier name; each
    band splits into groups of ``min_size`` to ``max_size`` of near-equal size. Groups are
    numbered neediest first. Returns columns group, band, student, rollup.
    """
    if not 1 <= min_size <= max_size:
        raise GroupingError(f"Group sizes must satisfy 1 <= min_size <= max_size, not {min_size} and {max_size}.")
    rows = table.loc[table["standard"] == standard, ["student", "rollup"]]
    if rows.empty:
        raise GroupingError(
            f"No student has evidence on standard {standard!r}; choose a standard from the mastery table."
        )
    near = 0.8 * mastery if near is None else near
    r = rows["rollup"].to_numpy(dtype=float)
    band = np.select([np.isnan(r), r >= mastery, r >= near], [3, 2, 1], default=0)
    rows = rows.assign(band=band)
    while True:
        sizes = rows["band"].value_counts()
        small = [b for b in sizes.index if sizes[b] < min_size]
        if not small or len(sizes) == 1:
            break
        b = min(small, key=lambda x: (sizes[x], x))
        others = [o for o in sizes.index if o != b]
        means = rows.groupby("band")["rollup"].mean()
        if b == 3 or 3 in (others if len(others) == 1 else []):
            target = min(others)
            merged = target if b == 3 else b
        else:
            target = min((o for o in others if o != 3), key=lambda o: (abs(means[o] - means[b]), o))
            merged = min(b, target)  # the merged group is named for its neediest members
        rows.loc[rows["band"].isin([b, target]), "band"] = merged
    rows = rows.sort_values(["band", "rollup", "student"], kind="stable", na_position="last")
    bands = rows["band"].to_numpy(dtype=np.int64)
    group = np.empty(len(rows), dtype=np.int64)
    number, start = 1, 0
    for b in np.unique(bands):  # bands are sorted, so each one is a contiguous run
        sizes = _sizes(int((bands == b).sum()), max_size)
        group[start : start + sum(sizes)] = np.repeat(np.arange(number, number + len(sizes)), sizes)
        number, start = number + len(sizes), start + sum(sizes)
    return pd.DataFrame(
        {
            "group": group,
            "band": np.array(BANDS, dtype=object)[bands],
            "student": rows["student"].to_numpy(),
            "rollup": rows["rollup"].to_numpy(dtype=float),
        }
    )


def _values(scores: pd.DataFrame | pd.Series, standard: str | None) -> pd.Series:
    if isinstance(scores, pd.Series):
        values = scores.astype(float)
    else:
        t = scores if standard is None else scores[scores["standard"] == standard]
        values = t.groupby("student", sort=True)["rollup"].mean()
    if values.empty:
        raise GroupingError("There are no students to group; load scores first.")
    return values.fillna(values.mean() if values.notna().any() else 0.0)


def _cost(assign: np.ndarray, vals: np.ndarray, k: int, apart: list[tuple[int, int]],
          together: list[tuple[int, int]]) -> tuple[int, float]:
    bad = sum(assign[a] == assign[b] for a, b in apart) + sum(assign[a] != assign[b] for a, b in together)
    means = np.bincount(assign, weights=vals, minlength=k) / np.maximum(np.bincount(assign, minlength=k), 1)
    return int(bad), float(np.max(np.abs(means - vals.mean())))


def _pairs(given: Iterable[Sequence[str]], index: dict[str, int], label: str) -> list[tuple[int, int]]:
    out = []
    for a, b in given:
        if a not in index or b not in index:
            raise GroupingError(f"A {label} pair names a student who is not in this class; check the pair.")
        out.append((index[a], index[b]))
    return out


def _snake(vals: np.ndarray, students: list[Any], k: int) -> np.ndarray:
    """Deal students by roll-up, highest first, across ``k`` groups and back (a snake draft)."""
    n = len(students)
    order = sorted(range(n), key=lambda i: (-vals[i], students[i]))
    assign = np.empty(n, dtype=np.int64)
    for rank, i in enumerate(order):
        r, pos = divmod(rank, k)
        assign[i] = pos if r % 2 == 0 else k - 1 - pos
    return assign


def _better(c: tuple[int, float], best: tuple[int, float]) -> bool:
    return c < best and (c[0] < best[0] or best[1] - c[1] > 1e-12)


@dataclass
class _Search:
    """The local search of :func:`mixed_groups`: swaps (and, to honour pairs, moves) that lower
    the cost (pairs not honoured, then the worst group's distance from the class mean)."""

    vals: np.ndarray
    k: int
    apart: list[tuple[int, int]]
    together: list[tuple[int, int]]
    min_size: int
    max_size: int

    def cost(self, assign: np.ndarray) -> tuple[int, float]:
        return _cost(assign, self.vals, self.k, self.apart, self.together)

    def focus(self, assign: np.ndarray, sizes: np.ndarray, unmet: bool) -> set[int]:
        """The students to try first: those in unmet pairs, else the worst group's."""
        if unmet:
            focus = {i for a, b in self.apart if assign[a] == assign[b] for i in (a, b)}
            focus |= {i for a, b in self.together if assign[a] != assign[b] for i in (a, b)}
            return focus
        means = np.bincount(assign, weights=self.vals, minlength=self.k) / np.maximum(sizes, 1)
        worst = int(np.argmax(np.abs(means - self.vals.mean())))
        return set(np.flatnonzero(assign == worst).tolist())

    def trials(self, assign: np.ndarray, i: int, sizes: np.ndarray, moves: bool) -> Iterator[np.ndarray]:
        """Student ``i`` swapped with each student of another group, then (with ``moves``) moved
        to each other group with room, keeping the size bounds."""
        for j in range(len(assign)):
            if assign[j] == assign[i]:
                continue
            trial = assign.copy()
            trial[i], trial[j] = assign[j], assign[i]
            yield trial
        for g in range(self.k if moves else 0):  # moves (unequal sizes) only to honour pairs
            if g == assign[i] or sizes[g] >= self.max_size or sizes[assign[i]] <= self.min_size:
                continue
            trial = assign.copy()
            trial[i] = g
            yield trial

    def step(self, assign: np.ndarray, cost: tuple[int, float]) -> tuple[tuple[int, float], np.ndarray | None]:
        """The best trial of one round and its cost (None when no trial lowers the cost)."""
        sizes = np.bincount(assign, minlength=self.k)
        best, best_op = cost, None
        for i in sorted(self.focus(assign, sizes, bool(cost[0]))):
            for trial in self.trials(assign, i, sizes, bool(cost[0])):
                c = self.cost(trial)
                if _better(c, best):
                    best, best_op = c, trial
        return best, best_op

    def run(self, assign: np.ndarray, max_rounds: int) -> np.ndarray:
        cost = self.cost(assign)
        for _ in range(max_rounds):
            best, best_op = self.step(assign, cost)
            if best_op is None:
                break
            assign, cost = best_op, best
        return assign


def _unmet(assign: np.ndarray, students: list[Any], apart: list[tuple[int, int]],
           together: list[tuple[int, int]]) -> list[str]:
    unmet = [f"keep apart {students[a]} and {students[b]}" for a, b in apart if assign[a] == assign[b]]
    unmet += [f"keep together {students[a]} and {students[b]}" for a, b in together if assign[a] != assign[b]]
    return unmet


def mixed_groups(
    scores: pd.DataFrame | pd.Series,
    k: int | None = None,
    *,
    standard: str | None = None,
    min_size: int = 3,
    max_size: int = 5,
    keep_apart: Iterable[Sequence[str]] = (),
    keep_together: Iterable[Sequence[str]] = (),
    max_rounds: int = 200,
) -> pd.DataFrame:
    """Mixed-readiness groups: a snake deal by roll-up across ``k`` groups, then local swaps.

    ``scores`` is a mastery table (a student's mean roll-up, or on ``standard`` only) or a
    Series student -> value. Swaps and moves honour ``keep_apart`` / ``keep_together`` pairs and
    the size bounds, then raise the worst group's balance (its mean closest to the class mean).
    Pairs that cannot be honoured are listed in ``result.attrs["unmet"]``. Returns columns
    group, student, value.
    """
    values = _values(scores, standard)
    students = list(values.index)
    n = len(students)
    k = k or max(1, math.ceil(n / max_size))
    if not (k * min_size <= n <= k * max_size):
        raise GroupingError(
            f"{n} students cannot make {k} groups of {min_size} to {max_size}; change the number "
            "of groups or the size bounds."
        )
    index = {s: i for i, s in enumerate(students)}
    apart, together = _pairs(keep_apart, index, "keep-apart"), _pairs(keep_together, index, "keep-together")
    vals = values.to_numpy(dtype=float)
    search = _Search(vals, k, apart, together, min_size, max_size)
    assign = search.run(_snake(vals, students, k), max_rounds)
    result = pd.DataFrame({"group": assign + 1, "student": students, "value": vals})
    result = result.sort_values(["group", "value", "student"], ascending=[True, False, True], kind="stable")
    result = result.reset_index(drop=True)
    result.attrs["unmet"] = _unmet(assign, students, apart, together)
    return result


def group_movement(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Each student's group (and band, when present) in two cycles, and whether they moved."""
    cols = [c for c in ("group", "band") if c in before.columns and c in after.columns]
    merged = before[["student", *cols]].merge(
        after[["student", *cols]], on="student", how="outer", suffixes=("_before", "_after")
    )
    key = "band" if "band" in cols else "group"
    merged["moved"] = merged[f"{key}_before"] != merged[f"{key}_after"]
    return merged.sort_values("student", kind="stable").reset_index(drop=True)
