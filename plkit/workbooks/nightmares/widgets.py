"""Widgets of the "Fifteen nightmares" workbook: rating cards, the deck (one at a time or all),
the priority chart with its table, the top-three picker and the action plans."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.content.model import Nightmare
from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.components import ReflectionBox, ShortAnswer
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.nightmares.chart import chart_summary, priority_chart_svg, priority_table_html
from plkit.workbooks.nightmares.keys import KEYS, PLAN_FIELDS, plan_key
from plkit.workbooks.nightmares.model import IMPACT, PRESENCE, note_key, ratings_from, suggested_top_three, top_three

__all__ = ["NightmareCard", "NightmareDeck", "PriorityView", "TopThreePicker", "ActionPlans"]


class NightmareCard(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """One nightmare: what it is, an example, two rating scales and an optional note."""

    def __init__(self, store: ResponseStore, nm: Nightmare, component: str, total: int,
                 delay: float) -> None:
        self.nightmare = nm
        self.store = store
        saved = ratings_from(store.get(KEYS["ratings"])).get(nm.id)
        e = html.escape
        self.text = Html(
            f"<h3>Nightmare {nm.number} of {total}: {e(nm.title)}</h3>"
            f"<p>{e(nm.summary)}</p><p><strong>For example:</strong> {e(nm.example)}</p>"
            f'<p class="plkit-status">Touches: {e(component)}</p>'
        )
        self.presence = RadioGroup(
            options=[(label, v) for v, label in PRESENCE.items()],
            value=saved.presence if saved else None,
            description=f"How present is “{nm.title}” in your school or division now?",
        )
        self.impact = RadioGroup(
            options=[(label, v) for v, label in IMPACT.items()],
            value=saved.impact if saved else None,
            description=f"How much would “{nm.title}” hurt your school's PL work?",
        )
        self.status = SaveStatus()
        self._dirty: dict[str, str] = {}
        self.saver = Saver(store, KEYS["ratings"], lambda: None, self.status, 0, merge=self._merge)
        if not saved:
            self.status.show("idle", "Not rated yet.")
        self.presence.observe(self._rated("presence"), names="value")
        self.impact.observe(self._rated("impact"), names="value")
        self.note = ShortAnswer(store, note_key(nm.id), "Note (optional)",
                                placeholder="Anything you want to remember", delay=delay,
                                max_length=400)
        scales = w.Box([self.presence, self.impact])
        scales.add_class("plkit-grid")
        super().__init__([self.text, scales, self.status, self.note],
                         layout=w.Layout(width="100%"))  # shown and hidden one by one
        self.add_class("plkit-card")

    def _rated(self, scale: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            if change["new"] is not None:
                self._dirty[scale] = change["new"]
                self.saver.changed()

        return handler

    def _merge(self, saved: Any) -> dict[str, Any]:
        """Merge this card's change into the latest saved ratings (other tabs' ratings kept)."""
        merged = ({k: dict(v) for k, v in saved.items() if isinstance(v, dict)}
                  if isinstance(saved, dict) else {})
        mine = dict(merged.get(self.nightmare.id) or {})
        mine.update(self._dirty)
        self._dirty = {}
        merged[self.nightmare.id] = mine
        return merged

    def rate(self, presence: str | None = None, impact: str | None = None) -> None:
        """What choosing on the two scales does in the browser."""
        if presence is not None:
            self.presence.value = presence
        if impact is not None:
            self.impact.value = impact


class NightmareDeck(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """All fifteen cards, shown one at a time (Previous / Next) or all at once: the teacher's
    choice, remembered."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float) -> None:
        self.store = store
        total = len(catalog.nightmares)
        self.cards = [
            NightmareCard(store, nm, catalog.component(nm.component).name, total, delay)
            for nm in catalog.nightmares
        ]
        view = store.get(KEYS["view"])
        self.view = RadioGroup(
            options=[("One at a time", "one"), ("All fifteen in a list", "all")],
            value=view if view in ("one", "all") else "one",
            description="How would you like to see the nightmares?",
        )
        self.view_status = SaveStatus()
        self.view_saver = Saver(store, KEYS["view"], lambda: self.view.value, self.view_status, 0)
        self.view_status.show("idle", "")
        self.index = 0
        self.prev = w.Button(description="Previous nightmare", icon="arrow-left",
                             tooltip="Show the previous nightmare", layout=shared_layout(width="auto"))
        self.next = w.Button(description="Next nightmare", icon="arrow-right",
                             tooltip="Show the next nightmare", layout=shared_layout(width="auto"))
        self.position = Html()
        self.prev.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.nav = w.HBox([self.prev, self.next, self.position])
        self.rated = Html()
        self.view.observe(self._view_changed, names="value")
        for c in self.cards:
            c.presence.observe(lambda _c: self._count(), names="value")
            c.impact.observe(lambda _c: self._count(), names="value")
        cards = w.Box(self.cards)
        cards.add_class("plkit-grid")  # all fifteen: side by side where two fit, one column on a tablet
        super().__init__([self.view, self.rated, self.nav, cards],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self._layout()
        self._count()

    def _view_changed(self, _change: dict[str, Any]) -> None:
        self.view_saver.changed()
        self._layout()

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.cards) - 1, index))
        self._layout()

    def _layout(self) -> None:
        one = self.view.value == "one"
        self.nav.layout.display = "" if one else "none"
        for i, c in enumerate(self.cards):
            c.layout.display = "" if (not one or i == self.index) else "none"
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(self.cards) - 1
        self.position.value = (
            f'<p role="status" aria-live="polite">Showing nightmare {self.index + 1} of '
            f"{len(self.cards)}.</p>"
        )

    def _count(self) -> None:
        ratings = ratings_from(self.store.get(KEYS["ratings"]))
        done = sum(1 for c in self.cards if c.nightmare.id in ratings and ratings[c.nightmare.id].done)
        self.rated.value = f"<p><strong>{done} of {len(self.cards)} nightmares rated.</strong></p>"

    def card(self, nightmare_id: str) -> NightmareCard:
        for c in self.cards:
            if c.nightmare.id == nightmare_id:
                return c
        raise KeyError(nightmare_id)


class PriorityView(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The priority chart and, always beside it, the same data as a table."""

    def __init__(self, store: ResponseStore, catalog: Catalog) -> None:
        self.store = store
        self.nightmares = list(catalog.nightmares)
        self.chart = Html()
        self.table = Html()
        super().__init__([self.chart, self.table], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(self._changed)
        self.refresh()

    def _changed(self, key: str, _value: Any) -> None:
        if key in (KEYS["ratings"], KEYS["top_three"]):
            self.refresh()

    def refresh(self) -> None:
        answers = self.store.all()
        ratings = ratings_from(answers.get(KEYS["ratings"]))
        order = [n.id for n in self.nightmares]
        top = top_three(answers, order)
        summary = chart_summary(ratings, self.nightmares, top)
        self.summary = summary
        self.chart.value = (
            f'<figure class="plkit-panel"><div role="img" aria-label="{html.escape(summary)}">'
            f"{priority_chart_svg(ratings, self.nightmares, top)}</div>"
            f"<figcaption>{html.escape(summary)} Numbers are nightmares; a number in "
            "[brackets] is in your top three. The table below has the same information."
            "</figcaption></figure>"
        )
        self.table.value = priority_table_html(ratings, self.nightmares, top)


class TopThreePicker(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The suggested top three, which the teacher can change (and change back)."""

    def __init__(self, store: ResponseStore, catalog: Catalog,
                 on_change: Callable[[list[str]], None] | None = None) -> None:
        self.store = store
        self.nightmares = list(catalog.nightmares)
        self.order = [n.id for n in self.nightmares]
        options = [("(none)", "")] + [(f"{n.number}. {n.title}", n.id) for n in self.nightmares]
        self.pickers = [
            w.Dropdown(options=options, value="", description=f"Priority {i + 1}",
                       layout=w.Layout(width="34rem", max_width="100%"))
            for i in range(3)
        ]
        for p in self.pickers:
            p.style.description_width = "6rem"
        self.suggestion = Html()
        self.reset = w.Button(description="Use the suggested top three",
                              tooltip="Go back to the three highest priorities from your ratings",
                              layout=shared_layout(width="auto"))
        self.reset.on_click(lambda _b: self.use_suggestion())
        self.status = SaveStatus()
        self._on_change = on_change
        self._quiet = False
        for p in self.pickers:
            p.observe(self._picked, names="value")
        super().__init__([self.suggestion, *self.pickers, self.reset, self.status],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(self._store_changed)
        self.refresh()

    @property
    def value(self) -> list[str]:
        return top_three(self.store.all(), self.order)

    def _store_changed(self, key: str, _value: Any) -> None:
        if key == KEYS["ratings"]:
            self.refresh()

    def refresh(self) -> None:
        answers = self.store.all()
        suggested = suggested_top_three(ratings_from(answers.get(KEYS["ratings"])), self.order)
        titles = {n.id: f"{n.number}. {n.title}" for n in self.nightmares}
        text = "; ".join(titles[s] for s in suggested) or "rate some nightmares first"
        chosen = answers.get(KEYS["top_three"])
        own = isinstance(chosen, list) and any(chosen)
        self.suggestion.value = (
            "<h3>Your top three</h3>"
            f"<p>Suggested from your ratings: <strong>{html.escape(text)}</strong>.</p>"
            + ("<p>You have chosen your own top three; the button below goes back to the "
               "suggestion.</p>" if own else "<p>Change them below if your experience says "
               "otherwise.</p>")
        )
        current = top_three(answers, self.order)
        self._quiet = True
        try:
            for i, p in enumerate(self.pickers):
                p.value = current[i] if i < len(current) else ""
        finally:
            self._quiet = False

    def _picked(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        chosen = [p.value for p in self.pickers if p.value]
        self.choose(chosen)

    def choose(self, ids: Sequence[str]) -> None:
        """Save the teacher's own top three (duplicates removed, at most three)."""
        picked = list(dict.fromkeys(i for i in ids if i in self.order))[:3]
        self.store.set(KEYS["top_three"], picked)
        self.status.show("saved", "Your top three is saved.")
        self.refresh()
        if self._on_change:
            self._on_change(self.value)

    def use_suggestion(self) -> None:
        self.store.set(KEYS["top_three"], None)
        self.status.show("saved", "Back to the suggested top three.")
        self.refresh()
        if self._on_change:
            self._on_change(self.value)


class ActionPlans(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """An action plan for each nightmare in the top three; plans of nightmares that leave the top
    three stay saved and come back if they return."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float) -> None:
        self.store = store
        self.catalog = catalog
        self.delay = delay
        self.order = [n.id for n in catalog.nightmares]
        self.forms: dict[str, w.VBox] = {}
        self.fields: dict[str, dict[str, ReflectionBox]] = {}
        super().__init__([], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(self._store_changed)
        self.refresh()

    def _store_changed(self, key: str, _value: Any) -> None:
        if key in (KEYS["ratings"], KEYS["top_three"]):
            self.refresh()

    def _form(self, nid: str) -> w.VBox:
        if nid not in self.forms:
            nm = next(n for n in self.catalog.nightmares if n.id == nid)
            head = Html(f"<h3>Plan for nightmare {nm.number}: {html.escape(nm.title)}</h3>")
            boxes = {
                part: ReflectionBox(
                    self.store, plan_key(nid, part), f"{label} (nightmare {nm.number})",
                    rows=2 if part in ("who", "by-when") else 3, delay=self.delay,
                )
                for part, label in PLAN_FIELDS.items()
            }
            self.fields[nid] = boxes
            form = w.VBox([head, *boxes.values()], layout=shared_layout(width="100%"))
            form.add_class("plkit-panel")
            self.forms[nid] = form
        return self.forms[nid]

    def refresh(self) -> None:
        top = top_three(self.store.all(), self.order)
        if not top:
            self.children = [Html("<p>Rate the nightmares above: your action plans appear here "
                                    "for your top three.</p>")]
            return
        forms = [self._form(nid) for nid in top]
        if list(self.children) != forms:
            self.children = forms

    def flush(self) -> None:
        for boxes in self.fields.values():
            for b in boxes.values():
                b.flush()
