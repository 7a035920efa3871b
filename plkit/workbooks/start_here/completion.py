"""Completion criteria of the "Start here" workbook, from saved answers alone.

The progress display, the submit panel and nbgrader's hidden test cell all call :func:`criteria`
(through :func:`plkit.completion.evaluate`). Imports nothing heavy: nbgrader runs it for every
submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import Criterion, is_one_of
from plkit.workbooks.start_here.keys import KEYS
from plkit.workbooks.start_here.model import EXPERIENCE, ROLES, chosen_pathway

__all__ = ["criteria"]


def _pathway(r: Mapping[str, Any]) -> Mapping[str, Any]:
    """Only the pathway's workbook ids that are text, so any saved JSON can be judged."""
    saved = r.get(KEYS["pathway"])
    if not isinstance(saved, Mapping) or not isinstance(saved.get("order"), list):
        return {}
    return {KEYS["pathway"]: {**saved, "order": [w for w in saved["order"] if isinstance(w, str)]}}


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    return [
        Criterion("role", "Said what your role is", is_one_of(r.get(KEYS["role"]), {v for _, v in ROLES}),
                  "Choose the role that best describes you.", step="questions"),
        Criterion("experience", "Said how much experience you have with PL",
                  is_one_of(r.get(KEYS["experience"]), {v for _, v in EXPERIENCE}),
                  "Say how much experience you have with personalized learning.", step="questions"),
        Criterion("pathway", "Confirmed your pathway", chosen_pathway(_pathway(r)) is not None,
                  "Use the recommended pathway or choose your own order.", step="choose"),
    ]
