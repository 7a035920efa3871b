"""A before/after snapshot of the class, for the check-ins (Guskey's fifth level, student
learning): per standard, the share of students ready to move on, suppressed where fewer than the
minimum group size have a result. Only these aggregates are saved; never a student row."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

import ipywidgets as w

from plkit.classdata.summary import ready_shares
from plkit.errors import StoreError
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, status_html
from plkit.workbooks.classdata.keys import KEYS
from plkit.workbooks.classdata.model import ClassData

__all__ = ["SnapshotPanel", "LABELS", "snapshot_rows"]

#: The two snapshots a teacher keeps: value -> label.
LABELS = {"before": "Before", "after": "After"}


def _pct(v: Any) -> str:
    return f"{round(v * 100)}%" if isinstance(v, (int, float)) and not isinstance(v, bool) else "suppressed"


def snapshot_rows(saved: Any) -> list[tuple[str, str, str, str]]:
    """(standard, before, after, change) for every standard in either snapshot, as text."""
    snaps = saved if isinstance(saved, Mapping) else {}
    parts = {k: (snaps.get(k) or {}).get("standards") or {} for k in LABELS if isinstance(snaps.get(k), Mapping)}
    before, after = parts.get("before", {}), parts.get("after", {})
    rows = []
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        both = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
        change = f"{round((a - b) * 100):+d} points" if both else ""  # type: ignore[operator]
        rows.append((name, _pct(b) if name in before else "", _pct(a) if name in after else "", change))
    return rows


class SnapshotPanel(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Keep the class's aggregate snapshot as "before" (today) and, weeks later, as "after"."""

    def __init__(self, data: ClassData) -> None:
        self.data = data
        self.buttons = {k: w.Button(description=f"Keep today's class as the {label.lower()} snapshot",
                                    layout=shared_layout(width="auto")) for k, label in LABELS.items()}
        for k, b in self.buttons.items():
            b.on_click(lambda _b, k=k: self.keep(k))
        self.alert = Html()
        self.table = Html()
        intro = Html(
            "<p>Back at school, the check-ins ask what changed for your students. Keep a snapshot of "
            "this class now (before) and again in a few weeks (after): for each standard, only the "
            "share of students ready to move on is saved, with standards that have fewer students "
            "than the minimum group size left blank. No name, no score and no student row is kept.</p>")
        super().__init__([intro, *self.buttons.values(), self.alert, self.table],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(lambda _what: self.refresh())
        self.refresh()

    def keep(self, which: str, today: date | None = None) -> str:
        """Save the snapshot ``which`` ("before" or "after") of the class loaded; the alert shown."""
        gb = self.data.gb
        if gb is None:
            message = alert_html("Load a class first: a snapshot is taken of the class on this page.")
            self.alert.value = message
            return message
        shares = ready_shares(self.data.mastery(), self.data.min_n)
        snap = {"taken": (today or date.today()).isoformat(), "min_n": self.data.min_n, "standards": shares}

        def put(old: Any) -> dict[str, Any]:
            out = dict(old) if isinstance(old, Mapping) else {}
            out[which] = snap
            return out

        try:
            self.data.store.update(KEYS["snapshots"], put)
        except StoreError as exc:
            message = alert_html(f"The snapshot was not saved: {exc}.")
            self.alert.value = message
            return message
        shown = sum(v is not None for v in shares.values())
        self.alert.value = status_html(
            f"Kept as the {LABELS[which].lower()} snapshot ({snap['taken']}): {shown} of {len(shares)} "
            "standards with a share, the others too small to show.")
        self.refresh()
        return ""

    def refresh(self) -> None:
        saved = self.data.store.get(KEYS["snapshots"])
        rows = snapshot_rows(saved)
        if not rows:
            self.table.value = "<p>No snapshot kept yet.</p>"
            return
        dates = {k: (saved.get(k) or {}).get("taken", "") for k in LABELS if isinstance(saved.get(k), Mapping)}
        head = "".join(f'<th scope="col">{html.escape(LABELS[k])} {html.escape(str(dates.get(k, "")))}</th>'
                       for k in LABELS)
        body = "".join(f'<tr><th scope="row">{html.escape(s)}</th><td>{html.escape(b)}</td><td>{html.escape(a)}'
                       f"</td><td>{html.escape(c)}</td></tr>" for s, b, a, c in rows)
        self.table.value = (
            '<table class="plkit-table"><caption>Share of students ready to move on, per standard'
            f'</caption><thead><tr><th scope="col">Standard</th>{head}<th scope="col">Change</th></tr>'
            f"</thead><tbody>{body}</tbody></table>"
            "<p><em>A change over a few weeks is a hint, not proof: classes, tasks and who was "
            "assessed all change too.</em></p>")
