"""The submit panel at the end of each workbook: is it complete, check privacy, submit through
nbgrader's exchange, and say plainly what happened.

The privacy check (``privacy_check(folder)``) returns nothing when the folder may leave, or one
sentence saying which answer or file identifies a student; the panel then submits nothing."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from plkit.completion import evaluate
from plkit.errors import PlkitError
from plkit.exchange import Exchange, submit
from plkit.store import ResponseStore
from plkit.ui.autosave import flush_all
from plkit.ui.shared import Html, shared_layout

__all__ = ["SubmitPanel"]


class SubmitPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    def __init__(self, store: ResponseStore, workbook: str, folder: Path, exchange: Exchange | None,
                 participant: str,
                 privacy_check: Callable[[Path], str | None] | None = None) -> None:
        self.store = store
        self.workbook = workbook
        self.folder = Path(folder)
        self.exchange = exchange
        self.participant = participant
        self.privacy_check = privacy_check
        self.state = Html()
        self.button = w.Button(description="Submit this workbook", icon="paper-plane",
                               button_style="primary", layout=shared_layout(width="auto"),
                               tooltip="Send your saved answers to your facilitator")
        self.result = Html()
        self.button.on_click(lambda _b: self.submit())
        super().__init__([self.state, self.button, self.result], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
        store.on_change(lambda _k, _v: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        report = evaluate(self.workbook, self.store.all())
        if self.exchange is None:
            self.state.value = (
                "<p>This computer is not part of a workshop, so there is nothing to submit: your "
                "answers stay here, and you can download your card above.</p>")
            self.button.disabled = True
            return
        self.button.disabled = False
        if report.complete:
            self.state.value = "<p><strong>This workbook is complete.</strong> Submit it when you are ready.</p>"
        else:
            self.state.value = (
                f"<p><strong>{report.done} of {report.total} steps done.</strong> You can submit "
                "now and again later; each submission replaces the one before.</p>")

    def submit(self) -> str:
        """Save anything pending, check privacy, submit; returns the message shown."""
        flush_all()
        self.button.disabled = True
        try:
            problem = self.privacy_check(self.folder) if self.privacy_check is not None else None
            if problem:
                return self._show("error", f"Not submitted: {problem}.")
            result = submit(self.exchange, self.folder, self.workbook, self.participant)
            return self._show("ok", result.message)
        except PlkitError as exc:
            return self._show("error", f"Not submitted: {exc} Your answers are still saved here.")
        finally:
            self.button.disabled = self.exchange is None

    def _show(self, kind: str, message: str) -> str:
        role = "alert" if kind == "error" else "status"
        cls = "plkit-error" if kind == "error" else "plkit-status-ok"
        self.result.value = f'<p role="{role}" class="{cls}">{html.escape(message)}</p>'
        return message
