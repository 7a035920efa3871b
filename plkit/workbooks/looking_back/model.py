"""The "Looking back" domain: the participant's two attempts at the knowledge check, paired, in
words and rows a page, a card and a facilitator's view can show. No widgets.

The first attempt was saved in "Start here" (its ``knowledge_pre`` key), the second here; the
scoring itself is :mod:`plkit.content.knowledge`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plkit.content import Catalog
from plkit.content.knowledge import STATUS_TEXT, Change, Score, change
from plkit.content.model import KNOWLEDGE_KINDS, KnowledgeItem
from plkit.workbooks.looking_back.keys import KEYS
from plkit.workbooks.start_here.keys import KEYS as START

__all__ = ["Row", "pre_answers", "post_answers", "my_change", "item_label", "rows", "result_text",
           "score_text", "summary_sentence"]


def pre_answers(start_here: Mapping[str, Any]) -> Any:
    """What was saved for the first attempt in "Start here" (as saved: cleaned when scored)."""
    return start_here.get(START["knowledge_pre"]) if isinstance(start_here, Mapping) else None


def post_answers(looking_back: Mapping[str, Any]) -> Any:
    """What was saved for the second attempt here."""
    return looking_back.get(KEYS["knowledge_post"]) if isinstance(looking_back, Mapping) else None


def my_change(start_here: Mapping[str, Any], looking_back: Mapping[str, Any],
              items: Sequence[KnowledgeItem]) -> Change:
    """One participant's change: their own first attempt against their own second."""
    return change(pre_answers(start_here), post_answers(looking_back), items)


def item_label(n: int, item: KnowledgeItem, cat: Catalog) -> str:
    """A short name for item number ``n``: what it asks, and its component when it has one."""
    label = f"{n}. {KNOWLEDGE_KINDS.get(item.kind, item.kind)}"
    if item.component:
        name = next((c.name for c in cat.components if c.id == item.component), item.component)
        label += f" ({name})"
    return label


def result_text(result: bool | None) -> str:
    return {True: "Right", False: "Not right", None: "Not answered"}[result]


@dataclass(frozen=True)
class Row:
    """One line of the item-by-item change."""

    label: str
    before: str
    now: str
    change: str


def rows(c: Change, items: Sequence[KnowledgeItem], cat: Catalog) -> list[Row]:
    """The change item by item, in the check's order (``before`` is "" without a first attempt)."""
    by_id = {i.id: i for i in items}
    return [Row(item_label(n, by_id[ic.item], cat), result_text(ic.before) if c.has_pre else "",
                result_text(ic.now), STATUS_TEXT[ic.status] if c.has_pre else "")
            for n, ic in enumerate(c.items, 1)]


def score_text(s: Score) -> str:
    """"9 of 16 right (12 answered)" or "9 of 16 right"."""
    text = f"{s.right} of {s.total} right"
    return text if s.answered == s.total else f"{text} ({s.answered} answered)"


def summary_sentence(c: Change) -> str:
    """The change overall in one or two plain sentences."""
    if not c.has_pre:
        return (f"You did not take the knowledge check in Start here, so there is no first attempt "
                f"to compare with. Now: {score_text(c.now)}.")
    assert c.before is not None
    head = f"The first time: {score_text(c.before)}. Now: {score_text(c.now)}."
    if c.now.answered < c.now.total:
        return head + " Answer the rest to see your whole change."
    diff = c.difference or 0
    if diff > 0:
        return head + f" That is {diff} more right than at the start of the day."
    if diff < 0:
        return head + f" That is {-diff} fewer right than at the start: worth a look at the explanations."
    return head + " The same number right as at the start of the day."
