"""The facilitator's view of a group's check-ins: how many first steps were done, started or not
yet; the mean rating of each support question; and how present the group's top nightmares are now
compared with the day. Counts and means only, never an answer's words, and nothing shown for
fewer than :data:`plkit.privacy.MIN_RESPONSES` participants.

The dashboard passes the collected answers keyed by participant (``Collected.by_workbook``): the
check-in's, and the Fifteen nightmares workbook's for the ratings given on the day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plkit.privacy import MIN_RESPONSES
from plkit.workbooks.checkin.keys import KEYS, STEP_STATUS, SUPPORT_IDS
from plkit.workbooks.checkin.model import presence_now, reported_steps, support_answers
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES

__all__ = ["PresenceChange", "CheckinGroupView", "group_view", "TOP"]

#: How many of the group's nightmares the presence view follows.
TOP = 3
_NUMERIC = ("0", "1", "2", "3")


@dataclass(frozen=True)
class PresenceChange:
    """One nightmare's mean presence (0 not present .. 3 very present) on the day and now, over
    the participants who rated it both times."""

    nightmare: str
    title: str
    participants: int
    before: float
    now: float

    @property
    def change(self) -> float:
        return round(self.now - self.before, 2)


@dataclass(frozen=True)
class CheckinGroupView:
    responses: int
    enough: bool
    #: status -> first steps reported with it (all three statuses, zero included)
    steps: dict[str, int] = field(default_factory=dict)
    #: question id -> (mean rating 1..5, participants); questions with too few answers left out
    support: dict[str, tuple[float, int]] = field(default_factory=dict)
    #: the group's most re-rated nightmares with enough participants, most re-rated first
    presence: list[PresenceChange] = field(default_factory=list)
    message: str = ""

    def step_shares(self) -> dict[str, float]:
        """status -> share of the first steps reported (0..1)."""
        total = sum(self.steps.values())
        return {s: (n / total if total else 0.0) for s, n in self.steps.items()}


def _answered(r: Mapping[str, Any]) -> bool:
    return any(r.get(k) not in (None, "", [], {}) for k in KEYS.values())


def _before(nightmares: Mapping[str, Any] | None, nightmare_id: str) -> str | None:
    ratings = nightmares.get(NIGHTMARES["ratings"]) if isinstance(nightmares, Mapping) else None
    r = ratings.get(nightmare_id) if isinstance(ratings, Mapping) else None
    p = r.get("presence") if isinstance(r, Mapping) else None
    return p if p in _NUMERIC else None


def _presence(answered: Mapping[str, Mapping[str, Any]], day: Mapping[str, Mapping[str, Any]],
              titles: Mapping[str, str], min_responses: int) -> list[PresenceChange]:
    now: dict[str, list[tuple[int, int]]] = {}
    rerated: Counter[str] = Counter()
    for who, r in answered.items():
        saved = r.get(KEYS["presence"])
        for nid in (saved if isinstance(saved, Mapping) else {}):
            value = presence_now(r, nid) if isinstance(nid, str) else None
            if value is None or value not in _NUMERIC:
                continue
            rerated[nid] += 1
            before = _before(day.get(who), nid)
            if before is not None:
                now.setdefault(nid, []).append((int(before), int(value)))
    top = sorted(rerated, key=lambda nid: (-rerated[nid], nid))[:TOP]
    out = []
    for nid in top:
        pairs = now.get(nid, [])
        if len(pairs) >= min_responses:
            out.append(PresenceChange(nid, titles.get(nid, nid), len(pairs),
                                      round(sum(b for b, _ in pairs) / len(pairs), 2),
                                      round(sum(a for _, a in pairs) / len(pairs), 2)))
    return out


def group_view(checkins: Mapping[str, Mapping[str, Any]],
               nightmares: Mapping[str, Mapping[str, Any]] | None = None,
               titles: Mapping[str, str] | None = None, min_responses: int = MIN_RESPONSES) -> CheckinGroupView:
    """The group's view of one check-in (``{participant: answers}``); with fewer than
    ``min_responses`` participants who answered, only a message."""
    answered = {who: r for who, r in checkins.items() if isinstance(r, Mapping) and _answered(r)}
    if len(answered) < min_responses:
        return CheckinGroupView(len(answered), False, message="Not enough responses to show yet.")
    steps: Counter[str] = Counter()
    reporting = 0
    ratings: dict[str, list[int]] = {q: [] for q in SUPPORT_IDS}
    for r in answered.values():
        reported = reported_steps(r)
        reporting += bool(reported)
        steps.update(reported.values())
        for q, v in support_answers(r).items():
            ratings[q].append(v)
    counts = {s: steps[s] for s in STEP_STATUS} if reporting >= min_responses else {}
    support = {q: (round(sum(vs) / len(vs), 2), len(vs)) for q, vs in ratings.items() if len(vs) >= min_responses}
    presence = _presence(answered, nightmares or {}, titles or {}, min_responses)
    return CheckinGroupView(len(answered), True, counts, support, presence)
