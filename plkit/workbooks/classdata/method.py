"""Choosing how scores roll up into mastery: the method, its parameters and the threshold, with
every method side by side on the loaded class."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from plkit.classdata.report import table_html
from plkit.classdata.summary import METHOD_HELP, METHOD_LABELS, MethodChoice, preview
from plkit.errors import PlkitError
from plkit.ui.autosave import SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, e, labelled
from plkit.workbooks.classdata.model import ClassData

__all__ = ["MethodPanel"]

_QUESTION = "How should plkit roll up each student's scores on a standard?"


class MethodPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Choose the roll-up method, its parameters and the mastery threshold; see every method
    side by side on this class."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        c = data.choice
        self.method = RadioGroup(options=[(METHOD_LABELS[m], m) for m in METHOD_LABELS],
                                 value=c.method, description=_QUESTION)
        self.help = Html()
        self.weight = labelled(w.BoundedIntText(value=int(c.weight or 75), min=1, max=99,
                                                description="Weight of the newest score (percent)"))
        self.n = labelled(w.BoundedIntText(value=int(c.n), min=1, max=10,
                                           description="Times at mastery needed (n)"))
        self.at = labelled(w.Dropdown(options=[("At the latest attempt", "last"), ("At the next attempt", "next")],
                                      value=c.at, description="Read the learning curve"))
        self.mastery = labelled(w.BoundedFloatText(value=float(c.mastery), min=0.5, max=4, step=0.1,
                                                   description="Mastery threshold (on a 0 to 4 scale)"))
        self.min_evidence = labelled(w.BoundedIntText(value=int(c.min_evidence), min=1, max=10,
                                                      description="Scores needed before a student can be ready"))
        self.status = SaveStatus()
        self.alert = Html()
        self.preview = Html()
        self._quiet = False
        self.method.observe(self._method_changed, names="value")
        for ctl in (self.weight, self.n, self.at, self.mastery, self.min_evidence):
            ctl.observe(lambda _c: self._save(), names="value")
        super().__init__([self.method, self.help, self.weight, self.n, self.at, self.mastery,
                          self.min_evidence, self.status, self.alert, self.preview],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(lambda _w: self._preview())
        self._show()
        self._preview()

    def _method_changed(self, change: dict[str, Any]) -> None:
        if change["new"] in ("weighted_average", "decaying_average"):
            self._quiet = True
            self.weight.value = 75 if change["new"] == "decaying_average" else 65
            self._quiet = False
        self._save()

    def current(self) -> MethodChoice:
        return MethodChoice(self.method.value or "decaying_average", int(self.weight.value),
                            int(self.n.value), self.at.value, float(self.mastery.value),
                            int(self.min_evidence.value))

    def _save(self) -> None:
        if self._quiet:
            return
        try:
            self.data.choose(self.current())
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return
        self.alert.value = ""
        self.status.show("saved", f"Saved: {self.current().describe()}.")
        self._show()

    def _show(self) -> None:
        m = self.method.value or "decaying_average"
        self.help.value = f'<p class="plkit-feedback"><strong>{e(METHOD_LABELS[m])}:</strong> {e(METHOD_HELP[m])}</p>'
        self.weight.layout.display = "" if m in ("weighted_average", "decaying_average") else "none"
        self.n.layout.display = "" if m == "n_mastery" else "none"
        self.at.layout.display = "" if m == "power_law" else "none"

    def _preview(self) -> None:
        gb = self.data.gb
        if gb is None or not gb.standards:
            self.preview.value = "<p>Load a class with standards to compare the methods on it.</p>"
            return
        table = preview(gb, self.current())
        self.preview.value = table_html(
            table, f"Side by side: share of students ready on each standard, by method "
                   f"(mastery at {float(self.mastery.value):.1f})")
