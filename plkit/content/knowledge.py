"""Scoring the knowledge check and pairing a participant's two attempts. Plain data, no widgets.

The check (Guskey's level 2: what participants learned) is taken twice: in "Start here" before
anything else, with no feedback, and in "Looking back" at the end of the day. Answers are saved
as ``{item id: option id}``; anything else saved (an unknown item, an option the item does not
offer, a damaged file) counts as not answered, and nothing here raises on any JSON.

>>> from plkit.content import load_catalog
>>> items = load_catalog(use_settings=False).knowledge
>>> first = items[0]
>>> score({first.id: first.answer, items[1].id: "no-such-option"}, items)
Score(right=1, answered=1, total=16)
>>> change({}, {first.id: first.answer}, items).has_pre
False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from plkit.content.model import KnowledgeItem

__all__ = ["Score", "ItemChange", "Change", "STATUS_TEXT", "clean_answers", "results", "score",
           "is_right", "change"]


class Score(NamedTuple):
    """Items answered right, items answered, items in the check."""

    right: int
    answered: int
    total: int


#: What an item's change says, in the words the participant reads.
STATUS_TEXT: dict[str, str] = {
    "kept": "Right both times",
    "gained": "Right now, not the first time",
    "new": "Right now; not answered the first time",
    "slipped": "Right the first time, not now",
    "not-yet": "Not right either time",
    "not-yet-new": "Not right now; not answered the first time",
    "open": "Not answered yet",
}


def clean_answers(saved: Any, items: Sequence[KnowledgeItem]) -> dict[str, str]:
    """The saved answers that are one of their item's options, ``{item id: option id}``."""
    if not isinstance(saved, Mapping):
        return {}
    out: dict[str, str] = {}
    for item in items:
        value = saved.get(item.id)
        if isinstance(value, str) and any(o.id == value for o in item.options):
            out[item.id] = value
    return out


def is_right(item: KnowledgeItem, answer: Any) -> bool | None:
    """True or False for an answer given; None when it is not one of the item's options."""
    if not isinstance(answer, str) or all(o.id != answer for o in item.options):
        return None
    return answer == item.answer


def results(saved: Any, items: Sequence[KnowledgeItem]) -> dict[str, bool | None]:
    """Each item's result in the check's order: right, wrong or None (not answered)."""
    answers = clean_answers(saved, items)
    return {item.id: is_right(item, answers.get(item.id)) for item in items}


def score(saved: Any, items: Sequence[KnowledgeItem]) -> Score:
    """How many items are answered right, how many are answered, how many there are."""
    r = results(saved, items)
    return Score(sum(v is True for v in r.values()), sum(v is not None for v in r.values()), len(items))


@dataclass(frozen=True)
class ItemChange:
    """One item, the first time (``before``) and now: True right, False wrong, None not answered."""

    item: str
    before: bool | None
    now: bool | None

    @property
    def status(self) -> str:
        """A key of :data:`STATUS_TEXT`."""
        if self.now is None:
            return "open"
        if self.before is None:
            return "new" if self.now else "not-yet-new"
        if self.before:
            return "kept" if self.now else "slipped"
        return "gained" if self.now else "not-yet"


@dataclass(frozen=True)
class Change:
    """One participant's change between the two attempts.

    ``has_pre`` is False when they skipped the first check (nothing answered there): then there
    is no pair, ``before`` is None and only the score now counts."""

    has_pre: bool
    before: Score | None
    now: Score
    items: tuple[ItemChange, ...]

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.items)

    @property
    def difference(self) -> int | None:
        """Items right now minus items right the first time (None without a first attempt)."""
        return None if self.before is None else self.now.right - self.before.right


def change(pre: Any, post: Any, items: Sequence[KnowledgeItem]) -> Change:
    """Pair one participant's first attempt (``pre``) with their second (``post``).

    Both are what was saved (``{item id: option id}``, or anything: it is cleaned first)."""
    before = results(pre, items)
    now = results(post, items)
    has_pre = any(v is not None for v in before.values())
    pairs = tuple(ItemChange(i.id, before[i.id] if has_pre else None, now[i.id]) for i in items)
    return Change(has_pre, score(pre, items) if has_pre else None, score(post, items), pairs)
