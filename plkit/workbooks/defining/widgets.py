"""A card sort that works fully by keyboard: each card is a named radio group in a fieldset
(Tab reaches the card, arrow keys or Space choose), with feedback the moment it is sorted."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.defining.cardsort import CHOICES, Card, check, tally

__all__ = ["CardSort"]


class _Feedback:
    """A card's feedback as the HTML it stands for (what tests and callers read)."""

    def __init__(self, view: _CardView) -> None:
        self._view = view

    @property
    def value(self) -> str:
        note = self._view.note
        return f'<p role="status" aria-live="polite">{html.escape(note)}</p>' if note else ""


class _CardView(RadioGroup):
    """One card: the statement as the group's legend, the two choices, and feedback under them,
    all in one widget (a page has many cards: each widget model costs every page opening)."""

    def __init__(self, card: Card, number: int, total: int, saved: str | None) -> None:
        self.card = card
        super().__init__(
            options=[(label, value) for value, label in CHOICES.items()],
            value=saved if saved in CHOICES else None,
            description=f"Card {number} of {total}: {card.statement.text}",
        )
        self.feedback = _Feedback(self)
        self.add_class("plkit-card")
        self.render()

    @property
    def radio(self) -> _CardView:
        return self

    def render(self) -> None:
        fb = check(self.card, self.value)
        self.remove_class("plkit-card-ok")
        self.remove_class("plkit-card-look")
        if not fb.message:
            self.tone, self.note = "", ""
            return
        self.add_class("plkit-card-ok" if fb.correct else "plkit-card-look")
        # the tone first, so the border has changed by the time the words appear
        self.tone, self.note = ("ok" if fb.correct else "look"), fb.message


class CardSort(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Sort every card into "what PL is" or "what it isn't"; saved as ``{card_id: choice}``."""

    def __init__(self, store: ResponseStore, key: str, cards: Sequence[Card]) -> None:
        self.key = key
        self.cards = list(cards)
        saved = store.get(key) or {}
        if not isinstance(saved, dict):
            saved = {}
        self.views = [
            _CardView(c, i + 1, len(self.cards), saved.get(c.id)) for i, c in enumerate(self.cards)
        ]
        for v in self.views:
            v.radio.observe(self._changed(v), names="value")
        self.summary = Html()
        self.status = SaveStatus()
        self._dirty: dict[str, str] = {}
        self.saver = Saver(store, key, lambda: self.answers, self.status, 0, merge=self._merge)
        grid = w.Box(self.views)
        grid.add_class("plkit-grid")  # side by side where two fit, one column on a tablet
        super().__init__([grid, self.summary, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self._summarise()

    @property
    def answers(self) -> dict[str, str]:
        return {v.card.id: v.radio.value for v in self.views if v.radio.value in CHOICES}

    def choose(self, card_id: str, choice: str) -> None:
        """Sort one card (what a keyboard or click does in the browser)."""
        for v in self.views:
            if v.card.id == card_id:
                v.radio.value = choice
                return
        raise KeyError(card_id)

    def _changed(self, view: _CardView) -> Any:
        def handler(change: dict[str, Any]) -> None:
            view.render()
            if change["new"] in CHOICES:
                self._dirty[view.card.id] = change["new"]
            self.saver.changed()
            self._summarise()

        return handler

    def _merge(self, saved: Any) -> dict[str, str]:
        """Only the cards sorted on this page change; another tab's cards are kept."""
        merged = dict(saved) if isinstance(saved, dict) else {}
        merged.update(self._dirty)
        self._dirty = {}
        return merged

    def _summarise(self) -> None:
        done, right, total = tally(self.cards, self.answers)
        if done == 0:
            text = f"0 of {total} cards sorted."
        else:
            text = f"{done} of {total} cards sorted; {right} match the source's table."
            if done == total and right < total:
                text += " Read the feedback on the others: would you argue for your choice?"
        self.summary.value = f"<p><strong>{html.escape(text)}</strong></p>"
