"""Rating the fifteen nightmares, ranking them, and the group view. No widgets.

Each nightmare is rated on two scales: how present it is in the participant's school or division
now, and how much it would hurt. Either may be "not sure". The priority of a nightmare is
presence x impact; ties go to the higher impact, then the higher presence, then seed order.

>>> r = {"n1": Rating("3", "3"), "n2": Rating("2", "3"), "n3": Rating("not-sure", "1")}
>>> ranked_ids(r, ["n1", "n2", "n3"])
['n1', 'n2']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plkit.workbooks.nightmares.keys import KEYS, PLAN_FIELDS, note_key, plan_key

__all__ = [
    "PRESENCE",
    "IMPACT",
    "NOT_SURE",
    "PLAN_FIELDS",
    "KEYS",
    "Rating",
    "ratings_from",
    "score",
    "ranked_ids",
    "suggested_top_three",
    "top_three",
    "plan_key",
    "note_key",
    "plan_of",
]

NOT_SURE = "not-sure"

#: value -> label, lowest first. Values are strings so they round-trip through JSON unchanged.
PRESENCE: dict[str, str] = {
    "0": "Not present",
    "1": "A little",
    "2": "Quite a lot",
    "3": "Very present",
    NOT_SURE: "Not sure",
}
IMPACT: dict[str, str] = {
    "1": "Would hurt a little",
    "2": "Would hurt quite a lot",
    "3": "Would hurt a great deal",
    NOT_SURE: "Not sure",
}


@dataclass(frozen=True)
class Rating:
    presence: str | None = None
    impact: str | None = None

    @property
    def done(self) -> bool:
        """Rated, or honestly marked "not sure"."""
        if NOT_SURE in (self.presence, self.impact):
            return True
        return self.presence in PRESENCE and self.impact in IMPACT

    @property
    def scored(self) -> bool:
        return (
            self.presence in PRESENCE and self.impact in IMPACT
            and NOT_SURE not in (self.presence, self.impact)
        )


def ratings_from(value: Any) -> dict[str, Rating]:
    """Saved ratings (``{id: {"presence": .., "impact": ..}}``) as Rating objects; junk ignored."""
    out: dict[str, Rating] = {}
    if not isinstance(value, Mapping):
        return out
    for nid, r in value.items():
        if not isinstance(r, Mapping):
            continue
        p, i = r.get("presence"), r.get("impact")
        out[str(nid)] = Rating(p if isinstance(p, str) and p in PRESENCE else None,
                               i if isinstance(i, str) and i in IMPACT else None)
    return out


def score(r: Rating) -> int | None:
    """presence x impact (0..9), or None when not rated or not sure."""
    if not r.scored or r.presence is None or r.impact is None:  # scored: neither is None
        return None
    return int(r.presence) * int(r.impact)


def ranked_ids(ratings: Mapping[str, Rating], order: Sequence[str]) -> list[str]:
    """Scored nightmares, highest priority first (ties: impact, then presence, then order)."""
    pos = {nid: i for i, nid in enumerate(order)}
    scored = [nid for nid in order if nid in ratings and score(ratings[nid]) is not None]
    return sorted(
        scored,
        key=lambda nid: (
            -(score(ratings[nid]) or 0),
            -int(ratings[nid].impact or 0),
            -int(ratings[nid].presence or 0),
            pos[nid],
        ),
    )


def suggested_top_three(ratings: Mapping[str, Rating], order: Sequence[str]) -> list[str]:
    """The three highest-priority nightmares with a score above zero."""
    return [nid for nid in ranked_ids(ratings, order) if (score(ratings[nid]) or 0) > 0][:3]


def top_three(responses: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    """The participant's own choice if they made one, else the suggestion."""
    chosen = responses.get(KEYS["top_three"])
    if isinstance(chosen, list):
        picked = [c for c in chosen if isinstance(c, str) and c in order]
        picked = list(dict.fromkeys(picked))
        if picked:
            return picked[:3]
    return suggested_top_three(ratings_from(responses.get(KEYS["ratings"])), order)


def plan_of(responses: Mapping[str, Any], nightmare_id: str) -> dict[str, str]:
    """The saved action plan for one nightmare: ``{field: text}`` (blank fields left out)."""
    out = {}
    for part in PLAN_FIELDS:
        v = responses.get(plan_key(nightmare_id, part))
        if isinstance(v, str) and v.strip():
            out[part] = v.strip()
    return out


# -- the group view (facilitators) ---------------------------------------------------------


