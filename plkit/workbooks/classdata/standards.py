"""Linking each assessment of the loaded class to the standard it gives evidence on."""

from __future__ import annotations

import ipywidgets as w

from plkit.errors import PlkitError
from plkit.ui.autosave import SaveStatus
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, labelled
from plkit.workbooks.classdata.model import ClassData

__all__ = ["StandardsPanel"]


class StandardsPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """A small table of the file's assessments, each with the standard it gives evidence on."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        self.inputs: dict[str, w.Text] = {}
        self.rows = w.VBox([])
        self.apply = w.Button(description="Use these standards", layout=shared_layout(width="auto"))
        self.apply.on_click(lambda _b: self.save())
        self.alert = Html()
        self.status = SaveStatus()
        self.head = Html()
        super().__init__([self.head, self.rows, self.apply, self.alert, self.status],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(self._changed)
        self.refresh()

    def _changed(self, what: str) -> None:
        if what == "data":
            self.refresh()

    def refresh(self) -> None:
        gb = self.data.gb
        if gb is None:
            self.head.value = "<p>Load a class above to link its assessments to standards.</p>"
            self.rows.children = []
            self.apply.disabled = True
            return
        items = gb.scores.drop_duplicates("item")[["item", "standard"]]
        missing = int(items["standard"].isna().sum())
        self.head.value = (
            f"<p>{len(items)} assessments; {missing} not linked to a standard yet. Type the "
            "standard code each one gives evidence on (for example RL.1), then use them.</p>")
        current = {str(i): ("" if not isinstance(s, str) else s) for i, s in zip(items["item"], items["standard"])}
        if list(self.inputs) != list(current):
            self.inputs = {i: labelled(w.Text(value=s, description=f"Standard for “{i}”",
                                              placeholder="e.g. RL.1"), "30rem")
                           for i, s in current.items()}
            self.rows.children = list(self.inputs.values())
        else:
            for i, s in current.items():
                self.inputs[i].value = s
        self.apply.disabled = False

    def save(self) -> str:
        try:
            self.data.apply_standards({i: t.value for i, t in self.inputs.items()})
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        self.alert.value = ""
        n = len(self.data.gb.standards) if self.data.gb is not None else 0
        self.status.show("saved", f"Saved: {n} standards in use.")
        return ""
