"""Store keys of the "Sharing the why" workbook."""

from __future__ import annotations

__all__ = ["KEYS", "ROADMAP_FIELDS"]

KEYS = {
    "learn_note": "sharing.learn-note",
    "audience": "sharing.audience",
    "draft": "sharing.draft",
    "heard": "sharing.yes-buts-heard",
    "own_yes_buts": "sharing.own-yes-buts",
    "answer_to": "sharing.answer-to",
    "answer": "sharing.answer",
    "roadmap": "sharing.roadmap",
}

#: The columns of one roadmap row: field -> label.
ROADMAP_FIELDS: dict[str, str] = {
    "who": "Who",
    "message": "What message",
    "channel": "Which channel",
    "when": "When",
    "return": "Where they can come back to it",
}
