"""The "Looking back" widgets: the knowledge check asked again, with feedback on each item once it
is answered, and the participant's own change since the first attempt, which follows every answer."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from plkit.content import Catalog
from plkit.content.knowledge import clean_answers, is_right
from plkit.content.model import KnowledgeItem
from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.looking_back.keys import KEYS
from plkit.workbooks.looking_back.model import my_change, rows, summary_sentence

__all__ = ["feedback", "KnowledgeReview", "ChangeView"]


def feedback(item: KnowledgeItem, answer: str | None) -> tuple[str, str]:
    """(note, tone) under an item: nothing until it is answered, then right or not, and why."""
    right = is_right(item, answer)
    if right is None:
        return "", ""
    if right:
        return f"Right. {item.explanation}", "ok"
    text = next(o.text for o in item.options if o.id == item.answer)
    return f"Not quite: the answer is “{text}” {item.explanation}", "look"


class _Item:
    """One item: its radio group (the scenario is the group's legend) and its saved status."""

    def __init__(self, store: ResponseStore, key: str, n: int, total: int, item: KnowledgeItem,
                 saved: str | None, show_feedback: bool) -> None:
        self.item = item
        self.show_feedback = show_feedback
        self.input = RadioGroup([(o.text, o.id) for o in item.options], value=saved,
                                description=f"Question {n} of {total}. {item.scenario}")
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: None, self.status, 0, merge=self._merge)
        if saved is None:
            self.status.show("idle", "")
        self.input.observe(lambda _c: self._answered(), names="value")
        self._note()

    def _merge(self, saved: Any) -> dict[str, Any]:
        """This item's answer into the latest saved answers (other items, other tabs, kept)."""
        out = dict(saved) if isinstance(saved, Mapping) else {}
        out[self.item.id] = self.input.value
        return out

    def _answered(self) -> None:
        self.saver.changed()
        self._note()

    def _note(self) -> None:
        if self.show_feedback:
            self.input.note, self.input.tone = feedback(self.item, self.input.value)

    @property
    def widgets(self) -> list[w.Widget]:
        return [self.input, self.status]


class KnowledgeReview(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The knowledge check's items, saved under ``key`` as ``{item id: option id}``.

    With ``show_feedback`` each item says whether its answer is right, and why, once it is
    answered (and again after a reload); without, nothing is ever said about right or wrong."""

    def __init__(self, store: ResponseStore, items: Sequence[KnowledgeItem], key: str = KEYS["knowledge_post"],
                 show_feedback: bool = True) -> None:
        saved = clean_answers(store.get(key), items)
        self.items = [_Item(store, key, n, len(items), item, saved.get(item.id), show_feedback)
                      for n, item in enumerate(items, 1)]
        super().__init__([x for i in self.items for x in i.widgets], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-knowledge-check")

    def answer(self, item_id: str, option_id: str | None) -> None:
        """Answer one item as a participant would (tests, demos)."""
        next(i for i in self.items if i.item.id == item_id).input.value = option_id


class ChangeView(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The participant's change since the first attempt, overall and item by item; follows every
    answer saved in this workbook. ``start_here``: what they saved in "Start here", or a function
    that reads it (read again at every :meth:`refresh`)."""

    def __init__(self, store: ResponseStore, cat: Catalog,
                 start_here: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> None:
        self.store = store
        self.cat = cat
        self.first_attempt = start_here if callable(start_here) else (lambda: start_here)
        self.summary = Html()
        self.table = Html()
        super().__init__([self.summary, self.table], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
        store.on_change(lambda key, _v: self.refresh() if key == KEYS["knowledge_post"] else None)
        self.refresh()

    def refresh(self) -> None:
        e = html.escape
        c = my_change(self.first_attempt(), self.store.all(), self.cat.knowledge)
        self.change = c
        self.summary.value = f"<p><strong>{e(summary_sentence(c))}</strong></p>"
        heads = ["Question", "The first time", "Now", "Change"] if c.has_pre else ["Question", "Now"]
        body = "".join(
            "<tr>" + "".join(f"<td>{e(v)}</td>" for v in ([r.label, r.before, r.now, r.change] if c.has_pre
                                                           else [r.label, r.now])) + "</tr>"
            for r in rows(c, self.cat.knowledge, self.cat))
        self.table.value = (
            '<table class="plkit-table"><caption>Your answers item by item</caption><thead><tr>'
            + "".join(f'<th scope="col">{h}</th>' for h in heads) + f"</tr></thead><tbody>{body}</tbody></table>")
