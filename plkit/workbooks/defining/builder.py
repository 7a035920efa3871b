"""Write a definition and see, live, which elements of PL it covers and which are missing."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w

from plkit.content.model import Element
from plkit.store import ResponseStore
from plkit.ui.components import ReflectionBox
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.defining.model import ElementCoverage, coverage, summary, word_count

__all__ = ["DefinitionBuilder"]


class DefinitionBuilder(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    def __init__(self, store: ResponseStore, key: str, elements: Sequence[Element],
                 label: str, delay: float = 0.6, min_words: int = 12) -> None:
        self.elements = list(elements)
        self.min_words = min_words
        self.editor = ReflectionBox(
            store, key, label,
            placeholder="Personalized learning at our school is…",
            rows=6, delay=delay, on_text=self._refresh,
        )
        self.checklist = Html()
        self.checklist.add_class("plkit-panel")
        self.coverage: list[ElementCoverage] = []
        super().__init__([self.editor, self.checklist], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self._refresh(self.editor.value)

    @property
    def covered(self) -> list[str]:
        return [c.id for c in self.coverage if c.covered]

    @property
    def missing(self) -> list[str]:
        return [c.id for c in self.coverage if not c.covered]

    def _refresh(self, text: str) -> None:
        self.coverage = coverage(text, self.elements)
        items = []
        for c in self.coverage:
            if c.covered:
                words = ", ".join(f"“{m}”" for m in c.matched[:3])
                items.append(
                    f'<li class="plkit-check-yes"><strong>Covered:</strong> {html.escape(c.title)}'
                    f" <span>(you wrote {html.escape(words)})</span></li>"
                )
            else:
                items.append(
                    f'<li class="plkit-check-no"><strong>Not yet:</strong> {html.escape(c.title)}.'
                    f" {html.escape(c.hint)}</li>"
                )
        n = word_count(text)
        length = (
            f"{n} words." if n >= self.min_words
            else f"{n} words so far; aim for at least {self.min_words}."
        )
        self.checklist.value = (
            f'<p role="status" aria-live="polite"><strong>{html.escape(summary(self.coverage))}'
            f"</strong> {html.escape(length)}</p><ul>{''.join(items)}</ul>"
            "<p><em>This checklist helps you think; it is not a score. A short definition "
            "that your community owns can leave some elements to other documents.</em></p>"
        )
