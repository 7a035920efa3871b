"""What a teacher sees about a whole class, as plain tables: the method choice, mastery per
standard, growth per standard and gaps between sections, suppressed for privacy.

Everything here is aggregate (one row per standard or per subgroup) unless a function says it is
row-level; the row-level tables carry pseudonyms, and names are added only on the teacher's own
screen or in their private report.

>>> from plkit.classdata.demo import demo_gradebook
>>> choice = MethodChoice("highest")
>>> table = standard_summary(analyse(demo_gradebook(), choice))
>>> list(table["standard"])
['L.2', 'RL.1', 'RL.2', 'W.1']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from plkit.classdata.equity import SubgroupReport, subgroup_gaps
from plkit.classdata.generic import ALIASES
from plkit.classdata.mastery import mastery
from plkit.classdata.methods import METHODS
from plkit.classdata.model import Gradebook, GradebookError
from plkit.classdata.profiles import growth

__all__ = [
    "ready_shares",
    "LAYOUT_LABELS",
    "METHOD_HELP",
    "METHOD_LABELS",
    "MAX_GROUPS",
    "MIN_N",
    "NO_VALUE",
    "STATUS_LABELS",
    "MethodChoice",
    "analyse",
    "coded_rate",
    "group_columns",
    "growth_summary",
    "section_gaps",
    "shareable_table",
    "standard_rates",
    "standard_summary",
    "student_groups",
    "subgroup_report",
]

#: The minimum group size below which aggregates are suppressed (configurable 5..30).
MIN_N = 10
#: A column with more values than this is not a grouping (free text, an identifier).
MAX_GROUPS = 20
#: The group of students with a blank value (a flag column often leaves "no" blank).
NO_VALUE = "(no value)"
_IDENTITY_ROLES = ("id", "sis_id", "name", "first", "last", "login", "email")

LAYOUT_LABELS = {
    "canvas_gradebook": "a Canvas \u201cExport Entire Gradebook\u201d file",
    "canvas_mastery": "a Canvas Learning Mastery Gradebook export",
    "canvas_outcomes": "a Canvas outcome-results report",
    "d2l": "a D2L Brightspace grades export",
    "long": "a long table (one row per score)",
    "wide": "a wide table (one row per student, one column per assessment)",
}

METHOD_LABELS = {
    "decaying_average": "Decaying average",
    "weighted_average": "Weighted average (newest against the rest)",
    "highest": "Highest score",
    "latest": "Most recent score",
    "average": "Average of all scores",
    "mode": "Most frequent score",
    "n_mastery": "Mastered n times",
    "power_law": "Power law (trend)",
}
assert set(METHOD_LABELS) == set(METHODS)

METHOD_HELP = {
    "decaying_average": "Each new score counts for the weight (default 75%) and everything before "
    "it for the rest, so recent work counts most but older work still matters.",
    "weighted_average": "The newest score counts for the weight (default 65%) and the average of "
    "all earlier scores for the rest.",
    "highest": "The best score so far; generous, and blind to a slip after mastery.",
    "latest": "Only the newest score; shows where a student is now, but one bad day shows too.",
    "average": "Every score counts the same; early struggles keep pulling the result down.",
    "mode": "The score given most often; ties go to the higher score.",
    "n_mastery": "Ready only after reaching mastery n times (default 5); the average of those "
    "scores, no result before that.",
    "power_law": "A learning curve fitted to all scores (at least 3), read at the latest "
    "attempt; rewards steady growth.",
}

STATUS_LABELS = {
    "ready": "ready to move on",
    "not_yet": "not yet",
    "insufficient_evidence": "needs more evidence",
}


@dataclass
class MethodChoice:
    """The teacher's roll-up choice: a method, its parameters and the mastery threshold."""

    method: str = "decaying_average"
    weight: int | None = None
    n: int = 5
    at: str = "last"
    mastery: float = 3.0
    min_evidence: int = 1

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise GradebookError(f"Unknown roll-up method {self.method!r}; choose one of {', '.join(METHODS)}.")
        if self.weight is None and self.method in ("weighted_average", "decaying_average"):
            self.weight = 75 if self.method == "decaying_average" else 65
        if not 0 < float(self.mastery) <= 4:
            raise GradebookError(f"The mastery threshold must be above 0 and at most 4, not {self.mastery}.")

    def params(self) -> dict[str, Any]:
        """Keyword arguments for :func:`plkit.classdata.mastery`."""
        p: dict[str, Any] = {"mastery": float(self.mastery), "min_evidence": int(self.min_evidence)}
        if self.method in ("weighted_average", "decaying_average"):
            p["weight"] = int(self.weight or 0)
        if self.method == "n_mastery":
            p["n"] = int(self.n)
        if self.method == "power_law":
            p["at"] = self.at
        return p

    def describe(self) -> str:
        """The choice in plain words, e.g. "Decaying average (weight 75%), mastery at 3.0 of 4"."""
        extra = ""
        if self.method in ("weighted_average", "decaying_average"):
            extra = f" (weight {self.weight}%)"
        elif self.method == "n_mastery":
            extra = f" (n = {self.n})"
        elif self.method == "power_law":
            extra = " (read at the " + ("latest" if self.at == "last" else "next") + " attempt)"
        return f"{METHOD_LABELS[self.method]}{extra}, mastery at {float(self.mastery):.1f} of 4"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> MethodChoice:
        """A choice from saved data; anything unreadable falls back to the defaults."""
        if not isinstance(data, Mapping):
            return cls()
        known = {k: data[k] for k in ("method", "weight", "n", "at", "mastery", "min_evidence") if k in data}
        try:
            choice = cls(**known)
            choice.params()
            return choice
        except (GradebookError, TypeError, ValueError):
            return cls()


def analyse(gb: Gradebook, choice: MethodChoice) -> pd.DataFrame:
    """The mastery table (row-level, pseudonymous) for a gradebook and a method choice."""
    if not gb.standards:
        raise GradebookError(
            "No item is linked to a standard yet, so there is no mastery to show; map the items "
            "to standards first."
        )
    return mastery(gb, choice.method, **choice.params())


def coded_rate(value: float) -> str:
    """A rate for sharing: whole percent, with the extremes coded so no one student shows.

    >>> coded_rate(0.5), coded_rate(1.0), coded_rate(0.02)
    ('50%', '>=95%', '<=5%')
    """
    if value >= 0.95:
        return ">=95%"
    if value <= 0.05:
        return "<=5%"
    return f"{100 * value:.0f}%"


def standard_rates(m: pd.DataFrame) -> pd.DataFrame:
    """Per standard: students with a row, and the share ready / not yet / needing evidence."""
    if m.empty:
        return pd.DataFrame(columns=["standard", "students", "ready", "not_yet", "insufficient_evidence", "mean"])
    counts = pd.crosstab(m["standard"], m["status"])
    for s in STATUS_LABELS:
        if s not in counts:
            counts[s] = 0
    n = counts.sum(axis=1)
    out = pd.DataFrame({"standard": counts.index.astype(str), "students": n.to_numpy()})
    for s in STATUS_LABELS:
        out[s] = (counts[s] / n).to_numpy(dtype=float)
    means = m.groupby("standard")["rollup"].mean()
    out["mean"] = out["standard"].map(means).astype(float)
    return out.sort_values("standard", kind="stable").reset_index(drop=True)


def _suppressed(n: int, min_n: int) -> bool:
    return int(n) < int(min_n)


def standard_summary(m: pd.DataFrame, min_n: int = MIN_N) -> pd.DataFrame:
    """Mastery per standard for sharing: n, coded rates and mean roll-up; a standard with fewer
    than ``min_n`` students says "suppressed (n<10)" and never its n."""
    rates = standard_rates(m)
    rows = []
    label = f"suppressed (n<{int(min_n)})"
    for r in rates.itertuples(index=False):
        if _suppressed(r.students, min_n):
            rows.append((r.standard, label, "suppressed", "suppressed", "suppressed", "suppressed"))
            continue
        mean = "" if math.isnan(r.mean) else f"{r.mean:.2f}"
        rows.append((r.standard, str(int(r.students)), coded_rate(r.ready), coded_rate(r.not_yet),
                     coded_rate(r.insufficient_evidence), mean))
    return pd.DataFrame(rows, columns=["standard", "students", "ready to move on", "not yet",
                                       "needs more evidence", "mean roll-up (of 4)"])


def ready_shares(m: pd.DataFrame, min_n: int = MIN_N) -> dict[str, float | None]:
    """Per standard, the share of students ready to move on (0 to 1, two decimals), or None where
    fewer than ``min_n`` students have a result: what a before/after snapshot keeps, never a
    student row and never a small group's count."""
    out: dict[str, float | None] = {}
    for r in standard_rates(m).itertuples(index=False):
        out[str(r.standard)] = None if _suppressed(int(r.students), min_n) else round(float(r.ready), 2)
    return out


def growth_summary(gb: Gradebook, min_n: int = MIN_N) -> pd.DataFrame:
    """Growth per standard for sharing: mean first and latest score and mean change per
    assessment, over students with at least two scores; suppressed below ``min_n``."""
    g = growth(gb)
    g = g[g["evidence"] >= 2]
    rows = []
    label = f"suppressed (n<{int(min_n)})"
    for standard in sorted({s for s in gb.standards}):
        part = g[g["standard"] == standard]
        if _suppressed(len(part), min_n):
            rows.append((standard, label, "suppressed", "suppressed", "suppressed"))
            continue
        rows.append((standard, str(len(part)), f"{part['first'].mean():.2f}",
                     f"{part['latest'].mean():.2f}", f"{part['slope'].mean():+.2f}"))
    return pd.DataFrame(rows, columns=["standard", "students", "mean first score (of 4)",
                                       "mean latest score (of 4)", "mean change per assessment"])


def sections(gb: Gradebook) -> pd.Series:
    """Each student's first section (pseudonym -> section), from the in-memory roster."""
    out = {k: (v.get("sections") or [""])[0] for k, v in gb.roster.items()}
    return pd.Series({k: v for k, v in out.items() if v}, dtype=object)


def group_columns(gb: Gradebook) -> list[str]:
    """The columns a report can group students by (``--by``): the file's other columns (a
    program, a flag) and its section column."""
    return [str(c) for c in gb.info.get("group_columns") or []]


def _low(name: str) -> str:
    return " ".join(str(name).casefold().split())


def student_groups(gb: Gradebook, column: str) -> pd.Series:
    """Each student's value of ``column`` (pseudonym -> label; blank is :data:`NO_VALUE`), from
    the in-memory roster. One sentence when the column is unknown, identifies students, or has
    more than :data:`MAX_GROUPS` values (then it is not a grouping)."""
    want = _low(column)
    if any(want in ALIASES[role] for role in _IDENTITY_ROLES):
        raise GradebookError(
            f"The column '{column}' identifies students, so plkit does not group by it; choose a "
            "column such as a program, a flag or a section."
        )
    columns = group_columns(gb)
    match = next((c for c in columns if _low(c) == want), None)
    if match is None:
        there = ", ".join(f"'{c}'" for c in columns) if columns else "none besides its identity and score columns"
        raise GradebookError(f"This file has no column '{column}' to group by; the columns there are: {there}.")
    if match == str(gb.info.get("section_column") or ""):
        values = {k: (v.get("sections") or [""])[0] for k, v in gb.roster.items()}
    else:
        values = {k: str((v.get("columns") or {}).get(match, "")) for k, v in gb.roster.items()}
    groups = pd.Series({k: v.strip() or NO_VALUE for k, v in values.items()}, dtype=object)
    if groups.nunique() > MAX_GROUPS:
        raise GradebookError(
            f"The column '{match}' has {groups.nunique()} different values, more than the {MAX_GROUPS} groups "
            "a report compares; choose a column such as a program, a flag or a section."
        )
    return groups


def subgroup_report(gb: Gradebook, m: pd.DataFrame, standard: str, groups: pd.Series,
                    min_n: int = MIN_N) -> SubgroupReport:
    """Share ready on ``standard`` per group of ``groups`` (pseudonym -> label), with gaps,
    suppressed by every rule of :func:`plkit.classdata.equity.subgroup_gaps`."""
    part = m[m["standard"] == standard]
    ready = pd.Series((part["status"] == "ready").astype(int).to_numpy(), index=part["student"].to_numpy())
    return subgroup_gaps(ready, groups, min_n=min_n, metric="rate")


def section_gaps(gb: Gradebook, m: pd.DataFrame, standard: str, min_n: int = MIN_N) -> SubgroupReport | None:
    """Share ready on ``standard`` per section, with gaps, suppressed (None without sections)."""
    groups = sections(gb)
    if groups.empty:
        return None
    return subgroup_report(gb, m, standard, groups, min_n)


def shareable_table(gb: Gradebook, m: pd.DataFrame, min_n: int = MIN_N) -> pd.DataFrame:
    """One row per standard, aggregate and suppressed: mastery and growth side by side."""
    a = standard_summary(m, min_n)
    b = growth_summary(gb, min_n).drop(columns="students")
    out = a.merge(b, on="standard", how="left").fillna("")
    return out.astype(object)


def preview(gb: Gradebook, choice: MethodChoice) -> pd.DataFrame:
    """Side by side, every method with this choice's threshold: the share ready per standard
    (coded, aggregate). Methods that give no result are listed too."""
    rows = []
    for method in METHODS:
        alt = MethodChoice(method, None if method != choice.method else choice.weight, choice.n,
                           choice.at, choice.mastery, choice.min_evidence)
        rates = standard_rates(analyse(gb, alt))
        row = {"method": METHOD_LABELS[method]}
        row.update({r.standard: coded_rate(r.ready) for r in rates.itertuples(index=False)})
        rows.append(row)
    return pd.DataFrame(rows).fillna("")

