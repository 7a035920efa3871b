"""Widgets of "Analysing your class data": load a class, confirm or map its columns, link items
to standards, choose the roll-up, and see mastery, groups, profiles, growth and gaps.

Privacy: the gradebook (names, ids, scores) lives in :class:`ClassData`, in kernel memory only.
Only the teacher's choices go to the response store, and :meth:`ClassData.save` refuses any value
in which the privacy guard finds a student identifier.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from plkit.classdata.demo import demo_gradebook
from plkit.classdata.model import Gradebook, GradebookError
from plkit.classdata.summary import KEYS, LAYOUT_LABELS, METHOD_HELP, METHOD_LABELS, MIN_N, MethodChoice, analyse
from plkit.errors import PlkitError
from plkit.store import ResponseStore
from plkit.ui.autosave import SaveStatus
from plkit.ui.fileinput import FileInput
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout

__all__ = ["ClassData", "LoadPanel", "ColumnsPanel", "StandardsPanel", "MethodPanel", "alert_html"]

e = html.escape
_ROLES = {"name": "Column with the students' names", "id": "Column with the student IDs",
          "item": "Column with the assessment names", "standard": "Column with the standards",
          "score": "Column with the scores", "max_points": "Column with the points possible",
          "date": "Column with the dates"}  # fmt: skip


def alert_html(message: str) -> str:
    """One clear sentence in a live alert (or nothing)."""
    return f'<p role="alert" class="plkit-error">{e(message)}</p>' if message else ""


def status_html(message: str) -> str:
    return f'<p role="status" aria-live="polite">{e(message)}</p>'


class ClassData:
    """The class loaded on this page: in memory only, with the choices read from the store."""

    def __init__(self, store: ResponseStore, on_roster: Callable[[Any], None] | None = None) -> None:
        self.store = store
        self.raw: bytes | None = None
        self.base: Gradebook | None = None
        self.gb: Gradebook | None = None
        self.source: str | None = None
        self.notice = ""
        self._on_roster = on_roster
        self._listeners: list[Callable[[str], None]] = []
        self._cache: tuple[Any, pd.DataFrame] | None = None

    # -- listeners -------------------------------------------------------------------------
    def on_change(self, fn: Callable[[str], None]) -> None:
        self._listeners.append(fn)

    def _emit(self, what: str) -> None:
        self._cache = None
        for fn in list(self._listeners):
            fn(what)

    # -- saving choices, never identities ----------------------------------------------------
    def save(self, key: str, value: Any) -> None:
        """Save a choice; raises :class:`PlkitError` if it would carry a student identifier."""
        if self.gb is not None and value is not None:
            from plkit.privacy import find_leaks

            if find_leaks([json.dumps(value, ensure_ascii=False)], self.gb.roster):
                raise PlkitError("Not saved: this choice contains a student's name or ID, and "
                                 "student identities are never saved.")
        self.store.set(key, value)

    @property
    def choice(self) -> MethodChoice:
        return MethodChoice.from_dict(self.store.get(KEYS["method"]))

    @property
    def min_n(self) -> int:
        v = self.store.get(KEYS["min_n"])
        return int(v) if isinstance(v, int) and 5 <= v <= 30 else MIN_N

    @property
    def item_standards(self) -> dict[str, str]:
        saved = self.store.get(KEYS["item_standards"])
        return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}

    # -- loading ---------------------------------------------------------------------------
    def _set(self, gb: Gradebook, source: str) -> None:
        self.base, self.source = gb, source
        mapped = {i: s for i, s in self.item_standards.items() if i in set(gb.scores["item"])}
        self.gb = gb.with_standards(mapped) if mapped else gb
        if self._on_roster:
            self._on_roster(gb.roster)
        self.notice = ""
        loaded = {"source": source, "layout": gb.layout}
        if self.store.get(KEYS["loaded"]) != loaded:  # not again each time the page is opened
            self.save(KEYS["loaded"], loaded)
        self._emit("data")

    def load_demo(self) -> None:
        self.raw = None
        self._set(demo_gradebook(), "demo")

    def load_bytes(self, data: bytes, mapping: Mapping[str, Any] | None = None) -> None:
        """Read an upload; on any error the class already loaded stays as it was."""
        from plkit.classdata.read import read_gradebook

        gb = read_gradebook(bytes(data), mapping=dict(mapping) if mapping else None)
        self.raw = bytes(data)
        self._set(gb, "own")

    def remap(self, mapping: Mapping[str, Any]) -> None:
        if self.raw is None:
            raise GradebookError("Column mapping needs your own file; upload it first.")
        self.load_bytes(self.raw, mapping)
        self.save(KEYS["mapping"], dict(mapping))

    def apply_standards(self, standards: Mapping[str, str]) -> None:
        clean = {str(k): str(v).strip() for k, v in standards.items() if str(v).strip()}
        merged = {**self.item_standards, **clean}
        for k, v in standards.items():
            if not str(v).strip():
                merged.pop(str(k), None)
        self.save(KEYS["item_standards"], merged)
        if self.base is not None:
            self.gb = self.base.with_standards(merged)
        self._emit("data")

    def choose(self, choice: MethodChoice) -> None:
        self.save(KEYS["method"], choice.to_dict())
        self._emit("settings")

    def set_min_n(self, n: int) -> None:
        self.save(KEYS["min_n"], int(n))
        self._emit("settings")

    # -- analysis --------------------------------------------------------------------------
    def mastery(self) -> pd.DataFrame:
        """The mastery table for the loaded class and the saved choice (cached)."""
        if self.gb is None:
            raise GradebookError("Load a class first: upload your gradebook or use the demo class.")
        key = (id(self.gb), json.dumps(self.choice.to_dict(), sort_keys=True))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, analyse(self.gb, self.choice))
        return self._cache[1]


def _labelled(widget: w.Widget, width: str = "26rem") -> w.Widget:
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    widget.layout.width = width
    widget.layout.max_width = "100%"
    return widget


class LoadPanel(w.VBox):
    """Upload an export (CSV or .xlsx) or start with the demo class."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        self.upload = FileInput(accept=".csv,.tsv,.txt,.xlsx",
                                description="Upload your gradebook file (CSV or .xlsx)")
        self.demo = w.Button(description="Use the demo class", layout=shared_layout(width="auto"),
                             tooltip="Load 24 invented students with four standards")
        self.alert = Html()
        self.status = Html()
        self.upload.on_file(lambda name, data: self.receive(name, data))
        self.demo.on_click(lambda _b: self.use_demo())
        intro = Html(
            "<p>Your file is read here, in this page's memory. Student names never go into your "
            "saved answers, and nothing is sent anywhere.</p>")
        or_demo = Html("<p>Or explore first with an invented class:</p>")
        super().__init__([intro, self.upload, or_demo, self.demo, self.alert, self.status],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(lambda _w: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        d = self.data
        if d.gb is None:
            self.status.value = status_html(d.notice or "No class loaded yet.")
            return
        who = "the demo class" if d.source == "demo" else "your file"
        self.status.value = status_html(
            f"Loaded {who}: {len(d.gb.students)} students, {len(d.gb.standards)} standards, "
            f"read as {LAYOUT_LABELS.get(d.gb.layout, d.gb.layout)}.")

    def receive(self, name: str, data: bytes) -> str:
        """Read an uploaded file; returns the alert shown ("" when it loaded)."""
        try:
            self.data.load_bytes(data)
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        self.alert.value = ""
        return ""

    def use_demo(self) -> None:
        try:
            self.data.load_demo()
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return
        self.alert.value = ""


class ColumnsPanel(w.VBox):
    """What plkit found in the file, its notes in plain words, and the column mapping."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        self.found = Html()
        self.confirm = w.Button(description="Yes, this is my file's layout", layout=shared_layout(width="auto"))
        self.confirm.on_click(lambda _b: self.confirm_layout())
        self.show_mapping = w.Button(description="Map the columns myself", layout=shared_layout(width="auto"))
        self.show_mapping.on_click(lambda _b: self._open_mapping())
        self.roles: dict[str, w.Dropdown] = {}
        self.score_boxes: dict[str, w.Checkbox] = {}
        self.max_points = _labelled(w.BoundedFloatText(value=0, min=0, max=1000, step=1,
                                    description="Points possible for each score column (0 if the file has a points row)"))
        self.apply = w.Button(description="Read the file with this mapping", layout=shared_layout(width="auto"))
        self.apply.on_click(lambda _b: self.apply_mapping())
        self.form = w.VBox([])
        self.form.layout.display = "none"
        self.alert = Html()
        self.status = SaveStatus()
        super().__init__([self.found, w.HBox([self.confirm, self.show_mapping]), self.form,
                          self.alert, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(self._changed)
        self.refresh()

    def _changed(self, what: str) -> None:
        if what == "data":
            self.refresh()

    def _columns(self) -> list[str]:
        from plkit.classdata.read import read_table

        if self.data.raw is None:
            return []
        table, _sep = read_table(self.data.raw)
        return [str(c).replace("\ufeff", "").strip() for c in table.iloc[0] if str(c).strip()]

    def refresh(self) -> None:
        d = self.data
        if d.gb is None:
            self.found.value = "<p>Load a class above to see what plkit found in it.</p>"
            self.confirm.disabled = self.show_mapping.disabled = True
            return
        gb = d.gb
        notes = "".join(f"<li>{e(n)}</li>" for n in gb.warnings) or "<li>No problems found.</li>"
        confirmed = d.store.get(KEYS["layout_confirmed"]) == gb.layout
        self.found.value = (
            f"<p>plkit read this as <strong>{e(LAYOUT_LABELS.get(gb.layout, gb.layout))}</strong>"
            f" with {len(gb.students)} students and {gb.scores['item'].nunique()} assessments."
            + (" You confirmed this layout." if confirmed else " Is that right?")
            + f"</p><p>Notes on the file:</p><ul>{notes}</ul>")
        self.confirm.disabled = False
        self.show_mapping.disabled = d.raw is None
        if gb.layout in ("wide", "long") and d.raw is not None:
            self._open_mapping()
        elif self.form.layout.display != "none" and d.raw is None:
            self.form.layout.display = "none"

    def _open_mapping(self) -> None:
        cols = self._columns()
        if not cols:
            return
        layout = self.data.gb.layout if self.data.gb is not None else "wide"
        saved = self.data.store.get(KEYS["mapping"]) or {}
        guess = dict(self.data.gb.info.get("mapping") or {}) if self.data.gb is not None else {}
        if layout != "wide":
            from plkit.classdata.generic import long_roles

            guess = {k: v for k, v in long_roles(cols).items() if v}
        roles = ("name", "id") if layout == "wide" else ("name", "id", "item", "standard", "score", "max_points", "date")
        self.roles = {}
        for role in roles:
            value = saved.get(role) or guess.get(role)
            dd = _labelled(w.Dropdown(options=[("(none)", "")] + [(c, c) for c in cols],
                                      value=value if value in cols else "", description=_ROLES[role]))
            self.roles[role] = dd
        self.score_boxes = {}
        parts: list[w.Widget] = [Html("<h4>Column mapping</h4>"), *self.roles.values()]
        if layout == "wide":
            chosen = set(saved.get("scores") or guess.get("scores") or [])
            self.score_boxes = {c: w.Checkbox(value=c in chosen, description=f"Score column: {c}",
                                              indent=False, layout=shared_layout(width="100%"))
                                for c in cols}
            parts += [Html("<p>Tick the columns that hold scores:</p>"), *self.score_boxes.values(),
                      self.max_points]
        parts.append(self.apply)
        self.form.children = parts
        self.form.layout.display = ""

    def mapping(self) -> dict[str, Any]:
        m: dict[str, Any] = {role: dd.value for role, dd in self.roles.items() if dd.value}
        if self.score_boxes:
            m["scores"] = [c for c, b in self.score_boxes.items() if b.value]
            if self.max_points.value:
                m["max_points"] = float(self.max_points.value)
        return m

    def apply_mapping(self) -> str:
        try:
            self.data.remap(self.mapping())
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        self.alert.value = ""
        self.status.show("saved", "Mapping used and saved (column names only).")
        return ""

    def confirm_layout(self) -> None:
        if self.data.gb is None:
            return
        self.data.save(KEYS["layout_confirmed"], self.data.gb.layout)
        self.status.show("saved", "Layout confirmed.")
        self.refresh()


class StandardsPanel(w.VBox):
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
            self.inputs = {i: _labelled(w.Text(value=s, description=f"Standard for “{i}”",
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


class MethodPanel(w.VBox):
    """Choose the roll-up method, its parameters and the mastery threshold; see every method
    side by side on this class."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        c = data.choice
        self.method = RadioGroup(options=[(METHOD_LABELS[m], m) for m in METHOD_LABELS],
                                 value=c.method, description="How should plkit roll up each student's scores on a standard?")
        self.help = Html()
        self.weight = _labelled(w.BoundedIntText(value=int(c.weight or 75), min=1, max=99,
                                                 description="Weight of the newest score (percent)"))
        self.n = _labelled(w.BoundedIntText(value=int(c.n), min=1, max=10,
                                            description="Times at mastery needed (n)"))
        self.at = _labelled(w.Dropdown(options=[("At the latest attempt", "last"), ("At the next attempt", "next")],
                                       value=c.at, description="Read the learning curve"))
        self.mastery = _labelled(w.BoundedFloatText(value=float(c.mastery), min=0.5, max=4, step=0.1,
                                                    description="Mastery threshold (on a 0 to 4 scale)"))
        self.min_evidence = _labelled(w.BoundedIntText(value=int(c.min_evidence), min=1, max=10,
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
        from plkit.classdata.report import table_html
        from plkit.classdata.summary import preview

        gb = self.data.gb
        if gb is None or not gb.standards:
            self.preview.value = "<p>Load a class with standards to compare the methods on it.</p>"
            return
        table = preview(gb, self.current())
        self.preview.value = table_html(
            table, f"Side by side: share of students ready on each standard, by method "
                   f"(mastery at {float(self.mastery.value):.1f})")
