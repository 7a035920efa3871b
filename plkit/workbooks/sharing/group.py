"""The facilitator's view of the group's "Sharing the why" answers: the audiences chosen most, the
education jargon found most often in the drafts, and the "yes, buts" heard most. Counts only,
never a draft or an answer, and nothing below :data:`plkit.privacy.MIN_RESPONSES` responses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plkit.content.model import JargonTerm, SampleQuestion
from plkit.privacy import MIN_RESPONSES
from plkit.workbooks.sharing.keys import KEYS
from plkit.workbooks.sharing.model import jargon_in
from plkit.workbooks.sharing.plan import AUDIENCES

__all__ = ["SharingGroupView", "group_view"]


@dataclass(frozen=True)
class SharingGroupView:
    responses: int
    enough: bool
    #: (label, participants) most first
    audiences: list[tuple[str, int]]
    #: (term, drafts using it) most first
    jargon: list[tuple[str, int]]
    #: (question, participants who hear it) most first
    yes_buts: list[tuple[str, int]]
    message: str = ""


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def group_view(responses: Sequence[Mapping[str, Any]], terms: Sequence[JargonTerm],
               questions: Sequence[SampleQuestion], min_responses: int = MIN_RESPONSES) -> SharingGroupView:
    """The group's view; with fewer than ``min_responses`` participants, only a message."""
    answered = [r for r in responses if any(r.get(k) for k in KEYS.values())]
    if len(answered) < min_responses:
        return SharingGroupView(len(answered), False, [], [], [], "Not enough responses to show yet.")
    audiences: Counter[str] = Counter()
    jargon: Counter[str] = Counter()
    heard: Counter[str] = Counter()
    text_of = {q.id: q.text for q in questions}
    for r in answered:
        if r.get(KEYS["audience"]) in AUDIENCES:
            audiences[AUDIENCES[r[KEYS["audience"]]]] += 1
        draft = r.get(KEYS["draft"])
        if isinstance(draft, str):
            jargon.update({t.term for t in jargon_in(draft, terms)})
        chosen = r.get(KEYS["heard"])
        if isinstance(chosen, list):
            heard.update({text_of[q] for q in chosen if isinstance(q, str) and q in text_of})
    return SharingGroupView(len(answered), True, _ranked(audiences), _ranked(jargon), _ranked(heard))
