"""The facilitator's view of many participants' challenges: which parts teachers open to students
and which guardrail checks fail most, anonymous."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from plkit.workbooks.challenges.guardrails import run_checks
from plkit.workbooks.challenges.keys import KEYS, challenge_key
from plkit.workbooks.challenges.model import DIMENSIONS, Challenge, clean_text

__all__ = ["group_view"]


def group_view(all_responses: Sequence[Mapping[str, Any]], min_group: int = 3) -> dict[str, Any]:
    """Facilitators' view of many participants' challenges, anonymised.

    Which dimensions teachers open to students (within guardrails or freely), how often each
    check fails, and example driving questions with no author attached. Fewer than
    ``min_group`` participants with a challenge: a message only.
    """
    per_person = []
    for r in all_responses:
        ids = r.get(KEYS["index"]) if isinstance(r, Mapping) else None
        if not isinstance(ids, list):
            continue
        chs = [Challenge.from_dict(r.get(challenge_key(i))) for i in ids
               if isinstance(r.get(challenge_key(i)), Mapping)]
        if chs:
            per_person.append(chs)
    if len(per_person) < min_group:
        return {"enough": False, "participants": len(per_person),
                "message": f"Not enough responses to show yet: the group view appears once at "
                           f"least {min_group} participants have designed a challenge."}
    challenges = [c for chs in per_person for c in chs]
    opened = {d: {"guardrails": 0, "free": 0, "teacher": 0} for d in DIMENSIONS}
    fails: dict[str, int] = {}
    for c in challenges:
        for d in DIMENSIONS:
            opened[d][c.who(d)] += 1
        for k in run_checks(c):
            fails.setdefault(k.id, 0)
            if not k.ok:
                fails[k.id] += 1
    questions = sorted({clean_text(c.data.get("driving_question")) for c in challenges
                        if clean_text(c.data.get("driving_question"))}, key=lambda q: (q.casefold(), q))
    return {"enough": True, "participants": len(per_person), "challenges": len(challenges),
            "dimensions": opened, "check_failures": fails, "driving_questions": questions,
            "message": f"{len(challenges)} challenges from {len(per_person)} participants."}
