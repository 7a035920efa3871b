"""Completion criteria of the "Designing guardrailed challenges" workbook, from saved answers alone.

The progress display, the submit panel and nbgrader's hidden test cell all call :func:`criteria`
(through :func:`plkit.completion.evaluate`). Imports nothing heavy: nbgrader runs it for every
submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import Criterion
from plkit.workbooks.challenges.guardrails import passes_all
from plkit.workbooks.challenges.keys import KEYS, challenge_key
from plkit.workbooks.challenges.model import Challenge

__all__ = ["criteria"]


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    index = r.get(KEYS["index"])
    ids: list[Any] = index if isinstance(index, list) else []
    designed = [Challenge.from_dict(r.get(challenge_key(i))) for i in ids
                if isinstance(r.get(challenge_key(i)), Mapping)]
    good = [c for c in designed if passes_all(c)]
    return [
        Criterion("designed", "Designed a challenge", bool(designed), "Start a challenge.", step="designer"),
        Criterion(
            "guardrails",
            "Designed a challenge that passes every guardrail check",
            bool(good),
            "Work through the guardrail checks until one challenge passes them all.",
            step="designer",
        ),
    ]
