"""Completion criteria of a check-in (two or six weeks on), from its saved answers alone.

Complete when the participant has said how at least one first step went (or, without a plan,
written what they tried), answered the three questions on support, and written what they will do
next for at least one nightmare (or their own next step). Imports nothing heavy: nbgrader runs it
for every submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import MIN_REFLECTION_WORDS, Criterion, word_count
from plkit.workbooks.checkin.keys import KEYS, SUPPORT_IDS
from plkit.workbooks.checkin.model import next_steps, reported_steps, support_answers, text

__all__ = ["criteria"]


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    tried = word_count(text(r.get(KEYS["happened"])))
    answered = len(support_answers(r))
    return [
        Criterion("first-steps", "Said how your first steps went",
                  bool(reported_steps(r)) or tried >= MIN_REFLECTION_WORDS,
                  "Say whether you took at least one first step (done, started or not yet); without "
                  f"a plan, write what you tried in at least {MIN_REFLECTION_WORDS} words."),
        Criterion("support", "Answered the three questions on support", answered == len(SUPPORT_IDS),
                  f"Answer the three questions on support ({answered} of {len(SUPPORT_IDS)} answered)."),
        Criterion("next", "Wrote what you will do next", bool(next_steps(r)),
                  "Write what you will do next for at least one nightmare (without a plan, your own "
                  "next step).", step="next-steps"),
    ]
