"""A class before and after (Guskey's level 5, student learning): the change in the share of
students ready on each standard between two aggregate-only snapshots that the class-data workbook
keeps under ``classdata.snapshots``. No widgets.

The saved value, read defensively (anything else counts as no snapshot)::

    {"before": {"taken": "YYYY-MM-DD", "standards": {standard: share ready, or null}},
     "after": {...}}

A share is a fraction from 0 to 1; null means the class-data workbook suppressed it (too few
students to show). A change is shown only where both snapshots have a share.

>>> s = read_snapshots({"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4, "RL.2": None}},
...                     "after": {"taken": "2026-10-15", "standards": {"RL.1": 0.65, "RL.2": 0.5}}})
>>> [(c.standard, c.points) for c in s.changes], s.left_out
([('RL.1', 25.0)], 1)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Change", "Snapshots", "read_snapshots"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Change:
    """One standard's share of students ready, before and after (fractions 0..1)."""

    standard: str
    before: float
    after: float

    @property
    def points(self) -> float:
        """After minus before, in percentage points (one decimal)."""
        return round((self.after - self.before) * 100, 1)


@dataclass(frozen=True)
class Snapshots:
    """What the saved snapshots allow to show."""

    #: The dates the snapshots were taken ("" when the date is missing), None without one.
    before: str | None = None
    after: str | None = None
    changes: tuple[Change, ...] = ()
    #: Standards in either snapshot that have no change to show (suppressed, or in one only).
    left_out: int = 0

    @property
    def state(self) -> str:
        """``none`` (no snapshot), ``one`` (only one kept so far) or ``both``."""
        if self.before is not None and self.after is not None:
            return "both"
        return "one" if (self.before, self.after) != (None, None) else "none"


def _share(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    v = float(value)
    return v if math.isfinite(v) and 0.0 <= v <= 1.0 else None


def _snapshot(value: Any) -> tuple[str, dict[str, float | None]] | None:
    """(date taken, {standard: share or None}) of one saved snapshot, or None if unusable."""
    if not isinstance(value, Mapping) or not isinstance(value.get("standards"), Mapping):
        return None
    taken = value.get("taken")
    date = taken if isinstance(taken, str) and _DATE.fullmatch(taken) else ""
    shares = {str(k): _share(v) for k, v in value["standards"].items() if isinstance(k, str) and k.strip()}
    return date, shares


def read_snapshots(value: Any) -> Snapshots:
    """The change per standard between the "before" and "after" snapshots in ``value``."""
    if not isinstance(value, Mapping):
        return Snapshots()
    before, after = _snapshot(value.get("before")), _snapshot(value.get("after"))
    if before is None or after is None:
        one = before or after
        if one is None:
            return Snapshots()
        return Snapshots(one[0] if before else None, one[0] if after else None)
    changes = []
    for standard in sorted(set(before[1]) & set(after[1])):
        b, a = before[1][standard], after[1][standard]
        if b is not None and a is not None:
            changes.append(Change(standard, b, a))
    everything = set(before[1]) | set(after[1])
    return Snapshots(before[0], after[0], tuple(changes), len(everything) - len(changes))
