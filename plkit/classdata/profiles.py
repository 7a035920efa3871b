"""Learner profiles and growth, described by standards, never by ability labels.

>>> from plkit.classdata.demo import demo_gradebook
>>> profiles = learner_profiles(demo_gradebook())
>>> p = next(iter(profiles.values()))
>>> sorted(p.standards["standard"]) == ["L.2", "RL.1", "RL.2", "W.1"]
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.mastery import _layout, evidence_table, long_table, mastery
from plkit.classdata.model import Gradebook

__all__ = ["LearnerProfile", "growth", "learner_profiles"]


def growth(data: Gradebook | pd.DataFrame, scale: float | None = 4.0) -> pd.DataFrame:
    """Per student x standard: first and latest scaled score, least-squares slope per attempt.

    The slope (scale points per assessment) is NaN with fewer than two scores. Vectorised.
    """
    ev = evidence_table(data, scale)
    lay = _layout(ev)
    if len(lay.starts) == 0:
        return pd.DataFrame(columns=["student", "standard", "first", "latest", "slope", "evidence"])
    x, y, s, c = lay.pos.astype(float), lay.values, lay.starts, lay.counts.astype(float)
    sx, sy = np.add.reduceat(x, s), np.add.reduceat(y, s)
    sxx, sxy = np.add.reduceat(x * x, s), np.add.reduceat(x * y, s)
    den = c * sxx - sx * sx
    slope = np.divide(c * sxy - sx * sy, den, out=np.full(len(s), np.nan), where=c >= 2)
    return pd.DataFrame(
        {
            "student": lay.student[s],
            "standard": lay.standard[s],
            "first": y[s],
            "latest": y[s + lay.counts - 1],
            "slope": np.round(slope, 3),
            "evidence": lay.counts,
        }
    )


@dataclass
class LearnerProfile:
    """One student's profile: per-standard roll-up, status and growth, plus teacher notes."""

    student: str
    standards: pd.DataFrame
    strengths: list[str]
    needs: list[str]
    missing_rate: float
    excused_rate: float
    evidence: int
    interests: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One plain sentence about where the student is, in the language of standards."""
        parts = []
        if self.strengths:
            parts.append("ready on " + ", ".join(self.strengths))
        if self.needs:
            parts.append("building toward " + ", ".join(self.needs))
        if not parts:
            parts.append("approaching mastery on every standard with evidence")
        return "Student " + self.student + ": " + "; ".join(parts) + "."


def learner_profiles(
    data: Gradebook | pd.DataFrame,
    method: str = "decaying_average",
    *,
    mastery_threshold: float = 3.0,
    near: float | None = None,
    scale: float | None = 4.0,
    interests: Mapping[str, list[str]] | None = None,
    goals: Mapping[str, list[str]] | None = None,
    **params: Any,
) -> dict[str, LearnerProfile]:
    """A :class:`LearnerProfile` per student: strengths are standards at or above mastery,
    needs those below ``near`` (default 80% of mastery); rates count cells that were assigned."""
    table = long_table(data)
    near = 0.8 * mastery_threshold if near is None else near
    m = mastery(table, method, scale=scale, mastery=mastery_threshold, **params)
    g = growth(table, scale)[["student", "standard", "slope"]]
    per = m.merge(g, on=["student", "standard"], how="left")
    assigned = table[table["status"] != "not_assigned"]
    counts = pd.crosstab(assigned["student"], assigned["status"])
    total = counts.sum(axis=1)
    rate = {s: counts.get(s, pd.Series(0, index=counts.index)) / total for s in ("missing", "excused")}
    scored = counts.get("scored", pd.Series(0, index=counts.index))
    out: dict[str, LearnerProfile] = {}
    for student, part in per.groupby("student", sort=True):
        part = part.drop(columns="student").reset_index(drop=True)
        r = part["rollup"]
        out[str(student)] = LearnerProfile(
            student=str(student),
            standards=part,
            strengths=part.loc[r >= mastery_threshold, "standard"].tolist(),
            needs=part.loc[r < near, "standard"].tolist(),
            missing_rate=float(rate["missing"].get(student, 0.0)),
            excused_rate=float(rate["excused"].get(student, 0.0)),
            evidence=int(scored.get(student, 0)),
            interests=list((interests or {}).get(str(student), [])),
            goals=list((goals or {}).get(str(student), [])),
        )
    return out
