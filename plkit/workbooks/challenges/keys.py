"""Store keys of the "Designing guardrailed challenges" workbook: the list of challenges, the
one being edited, and one key per challenge."""

from __future__ import annotations

__all__ = ["KEYS", "challenge_key"]

KEYS = {"index": "challenges.index", "current": "challenges.current"}


def challenge_key(challenge_id: str) -> str:
    """>>> challenge_key("ab12")
    'challenges.challenge.ab12'
    """
    return f"challenges.challenge.{challenge_id}"
