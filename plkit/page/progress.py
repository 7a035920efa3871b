"""Progress through a workbook, recomputed after every saved answer."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from plkit.completion import Report, evaluate
from plkit.store import ResponseStore
from plkit.ui.shared import Html, shared_layout

__all__ = ["ProgressIndicator"]


class ProgressIndicator(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    def __init__(self, store: ResponseStore, workbook: str,
                 done_message: str = "All steps done. Submit when you are ready.") -> None:
        self.store = store
        self.workbook = workbook
        self.done_message = done_message
        self.bar = w.IntProgress(value=0, min=0, max=1, description="Progress",
                                 layout=w.Layout(width="22rem", max_width="100%"))
        self.text = Html()
        super().__init__([self.bar, self.text], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
        self.report: Report = evaluate(workbook, {})
        store.on_change(self._changed)
        self.refresh()

    def _changed(self, _key: str, _value: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.report = r = evaluate(self.workbook, self.store.all())
        self.bar.max = r.total
        self.bar.value = r.done
        self.bar.bar_style = "success" if r.complete else ""
        head = self.done_message if r.complete else f"{r.done} of {r.total} steps done."
        items = "".join(
            f"<li>{'Done' if c.met else 'To do'}: {html.escape(c.label if c.met else c.todo)}</li>"
            for c in r.criteria
        )
        self.text.value = (
            f'<p role="status" aria-live="polite"><strong>{html.escape(head)}</strong></p>'
            f"<ul>{items}</ul>"
        )
