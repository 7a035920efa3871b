"""The success criteria part of the challenge form: one text per criterion, a tick for each
chosen outcome it assesses, and buttons to add and remove criteria (renumbered as they go)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.challenges.form import text_field

__all__ = ["Rubric", "RubricRow"]


@dataclass(eq=False)
class RubricRow:
    """The controls of one criterion; ``ticks`` maps an outcome code to its checkbox."""

    text: Any
    ticks: dict[str, Any]
    remove: Any


class Rubric:
    """The criteria's controls (not a widget itself: the form places :attr:`rows` and
    :attr:`add_button`). ``chosen()`` gives the challenge's outcomes; ``on_change(text)`` is
    called after every change, ``text`` true when only a criterion's text changed."""

    def __init__(self, chosen: Callable[[], Sequence[str]], on_change: Callable[[bool], None]) -> None:
        self._chosen = chosen
        self._on_change = on_change
        self.entries: list[RubricRow] = []
        self.rows = w.VBox([])
        self.add_button = w.Button(description="Add a success criterion", icon="plus",
                                   layout=shared_layout(width="auto"))
        self.add_button.on_click(lambda _b: self.add())

    def value(self) -> list[dict[str, Any]]:
        """The criteria as saved: text stripped, with the codes of the outcomes ticked."""
        return [{"criterion": row.text.value.strip(), "outcomes": [c for c, cb in row.ticks.items() if cb.value]}
                for row in self.entries]

    def add(self, criterion: str = "", outcomes: Sequence[str] = (), save: bool = True) -> None:
        n = len(self.entries) + 1
        text = text_field(f"Success criterion {n}", criterion, "e.g. The proposal uses data from our "
                          "own lunch audit")
        remove = w.Button(description=f"Remove criterion {n}", icon="trash",
                          layout=shared_layout(width="auto"))
        row = RubricRow(text, {}, remove)
        self.entries.append(row)
        text.observe(lambda _c: self._on_change(True), names="value")
        remove.on_click(lambda _b: self.remove(row))
        self.rebuild(initial={id(row): list(outcomes)})
        if save:
            self._on_change(False)

    def remove(self, row: RubricRow) -> None:
        self.entries.remove(row)
        for i, kept in enumerate(self.entries, 1):
            kept.text.description = f"Success criterion {i}"
            kept.remove.description = f"Remove criterion {i}"
        self.rebuild()
        self._on_change(False)

    def rebuild(self, initial: dict[int, list[str]] | None = None) -> None:
        """Draw every criterion again with a tick per chosen outcome, keeping what was ticked
        (plus ``initial``: row id -> codes ticked when the row is first drawn)."""
        chosen = list(self._chosen())
        self.rows.children = [self._draw(i, row, chosen, (initial or {}).get(id(row), []))
                              for i, row in enumerate(self.entries, 1)]

    def _draw(self, n: int, row: RubricRow, chosen: list[str], initial: list[str]) -> Any:
        keep = {c for c, cb in row.ticks.items() if cb.value}
        keep |= set(initial)
        row.ticks.clear()
        for code in chosen:
            cb = w.Checkbox(value=code in keep, description=f"Criterion {n} assesses {code}",
                            indent=False, layout=shared_layout(width="auto"))
            cb.style.description_width = "initial"
            cb.observe(lambda _c: self._on_change(False), names="value")
            row.ticks[code] = cb
        hint = Html("<p><em>Choose outcomes above first.</em></p>") if not chosen else None
        tick_box = w.Box(list(row.ticks.values()))
        tick_box.add_class("plkit-grid")
        box = w.VBox([row.text, *([hint] if hint else []), tick_box, row.remove])
        box.add_class("plkit-card")
        return box
