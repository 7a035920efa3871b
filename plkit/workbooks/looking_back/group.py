"""The facilitator's view of the knowledge check: for each item, the share of participants who
answered it right at the start of the day and at the end. Counts only, never a name or an answer.

Each participant's first attempt (saved in "Start here") is paired with their own second attempt
(saved here), so the before and after shares are of the same people. Those who took only one of
the two are counted apart and left out of the shares. Nothing is shown below
:data:`plkit.privacy.MIN_RESPONSES` pairs, and an item answered by fewer than that many people on
either side shows no share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plkit.content.knowledge import results
from plkit.content.model import KnowledgeItem
from plkit.privacy import MIN_RESPONSES
from plkit.workbooks.looking_back.model import post_answers, pre_answers

__all__ = ["ItemShares", "KnowledgeGroupView", "group_view"]


@dataclass(frozen=True)
class ItemShares:
    item: str
    #: Share right (0 to 1) among the pairs who answered the item; None below the minimum.
    before: float | None
    after: float | None


@dataclass(frozen=True)
class KnowledgeGroupView:
    #: Participants with both attempts (the people the shares are about).
    pairs: int
    enough: bool
    items: list[ItemShares]
    #: Took the check only at the start, or only at the end (counted apart, not in the shares).
    only_before: int = 0
    only_after: int = 0
    #: Mean share of items right over the pairs, at the start and at the end.
    before: float | None = None
    after: float | None = None
    message: str = ""


def _took(answers: Any, items: Sequence[KnowledgeItem]) -> dict[str, bool | None] | None:
    r = results(answers, items)
    return r if any(v is not None for v in r.values()) else None


def _share(values: list[bool | None], minimum: int) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if len(given) >= minimum else None


def group_view(start_here: Mapping[str, Mapping[str, Any]], looking_back: Mapping[str, Mapping[str, Any]],
               items: Sequence[KnowledgeItem], min_responses: int = MIN_RESPONSES) -> KnowledgeGroupView:
    """The group's view from ``{participant: answers}`` of "Start here" and of "Looking back"
    (the participant names only pair the two attempts and are dropped at once)."""
    before = {p: r for p, a in start_here.items() if (r := _took(pre_answers(a), items)) is not None}
    after = {p: r for p, a in looking_back.items() if (r := _took(post_answers(a), items)) is not None}
    paired = [(before[p], after[p]) for p in sorted(before.keys() & after.keys())]
    only_before, only_after = len(before.keys() - after.keys()), len(after.keys() - before.keys())
    if len(paired) < min_responses:
        return KnowledgeGroupView(len(paired), False, [], only_before, only_after,
                                  message=f"Not enough responses to show yet: shares appear once at least "
                                          f"{min_responses} participants have taken both checks.")
    shares = [ItemShares(i.id, _share([b[i.id] for b, _ in paired], min_responses),
                         _share([a[i.id] for _, a in paired], min_responses)) for i in items]
    n = len(items) or 1
    mean_before = sum(sum(v is True for v in b.values()) for b, _ in paired) / (n * len(paired))
    mean_after = sum(sum(v is True for v in a.values()) for _, a in paired) / (n * len(paired))
    return KnowledgeGroupView(len(paired), True, shares, only_before, only_after, mean_before, mean_after,
                              f"{len(paired)} participants took the check at the start and at the end.")
