"""Progress through a workbook, recomputed after every saved answer.

Besides the bar and the list, the widget keeps a hidden element for the page's frame (plkit's Voila
template): each step's state by the tag of its notebook cell, which the step navigation shows.
"""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as w

from plkit.completion import Report, evaluate
from plkit.store import ResponseStore
from plkit.ui.shared import Html, shared_layout

__all__ = ["ProgressIndicator", "step_states"]


def step_states(report: Report) -> dict[str, str]:
    """``{cell tag: "done" or "todo"}`` of the steps ``report``'s criteria belong to: a step is
    done when all of its criteria are met.

    >>> from plkit.completion import evaluate
    >>> step_states(evaluate("defining", {}))["defining.misunderstandings"]
    'todo'
    """
    states: dict[str, str] = {}
    for c in report.criteria:
        tag = f"{report.workbook}.{c.step_id}"
        states[tag] = "done" if c.met and states.get(tag, "done") == "done" else "todo"
    return states


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
        summary = f"Progress: {r.done} of {r.total}" + (" \u2713" if r.complete else "")
        frame = (f'<div class="plkit-step-states" hidden data-summary="{html.escape(summary)}" '
                 f'data-steps="{html.escape(json.dumps(step_states(r)))}"></div>')
        self.text.value = (
            f'<p role="status" aria-live="polite"><strong>{html.escape(head)}</strong></p>'
            f"<ul>{items}</ul>{frame}"
        )
