"""Linking each assessment of the loaded class to the standard it gives evidence on."""

from __future__ import annotations

import json

import ipywidgets as w

from plkit.errors import PlkitError
from plkit.privacy import find_leaks
from plkit.ui.autosave import SaveStatus
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, labelled
from plkit.workbooks.classdata.model import ClassData

__all__ = ["StandardsPanel", "naming_no_student"]


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
        """Save every link; one whose item or standard names a student is left out alone, and the
        alert says which (on the teacher's own screen)."""
        links, blocked = naming_no_student(self.data, {i: t.value for i, t in self.inputs.items()})
        try:
            self.data.apply_standards(links)
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        message = ""
        if blocked:
            which = " and ".join(f"“{i}”" for i in blocked[:3]) + (" and others" if len(blocked) > 3 else "")
            message = (f"Not saved for {which}: the assessment's name or its standard names a student, and "
                       "student identities are never saved; the other links were saved.")
        self.alert.value = alert_html(message)
        n = len(self.data.gb.standards) if self.data.gb is not None else 0
        self.status.show("saved", f"Saved: {n} standards in use.")
        return message


def naming_no_student(data: ClassData, links: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The links that name no student, and the items of those that do (checked one by one, so one
    assessment named after a student does not block the others)."""
    gb = data.gb
    if gb is None or not find_leaks([json.dumps(links, ensure_ascii=False)], gb.roster):
        return links, []
    blocked = [i for i, v in links.items()
               if str(v).strip() and find_leaks([json.dumps({i: str(v).strip()}, ensure_ascii=False)], gb.roster)]
    return {i: v for i, v in links.items() if i not in blocked}, blocked
