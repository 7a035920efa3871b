"""Completion criteria of the "Fifteen nightmares" workbook, from saved answers alone.

The progress display, the submit panel and nbgrader's hidden test cell all call :func:`criteria`
(through :func:`plkit.completion.evaluate`). Imports nothing heavy: nbgrader runs it for every
submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import MIN_REFLECTION_WORDS, Criterion, word_count
from plkit.content import load_catalog
from plkit.workbooks.nightmares.keys import KEYS
from plkit.workbooks.nightmares.model import plan_of, ratings_from, top_three

__all__ = ["criteria"]


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    order = [n.id for n in load_catalog().nightmares]
    ratings = ratings_from(r.get(KEYS["ratings"]))
    rated = sum(1 for nid in order if nid in ratings and ratings[nid].done)
    plans = [nid for nid in top_three(r, order) if plan_of(r, nid).get("first-step")]
    refl = word_count(r.get(KEYS["reflective"]))
    return [
        Criterion(
            "ratings",
            f"Rated all {len(order)} nightmares (or marked them not sure)",
            rated == len(order),
            f"Rate the remaining {len(order) - rated} nightmares, or mark them not sure.",
            step="rate",
        ),
        Criterion(
            "action-plan",
            "Wrote an action plan with a first step",
            bool(plans),
            "Write the first step of an action plan for one of your top three.",
            step="action-plans",
        ),
        Criterion(
            "reflective",
            "Answered the reflective question",
            refl >= MIN_REFLECTION_WORDS,
            f"Answer the reflective question in at least {MIN_REFLECTION_WORDS} words.",
        ),
    ]
