"""Completion criteria of the "Sharing the why" workbook, from saved answers alone.

Imports nothing heavy: nbgrader runs it for every submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import Criterion, is_one_of, word_count
from plkit.workbooks.sharing.keys import KEYS
from plkit.workbooks.sharing.plan import AUDIENCE_IDS, complete_rows

__all__ = ["criteria", "MIN_DRAFT_WORDS", "MIN_ANSWER_WORDS"]

MIN_DRAFT_WORDS = 40
MIN_ANSWER_WORDS = 12


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    draft = word_count(r.get(KEYS["draft"]))
    answer = word_count(r.get(KEYS["answer"]))
    rows = complete_rows(r.get(KEYS["roadmap"]))
    return [
        Criterion("audience", "Chose who the message is for", is_one_of(r.get(KEYS["audience"]), AUDIENCE_IDS),
                  "Choose the audience for your message."),
        Criterion("draft", "Drafted the message", draft >= MIN_DRAFT_WORDS,
                  f"Write at least {MIN_DRAFT_WORDS} words of your message (now {draft})."),
        Criterion("yes-but", "Drafted an answer to a \"yes, but\"", answer >= MIN_ANSWER_WORDS,
                  f"Answer one \"yes, but\" in at least {MIN_ANSWER_WORDS} words (now {answer}).", step="yes-buts"),
        Criterion("roadmap", "Planned at least one step of the roadmap", bool(rows),
                  "Fill in one roadmap row: who, what message or channel, when, and where they can "
                  "come back to it."),
    ]
