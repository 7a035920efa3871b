"""The facilitator's view of the group's nightmare ratings: counts per level and the top three,
anonymous, nothing below the minimum number of responses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from plkit.privacy import MIN_RESPONSES
from plkit.workbooks.nightmares.keys import KEYS
from plkit.workbooks.nightmares.model import IMPACT, PRESENCE, ratings_from, top_three

__all__ = ["MIN_GROUP", "GroupView", "group_view"]


#: Fewer responses than this and the group view shows nothing that could identify someone.
MIN_GROUP = 3


@dataclass(frozen=True)
class GroupView:
    responses: int
    enough: bool
    message: str
    nightmares: list[dict[str, Any]] = field(default_factory=list)
    top_three: list[dict[str, Any]] = field(default_factory=list)
    yes_buts: list[str] = field(default_factory=list)


def group_view(
    all_responses: Iterable[Mapping[str, Any]],
    nightmares: Sequence[Any],
    min_group: int = MIN_GROUP,
) -> GroupView:
    """The group's nightmare picture from many participants' saved answers, anonymised.


    Per nightmare: how many chose each presence and impact level; the nightmares most often in
    participants' top three; the "yes, buts" as a sorted list with nobody's name attached.
    With fewer than ``min_group`` responses, nothing but a message.
    """
    rows = [r for r in all_responses if isinstance(r, Mapping) and r.get(KEYS["ratings"])]
    n = len(rows)
    if n < min_group:
        return GroupView(
            n, False,
            f"Not enough responses to show yet: the group view appears once at least "
            f"{min_group} participants have rated the nightmares.",
        )
    order = [nm.id for nm in nightmares]
    per: list[dict[str, Any]] = []
    for nm in nightmares:
        pres: Counter[str] = Counter()
        imp: Counter[str] = Counter()
        for row in rows:
            r = ratings_from(row.get(KEYS["ratings"])).get(nm.id)
            if r is None:
                continue
            if r.presence:
                pres[r.presence] += 1
            if r.impact:
                imp[r.impact] += 1
        per.append({
            "id": nm.id,
            "number": nm.number,
            "title": nm.title,
            "presence": {label: pres.get(v, 0) for v, label in PRESENCE.items()},
            "impact": {label: imp.get(v, 0) for v, label in IMPACT.items()},
        })
    tops: Counter[str] = Counter()
    for row in rows:
        tops.update(top_three(row, order))
    titles = {nm.id: nm.title for nm in nightmares}
    top = [
        {"id": nid, "title": titles[nid], "participants": count}
        for nid, count in sorted(tops.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    ][:3]
    yes_buts = sorted(
        {t.strip() for row in rows if isinstance(t := row.get(KEYS["yes_buts"]), str) and t.strip()},
        key=lambda t: (t.casefold(), t),
    )
    return GroupView(n, True, f"{n} participants' responses.", per, top, yes_buts)


def nightmare_heatmap(responses: Sequence[Mapping[str, Any]], nightmares: Sequence[Any],
                      min_responses: int = MIN_RESPONSES) -> Any:
    """The nightmares group view (counts per presence and impact level, top three)."""

    return group_view(responses, nightmares, min_group=min_responses)
