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


def _written(value: Any) -> bool:
    return isinstance(value, str) and any(ch.isalnum() for ch in value)


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    index = r.get(KEYS["index"])
    ids: list[Any] = index if isinstance(index, list) else []
    designed = [Challenge.from_dict(r.get(challenge_key(i))) for i in ids
                if isinstance(r.get(challenge_key(i)), Mapping)]
    good = [c for c in designed if passes_all(c)]
    # the designer opens with a blank challenge already saved: it counts once the teacher has
    # written something of their own in it (its title or its driving question)
    started = [c for c in designed if _written(c.data.get("title")) or _written(c.data.get("driving_question"))]
    return [
        Criterion("designed", "Designed a challenge", bool(started),
                  "Start a challenge: give it a title or a driving question.", step="designer"),
        Criterion(
            "guardrails",
            "Designed a challenge that passes every guardrail check",
            bool(good),
            "Work through the guardrail checks until one challenge passes them all.",
            step="designer",
        ),
    ]
