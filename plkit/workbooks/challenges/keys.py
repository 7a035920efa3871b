"""Store keys of the "Designing guardrailed challenges" workbook: the list of challenges, the
one being edited, one key per challenge (its critical friend's feedback saved inside it), the
teacher's own standards, and the strategy they chose in the introduction."""

from __future__ import annotations

__all__ = ["KEYS", "STANDARDS_KEY", "challenge_key"]

KEYS = {
    "index": "challenges.index",
    "current": "challenges.current",
    #: Which way of making PL manageable the teacher will lean on (a strategy id, or "other"),
    #: and how (optional, in the introduction).
    "strategy": "challenges.strategy",
    "strategy_note": "challenges.strategy-note",
}
#: The standards the teacher loaded from their own file (a list of plain dicts).
STANDARDS_KEY = "challenges.standards"


def challenge_key(challenge_id: str) -> str:
    """The store key of one challenge.

    >>> challenge_key("ab12")
    'challenges.challenge.ab12'
    """
    return f"challenges.challenge.{challenge_id}"
