"""Completion criteria of the "Looking back" workbook, from saved answers alone: every item of the
knowledge check answered in this second attempt (the reflection and exit ticket are optional).

Imports nothing heavy: nbgrader runs it for every submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import Criterion
from plkit.content import load_catalog
from plkit.content.knowledge import score
from plkit.workbooks.looking_back.keys import KEYS

__all__ = ["criteria"]


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    s = score(r.get(KEYS["knowledge_post"]), load_catalog().knowledge)
    return [
        Criterion("knowledge", "Answered every question of the knowledge check",
                  s.answered == s.total,
                  f"Answer every question of the knowledge check ({s.answered} of {s.total} answered).",
                  step="knowledge-check"),
    ]
