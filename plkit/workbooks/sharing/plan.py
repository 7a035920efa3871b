"""Audiences, channels and the communication roadmap of "Sharing the why": plain data and
functions with no heavy imports (the completion rules use them).

>>> complete_rows([{"who": "Families", "channel": "Newsletter", "when": "October",
...                 "return": "the class web page"}, {"who": "Board"}])[0]["who"]
'Families'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.workbooks.sharing.keys import ROADMAP_FIELDS

__all__ = ["AUDIENCES", "AUDIENCE_IDS", "CHANNELS", "roadmap_rows", "complete_rows", "own_questions"]

#: Who a message is for: value -> label.
AUDIENCES: dict[str, str] = {
    "families": "Families",
    "colleagues": "Colleagues",
    "community": "The board or the wider community",
    "students": "Students",
}

#: Where a message can go.
CHANNELS: tuple[str, ...] = (
    "Newsletter", "Email or letter home", "Staff meeting", "Classroom visit", "Open house or showcase",
    "Student-led conference", "School website", "Social media", "Board or community meeting", "Other",
)

AUDIENCE_IDS = frozenset(AUDIENCES)


def roadmap_rows(value: Any) -> list[dict[str, str]]:
    """The saved roadmap as rows with every field a string (anything else is dropped)."""
    rows = []
    for row in value if isinstance(value, list) else []:
        if isinstance(row, Mapping):
            rows.append({f: row[f].strip() if isinstance(row.get(f), str) else "" for f in ROADMAP_FIELDS})
    return rows


def complete_rows(value: Any) -> list[dict[str, str]]:
    """Roadmap rows that say who, what or how, when, and where people can come back to it."""
    return [r for r in roadmap_rows(value)
            if r["who"] and (r["message"] or r["channel"]) and r["when"] and r["return"]]


def own_questions(value: Any) -> list[str]:
    """The participant's own "yes, but" questions, one per line."""
    if not isinstance(value, str):
        return []
    return [line.strip(" -•\t") for line in value.splitlines() if line.strip(" -•\t")]
