"""Completion criteria of the "Analysing your class data" workbook, from saved answers alone.

The progress display, the submit panel and nbgrader's hidden test cell all call :func:`criteria`
(through :func:`plkit.completion.evaluate`). Imports nothing heavy: nbgrader runs it for every
submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import MIN_REFLECTION_WORDS, Criterion, word_count
from plkit.workbooks.classdata.keys import KEYS, METHODS

__all__ = ["criteria"]


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    loaded, chosen, groups = r.get(KEYS["loaded"]), r.get(KEYS["method"]), r.get(KEYS["groups"])
    refl = word_count(r.get(KEYS["reflection"]))
    return [
        Criterion("loaded", "Loaded a class (the demo class or your own)",
                  isinstance(loaded, Mapping) and loaded.get("source") in ("demo", "own"),
                  "Upload your gradebook or use the demo class.", step="load"),
        Criterion("method", "Chose a roll-up method and mastery threshold",
                  isinstance(chosen, Mapping) and chosen.get("method") in METHODS,
                  "Choose how scores roll up into mastery."),
        Criterion("groups", "Chose groups for next week",
                  isinstance(groups, Mapping) and bool(groups.get("confirmed")),
                  "Look at the suggested groups and choose the ones you will use."),
        Criterion("reflection", "Planned what to do next week with these groups",
                  refl >= MIN_REFLECTION_WORDS,
                  f"Write at least {MIN_REFLECTION_WORDS} words about next week.", step="reflect"),
    ]
