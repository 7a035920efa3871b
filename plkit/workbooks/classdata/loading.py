"""Loading a class: upload an export or use the demo class (:class:`LoadPanel`), then see what
plkit found in the file, confirm its layout or map its columns (:class:`ColumnsPanel`)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from plkit.classdata.generic import long_roles
from plkit.classdata.limits import MAX_FILE_BYTES, check_size
from plkit.classdata.read import read_table
from plkit.classdata.sheets import sheet_names
from plkit.classdata.summary import LAYOUT_LABELS
from plkit.errors import PlkitError
from plkit.ui.autosave import SaveStatus
from plkit.ui.fileinput import FileInput
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, e, labelled, status_html
from plkit.workbooks.classdata.keys import KEYS
from plkit.workbooks.classdata.model import ClassData

__all__ = ["ColumnsPanel", "LoadPanel"]

_ROLES = {"name": "Column with the students' names", "id": "Column with the student IDs",
          "item": "Column with the assessment names", "standard": "Column with the standards",
          "score": "Column with the scores", "max_points": "Column with the points possible",
          "date": "Column with the dates"}  # fmt: skip
_LONG_ROLES = ("name", "id", "item", "standard", "score", "max_points", "date")


class LoadPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Upload an export (CSV or .xlsx) or start with the demo class."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        self.upload = FileInput(accept=".csv,.tsv,.txt,.xlsx", max_bytes=MAX_FILE_BYTES,
                                description="Upload your gradebook file (CSV or .xlsx)")
        self.demo = w.Button(description="Use the demo class", layout=shared_layout(width="auto"),
                             tooltip="Load 24 invented students with four standards")
        self.alert = Html()
        self.status = Html()
        self.sheet = labelled(w.Dropdown(options=[("(choose a sheet)", "")], value="",
                                         description="Sheet of your workbook to read"))
        self.sheet.layout.display = "none"
        self.sheet.observe(lambda change: self.choose_sheet(change["new"]), names="value")
        self._book: bytes | None = None  # an uploaded workbook with several sheets, in memory only
        self.upload.on_file(self._received)
        self.upload.on_too_big(lambda _name, size: self._too_big(size))
        self.demo.on_click(lambda _b: self.use_demo())
        intro = Html(
            "<p>Your file is read here, in this page's memory. Student names never go into your "
            "saved answers, and nothing is sent anywhere.</p>")
        or_demo = Html("<p>Or explore first with an invented class:</p>")
        super().__init__([intro, self.upload, self.sheet, or_demo, self.demo, self.alert, self.status],
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

    def _too_big(self, size: int) -> None:
        """A file over the limit, refused before the browser read it (the class loaded stays)."""
        try:
            check_size(size)
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))

    def _received(self, name: str, data: bytes) -> None:
        self.receive(name, data)

    def receive(self, name: str, data: bytes) -> str:
        """Read an uploaded file; returns the alert shown ("" when it loaded). A workbook with
        several sheets holding data offers them in the sheet menu."""
        self._offer(None)
        try:
            sheets = sheet_names(bytes(data))
            if sheets is not None and len(sheets.with_data) > 1:
                self._offer(bytes(data), sheets.with_data)
            self.data.load_bytes(data)
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        self.alert.value = ""
        return ""

    def _offer(self, book: bytes | None, names: list[str] | None = None) -> None:
        self._book = book
        with self.sheet.hold_trait_notifications():
            self.sheet.options = [("(choose a sheet)", "")] + [(n, n) for n in names or []]
            self.sheet.value = ""
        self.sheet.layout.display = "" if book is not None else "none"

    def choose_sheet(self, name: str) -> str:
        """Read the chosen sheet of the workbook uploaded last; returns the alert shown."""
        if not name or self._book is None:
            return ""
        try:
            table, _sep = read_table(self._book, sheet=name)
            self.data.load_bytes(table.to_csv(index=False, header=False).encode("utf-8"))
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


class ColumnsPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
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
        self.max_points = labelled(w.BoundedFloatText(
            value=0, min=0, max=1000, step=1,
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
            guess = {k: v for k, v in long_roles(cols).items() if v}
        roles = ("name", "id") if layout == "wide" else _LONG_ROLES
        self.roles = {}
        for role in roles:
            value = saved.get(role) or guess.get(role)
            dd = labelled(w.Dropdown(options=[("(none)", "")] + [(c, c) for c in cols],
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
