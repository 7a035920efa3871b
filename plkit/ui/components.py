"""The ipywidgets components every workbook uses. Each keeps its state in plain attributes and
in the store, so tests drive it without a browser: set ``.value`` on its input, read its status.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any, cast

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle

from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout, shared_style

__all__ = ["ReflectionBox", "ShortAnswer", "Choice", "MultiChoice", "box"]


def box(children: Sequence[w.Widget], *classes: str) -> w.VBox:
    b = w.VBox(list(children), layout=shared_layout(width="100%"))
    b.add_class("plkit")
    for c in classes:
        b.add_class(c)
    return b


def _stack(widget: w.Widget) -> w.Widget:
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    return widget


class ReflectionBox(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """A labelled multi-line answer that autosaves (debounced) and shows its saved status."""

    def __init__(
        self,
        store: ResponseStore,
        key: str,
        label: str,
        placeholder: str = "",
        rows: int = 5,
        delay: float = 0.6,
        on_text: Callable[[str], None] | None = None,
    ) -> None:
        self.key = key
        self.input = _stack(
            w.Textarea(
                value=store.get(key) or "",
                description=label,
                placeholder=placeholder,
                rows=rows,
                continuous_update=True,
                layout=shared_layout(width="100%"),
            )
        )
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: self.input.value, self.status, delay)
        self._on_text = on_text
        self.input.observe(self._changed, names="value")
        super().__init__([self.input, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> str:
        return cast(str, self.input.value)  # ipywidgets is untyped: a Textarea's value is str

    def _changed(self, change: dict[str, Any]) -> None:
        self.saver.changed()
        if self._on_text:
            self._on_text(change["new"])

    def flush(self) -> None:
        self.saver.flush()


class ShortAnswer(ReflectionBox):
    """A one-line answer (a word or short phrase) that autosaves."""

    def __init__(self, store: ResponseStore, key: str, label: str, placeholder: str = "",
                 delay: float = 0.6, max_length: int = 60) -> None:
        self.max_length = max_length
        self.key = key
        self.input = _stack(
            w.Text(
                value=store.get(key) or "",
                description=label,
                placeholder=placeholder,
                continuous_update=True,
                layout=w.Layout(width="26rem", max_width="100%"),
            )
        )
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: self.input.value.strip()[: self.max_length],
                           self.status, delay)
        self._on_text = None
        self.input.observe(self._changed, names="value")
        w.VBox.__init__(self, [self.input, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")


class Choice(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """One choice among options (radio buttons, arrow keys), saved at once."""

    def __init__(
        self,
        store: ResponseStore,
        key: str,
        label: str,
        options: Sequence[tuple[str, str]],
        on_choice: Callable[[str | None], None] | None = None,
    ) -> None:
        self.key = key
        saved = store.get(key)
        values = [v for _, v in options]
        self.input = RadioGroup(
            options=list(options), value=saved if saved in values else None, description=label
        )
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: self.input.value, self.status, 0)
        self._on_choice = on_choice
        self.input.observe(self._changed, names="value")
        super().__init__([self.input, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> str | None:
        return self.input.value

    def _changed(self, change: dict[str, Any]) -> None:
        self.saver.changed()
        if self._on_choice:
            self._on_choice(change["new"])


class MultiChoice(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Several checkboxes, each labelled, saved as a list of the chosen values."""

    def __init__(self, store: ResponseStore, key: str, label: str,
                 options: Sequence[tuple[str, str]]) -> None:
        self.key = key
        saved = set(store.get(key) or [])
        self.order = [v for _, v in options]
        self.boxes = {
            v: w.Checkbox(value=v in saved, description=text, indent=False,
                          layout=shared_layout(width="100%"),
                          style=shared_style(CheckboxStyle, description_width="initial"))
            for text, v in options
        }
        self._dirty: dict[str, bool] = {}
        for v, cb in self.boxes.items():
            cb.observe(self._toggled(v), names="value")
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: self.value, self.status, 0, merge=self._merge)
        heading = Html(f"<p><strong>{html.escape(label)}</strong></p>")
        super().__init__([heading, *self.boxes.values(), self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> list[str]:
        return [v for v in self.order if self.boxes[v].value]

    def _toggled(self, value: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self._dirty[value] = bool(change["new"])
            self.saver.changed()

        return handler

    def _merge(self, saved: Any) -> list[str]:
        """Apply only this page's ticks and unticks to the latest saved list (other tabs' kept)."""
        chosen = set(saved) if isinstance(saved, list) else set()
        for value, on in self._dirty.items():
            (chosen.add if on else chosen.discard)(value)
        self._dirty = {}
        order = {v: i for i, v in enumerate(self.order)}
        return sorted(chosen, key=lambda v: (order.get(v, len(order)), v))
