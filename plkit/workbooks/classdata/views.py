"""What the teacher explores once a class is loaded: mastery per standard (chart and table), who
is ready to move on, readiness and mixed groups, learner profiles, growth and gaps, and the
shareable summary. Names appear only on this screen (from memory) and in the private group list.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from plkit.classdata.chart import mastery_chart_summary, mastery_chart_svg
from plkit.classdata.export import to_csv_bytes
from plkit.classdata.groups import BANDS, mixed_groups, readiness_groups
from plkit.classdata.heatmap import heatmap_summary, heatmap_svg, heatmap_table
from plkit.classdata.profiles import learner_profiles
from plkit.classdata.report import display_name, shareable_leaks, summary_html, table_html
from plkit.classdata.summary import (
    growth_summary,
    section_gaps,
    shareable_table,
    standard_rates,
    standard_summary,
)
from plkit.errors import PlkitError
from plkit.ui.autosave import SaveStatus
from plkit.ui.download import data_uri
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.classdata.controls import alert_html, labelled
from plkit.workbooks.classdata.keys import KEYS
from plkit.workbooks.classdata.model import ClassData

__all__ = ["MasteryView", "GroupsView", "ProfilesView", "GrowthGapsView", "ShareDownloads"]

e = html.escape
_BAND_WORDS = {"building": "building toward the standard", "approaching": "approaching mastery",
               "ready": "ready to move on", "more evidence": "needs more evidence"}
assert set(_BAND_WORDS) == set(BANDS)


class _View(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """A view that redraws whenever the class or the choices change."""

    empty = "<p>Load a class above to see this.</p>"

    def __init__(self, data: ClassData, children: list[w.Widget], after: list[w.Widget] | None = None) -> None:
        """``children`` come above the view's body, ``after`` below it."""
        self.data = data
        self.body = Html()
        super().__init__([*children, self.body, *(after or [])], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        data.on_change(lambda _w: self.refresh())

    def names(self) -> bool:
        return not bool(self.data.store.get(KEYS["hide_names"]))

    def who(self, key: str) -> str:
        gb = self.data.gb
        return display_name(gb, key) if gb is not None and self.names() else key

    def refresh(self) -> None:
        if self.data.gb is None:
            self.body.value = self.empty
            return
        try:
            self.body.value = self.render(self.data.mastery())
        except PlkitError as exc:
            self.body.value = f"<p>{e(str(exc))}</p>"

    def render(self, m: pd.DataFrame) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


class MasteryView(_View):
    """The chart of mastery per standard with its table, and who is ready on what."""

    def __init__(self, data: ClassData) -> None:
        self.hide = w.Checkbox(value=bool(data.store.get(KEYS["hide_names"])), indent=False,
                               description="Hide student names on this page (for sharing your screen)",
                               layout=shared_layout(width="100%"))
        self.hide.style.description_width = "initial"
        self.hide.observe(self._hide, names="value")
        self.summary = ""
        self.heatmap_summary = ""
        super().__init__(data, [self.hide])
        self.refresh()

    def _hide(self, change: dict[str, Any]) -> None:
        self.data.save(KEYS["hide_names"], bool(change["new"]))
        self.data._emit("settings")

    def render(self, m: pd.DataFrame) -> str:
        gb = self.data.gb
        assert gb is not None
        rates = standard_rates(m)
        self.summary = mastery_chart_summary(rates)
        chart = (f'<figure class="plkit-panel"><div role="img" aria-label="{e(self.summary)}">'
                 f"{mastery_chart_svg(rates, None)}</div><figcaption>{e(self.summary)} The table "
                 "below holds the same information.</figcaption></figure>")
        table = table_html(standard_summary(m, self.data.min_n), "Mastery per standard (the chart's data)")
        return chart + table + self.heatmap(m)

    def heatmap(self, m: pd.DataFrame) -> str:
        """Who is ready on what: the students x standards heat map and the same data as a table.
        Row-level, so on this screen only (names from memory, or pseudonyms while hidden)."""
        labels = {k: self.who(k) for k in pd.unique(m["student"])}
        choice = self.data.choice
        self.heatmap_summary = heatmap_summary(m)
        svg = heatmap_svg(m, labels, mastery=choice.mastery)
        return ("<h3>Who is ready to move on</h3><p>A heat map of every student on every standard "
                f"({e(choice.describe())}): darker cells are lower roll-ups, lighter ones higher. "
                "It stays on this screen and is never part of the shareable summary.</p>"
                f'<figure class="plkit-panel"><div role="img" aria-label="{e(self.heatmap_summary)}">'
                f"{svg}</div><figcaption>{e(self.heatmap_summary)} The table below holds the same "
                "information.</figcaption></figure>"
                + table_html(heatmap_table(m, labels),
                             "Status and roll-up per student and standard (the heat map's data)"))


class GroupsView(_View):
    """Suggested readiness groups for one standard and mixed-readiness groups, adjustable."""

    def __init__(self, data: ClassData) -> None:
        saved = data.store.get(KEYS["groups"]) if isinstance(data.store.get(KEYS["groups"]), dict) else {}
        self.standard = labelled(w.Dropdown(options=[], description="Standard for readiness groups"))
        self.size = labelled(w.BoundedIntText(value=int(saved.get("max_size", 5)), min=3, max=8,
                                              description="Largest group size (3 to 8)"))
        self._wanted = saved.get("standard")
        self.confirm = w.Button(description="Use these groups next week", layout=shared_layout(width="auto"))
        self.confirm.on_click(lambda _b: self.use())
        self.status = SaveStatus()
        if saved.get("confirmed"):
            self.status.show("saved", "Saved earlier: you chose groups for " + str(saved.get("standard")) + ".")
        self.links = Html()
        self.files: dict[str, str] = {}
        self.alert = Html()
        self.standard.observe(lambda _c: self.refresh(), names="value")
        self.size.observe(lambda _c: self.refresh(), names="value")
        super().__init__(data, [self.standard, self.size], after=[self.confirm, self.status, self.alert, self.links])
        self.refresh()

    def refresh(self) -> None:
        gb = self.data.gb
        standards = gb.standards if gb is not None else []
        if list(self.standard.options) != standards:
            keep = self.standard.value if self.standard.value in standards else self._wanted
            self.standard.options = standards
            self.standard.value = keep if keep in standards else (standards[0] if standards else None)
        self.confirm.disabled = not standards
        super().refresh()

    def groups(self, m: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        size = int(self.size.value)
        ready = readiness_groups(m, self.standard.value, mastery=self.data.choice.mastery,
                                 min_size=min(3, size), max_size=size)
        mixed = mixed_groups(m, max_size=size, min_size=min(3, size))
        return ready, mixed

    def render(self, m: pd.DataFrame) -> str:
        if not self.standard.value:
            self.links.value, self.files = "", {}
            return "<p>Link assessments to standards above to form groups.</p>"
        ready, mixed = self.groups(m)
        ready_rows = [(int(g), _BAND_WORDS[part["band"].iloc[0]], len(part),
                       ", ".join(self.who(s) for s in part["student"]))
                      for g, part in ready.groupby("group", sort=True)]
        t1 = pd.DataFrame(ready_rows, columns=["group", "where they are", "size", "students"])
        mixed_rows = [(int(g), len(part), f"{part['value'].mean():.2f}",
                       ", ".join(self.who(s) for s in part["student"]))
                      for g, part in mixed.groupby("group", sort=True)]
        t2 = pd.DataFrame(mixed_rows, columns=["group", "size", "mean roll-up", "students"])
        self.files = {"group-list-private.csv": to_csv_bytes(self.listing(ready, mixed)).decode("utf-8-sig")}
        self.links.value = (
            f'<p><a class="plkit-button" download="group-list-private.csv" '
            f'href="{data_uri(self.files["group-list-private.csv"], "text/csv")}">'
            "Download the group list (CSV, with names)</a></p>"
            '<p class="plkit-notice">For your own computer only: this list names your students. It is '
            "made here in this page, is not saved by plkit and is not sent anywhere; keep it on "
            "your machine and do not share, upload or email it.</p>")
        return (table_html(t1, f"Readiness groups for {self.standard.value}, neediest first")
                + table_html(t2, "Mixed-readiness groups (every group has a spread of readiness)"))

    def listing(self, ready: pd.DataFrame, mixed: pd.DataFrame) -> pd.DataFrame:
        """The groups as a list, one student per row: readiness groups on the chosen standard
        (neediest first), then mixed-readiness groups. Names on the teacher's machine only."""
        a = pd.DataFrame({"grouping": f"readiness groups, {self.standard.value}", "group": ready["group"],
                          "where they are": ready["band"].map(_BAND_WORDS),
                          "student": [self.who(k) for k in ready["student"]],
                          "roll-up (of 4)": ready["rollup"].round(2)})
        b = pd.DataFrame({"grouping": "mixed-readiness groups", "group": mixed["group"], "where they are": "",
                          "student": [self.who(k) for k in mixed["student"]],
                          "roll-up (of 4)": mixed["value"].round(2)})
        return pd.concat([a, b], ignore_index=True)

    def use(self) -> str:
        try:
            self.data.save(KEYS["groups"], {"standard": self.standard.value, "max_size": int(self.size.value),
                                            "confirmed": True})
        except PlkitError as exc:
            self.alert.value = alert_html(str(exc))
            return str(exc)
        self.alert.value = ""
        self.status.show("saved", f"Saved: groups for {self.standard.value}, at most {self.size.value} per group.")
        return ""


class ProfilesView(_View):
    """One learner's profile, described by standards; interests and goals stay on this page."""

    def __init__(self, data: ClassData) -> None:
        self.student = labelled(w.Dropdown(options=[], description="Learner"))
        self.interests = labelled(w.Text(description="Interests (kept on this page only, never saved)",
                                          continuous_update=False))
        self.goals = labelled(w.Text(description="Goals (kept on this page only, never saved)",
                                      continuous_update=False))
        self.notes: dict[str, dict[str, str]] = {}
        self.student.observe(self._picked, names="value")
        for t in (self.interests, self.goals):
            t.observe(self._noted, names="value")
        self._quiet = False
        super().__init__(data, [self.student, self.interests, self.goals])
        self.refresh()

    def _picked(self, _c: dict[str, Any]) -> None:
        note = self.notes.get(self.student.value or "", {})
        self._quiet = True
        self.interests.value, self.goals.value = note.get("interests", ""), note.get("goals", "")
        self._quiet = False
        super().refresh()

    def _noted(self, _c: dict[str, Any]) -> None:
        if not self._quiet and self.student.value:
            self.notes[self.student.value] = {"interests": self.interests.value, "goals": self.goals.value}
            super().refresh()

    def refresh(self) -> None:
        gb = self.data.gb
        options = sorted(((self.who(k), k) for k in gb.students), key=lambda t: t[0]) if gb is not None else []
        if list(self.student.options) != options:
            keep = self.student.value
            self.student.options = options
            keys = [k for _, k in options]
            self.student.value = keep if keep in keys else (keys[0] if keys else None)
        super().refresh()

    def render(self, m: pd.DataFrame) -> str:
        key = self.student.value
        if not key:
            return ""
        c = self.data.choice
        gb = self.data.gb
        assert gb is not None
        profile = learner_profiles(gb.scores[gb.scores["student"] == key], c.method,
                                   mastery_threshold=c.mastery, **{k: v for k, v in c.params().items()
                                                                  if k not in ("mastery", "min_evidence")})[key]
        table = profile.standards.assign(status=lambda t: t["status"].map(lambda s: s.replace("_", " ")))
        table.columns = ["standard", "roll-up (of 4)", "scores", "status", "change per assessment"]
        summary = profile.summary().replace(f"Student {key}", self.who(key))
        note = self.notes.get(key, {})
        extra = "".join(f"<li>{label}: {e(note[k])}</li>"
                        for k, label in (("interests", "Interests"), ("goals", "Goals")) if note.get(k))
        return (f'<div class="plkit-panel"><p><strong>{e(summary)}</strong></p>'
                f"<ul><li>Scored assessments: {profile.evidence}</li>"
                f"<li>Missing work: {100 * profile.missing_rate:.0f}%; "
                f"excused: {100 * profile.excused_rate:.0f}%</li>{extra}</ul>"
                + table_html(table, f"Profile by standard: {self.who(key)}") + "</div>")


class GrowthGapsView(_View):
    """Growth per standard and gaps between sections, both suppressed below the group minimum."""

    def __init__(self, data: ClassData) -> None:
        self.min_n = labelled(w.BoundedIntText(value=data.min_n, min=5, max=30,
                                               description="Smallest group to report (5 to 30 students)"))
        self.min_n.observe(self._min_n, names="value")
        super().__init__(data, [self.min_n])
        self.refresh()

    def _min_n(self, change: dict[str, Any]) -> None:
        self.data.set_min_n(int(change["new"]))

    def render(self, m: pd.DataFrame) -> str:
        gb = self.data.gb
        assert gb is not None
        n = self.data.min_n
        parts = [table_html(growth_summary(gb, n), "Growth per standard (students with at least two scores)")]
        gaps = []
        for standard in gb.standards:
            rep = section_gaps(gb, m, standard, n)
            if rep is None:
                continue
            gaps.append(table_html(rep.groups, f"Ready to move on by section, {standard}"))
            if len(rep.gaps):
                gaps.append(table_html(rep.gaps, f"Gaps between sections, {standard}"))
        if not gaps:
            parts.append("<p>The file names no sections, so there are no gaps between groups to show.</p>")
        elif all("whole class" in g for g in gaps):
            parts.append("<p>Every student is in the same section, so there are no gaps between "
                         "sections to show.</p>")
        else:
            parts += gaps
        return "".join(parts)


class ShareDownloads(_View):
    """The shareable summary (aggregate, suppressed), as a web page and as CSV."""

    empty = "<p>Load a class above to make its shareable summary.</p>"

    def __init__(self, data: ClassData) -> None:
        self.files: dict[str, str] = {}
        super().__init__(data, [])
        self.refresh()

    def render(self, m: pd.DataFrame) -> str:
        gb = self.data.gb
        assert gb is not None
        page = summary_html(gb, self.data.choice, shareable=True, min_n=self.data.min_n)
        data = to_csv_bytes(shareable_table(gb, m, self.data.min_n))
        table = data.decode("utf-8-sig")
        if shareable_leaks(page, data, gb):  # what a person reads: text and cells, not markup
            self.files = {}
            return alert_html("The shareable summary would name a student (check your standard "
                              "names), so it is not offered.")
        self.files = {"class-summary-shareable.html": page, "class-summary-shareable.csv": table}
        return (
            "<p>Aggregates only: groups under the minimum size are suppressed and no student is "
            "named. Checked by plkit's privacy guard.</p><p>"
            f'<a class="plkit-button" download="class-summary-shareable.html" href="{data_uri(page, "text/html")}">'
            "Download the shareable summary (web page)</a>"
            f'<a class="plkit-button" download="class-summary-shareable.csv" href="{data_uri(table, "text/csv")}">'
            "Download the shareable summary (CSV)</a></p>")
