"""The form for one challenge: every part of the design, section by section, with the guardrail
checks at the top updated on every change. Every change is saved (text after a pause)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.content.model import Dimension
from plkit.errors import StoreError
from plkit.store import ResponseStore
from plkit.ui.autosave import Debouncer, SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.challenges.checks_view import checks_footer_html, checks_html
from plkit.workbooks.challenges.form import section, source_note, text_field
from plkit.workbooks.challenges.guardrails import Check, run_checks
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, SELF_CHECK, WHO, Challenge, keep_feedback
from plkit.workbooks.challenges.rubric import Rubric
from plkit.workbooks.challenges.standards import Standard

__all__ = ["ChallengeEditor", "why_habits_html"]

Handler = Callable[[dict[str, Any]], None]


def why_habits_html(catalog: Catalog) -> str:
    """Why self-directed learners need the Habits of Mind (the content's answer to the FAQ on
    them, when it has one), with its sources."""
    faq = next((q for q in catalog.faq if q.id == "why-habits-of-mind"), None)
    why = f"<p><strong>{html.escape(faq.question)}</strong> {html.escape(faq.summary)}</p>" if faq else ""
    cites = source_note(catalog, [faq.source if faq else "", *(h.source for h in catalog.habits)])
    return f'<div class="plkit-panel">{why}{cites}</div>' if why or cites else ""


class ChallengeEditor(w.VBox):  # type: ignore[misc]  # ipywidgets ships no type information: VBox is Any
    """The form for one challenge. Every change is saved (text debounced) and re-checked."""

    def __init__(self, store: ResponseStore, challenge: Challenge, catalog: Catalog,
                 standards: Sequence[Standard], delay: float,
                 on_saved: Callable[[Challenge], None] | None = None) -> None:
        self.store = store
        self.challenge = challenge
        self.catalog = catalog
        self.standards = list(standards)
        self.on_saved = on_saved
        self.status = SaveStatus()
        self.debouncer = Debouncer(self._save, delay)
        self.dim_names = {x.id: x.name for x in catalog.dimensions}
        self.checks: list[Check] = []
        d = challenge.data
        super().__init__([
            self._checks_section(),
            self._basics_section(d),
            self._outcomes_section(d),
            self._dimensions_section(d),
            self._stage_section(d),
            self._checkpoints_section(d),
            self._rubric_section(d),
            self._habits_section(d),
            self._timeline_section(d),
            self._self_check_section(d),
            self.checks_footer,
            self.status,
        ], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.refresh_checks()

    # -- the form, section by section ------------------------------------------------------
    def _checks_section(self) -> Any:
        self.checks_panel = Html()
        self.checks_panel.add_class("plkit-panel")
        self.checks_footer = Html()
        return section("Guardrail checks", self.checks_panel,
                       intro="These update as you design. Each one says what to do.")

    def _basics_section(self, d: dict[str, Any]) -> Any:
        self.title = text_field("Title of the challenge", d["title"], "e.g. A plastic-free school lunch")
        self.question = text_field("Driving question", d["driving_question"],
                                   "e.g. How might we cut the plastic our lunches throw away?", rows=2)
        self.for_whom = text_field("Who it is for (class, grade, group)", d["for_whom"], "e.g. Grade 5")
        self.audience = text_field("Audience or use beyond the classroom", d["audience"],
                                   "e.g. the school board, families, a local business")
        self.product = text_field("What students will make", d["product"], "e.g. a proposal and a pitch")
        for key, widget in (("title", self.title), ("driving_question", self.question),
                            ("for_whom", self.for_whom), ("audience", self.audience),
                            ("product", self.product)):
            widget.observe(self._setter(key), names="value")
        return section("The challenge", self.title, self.question, self.for_whom, self.product,
                       self.audience)

    def _outcomes_section(self, d: dict[str, Any]) -> Any:
        self.filter = text_field("Filter the standards list", "", "type a code, subject or word")
        self.filter.observe(lambda _c: self._apply_filter(), names="value")
        self.outcome_boxes: dict[str, Any] = {}
        for s in self.standards:
            where = f" ({s.subject}, grade {s.grade})" if s.subject else ""
            cb = w.Checkbox(value=s.code in d["outcomes"], indent=False,
                            description=f"{s.code}: {s.description}{where}",
                            layout=w.Layout(width="100%"))  # hidden by the filter one by one
            cb.style.description_width = "initial"
            cb.observe(lambda _c: self._outcomes_changed(), names="value")
            self.outcome_boxes[s.code] = cb
        self.outcomes_box = w.VBox(list(self.outcome_boxes.values()),
                                   layout=w.Layout(max_height="18rem", overflow="auto", width="100%"))
        return section("Desired outcomes", self.filter, self.outcomes_box,
                       intro="Tick the standards or outcomes this challenge should let students show.")

    def _dimensions_section(self, d: dict[str, Any]) -> Any:
        self.who: dict[str, RadioGroup] = {}
        self.rails: dict[str, Any] = {}
        rows = w.Box([self._dimension_row(dim, d["dimensions"][dim.id])
                      for dim in self.catalog.dimensions if dim.id in DIMENSIONS])
        rows.add_class("plkit-grid")  # side by side where two fit, one column on a tablet
        return section("Who decides what", rows,
                       intro="For each part of the work, decide who chooses. When students choose "
                             "within guardrails, write the guardrail.")

    def _dimension_row(self, dim: Dimension, entry: dict[str, Any]) -> Any:
        rg = RadioGroup(options=[(label, v) for v, label in WHO.items()], value=entry["who"],
                        description=f"{dim.name}: who decides?")
        rail = text_field(f"Guardrail for {dim.name.lower()} (the options or limits)",
                          entry["guardrail"], dim.guardrail_example)
        rg.observe(self._who_changed(dim.id), names="value")
        rail.observe(self._rail_changed(dim.id), names="value")
        self.who[dim.id], self.rails[dim.id] = rg, rail
        row = w.VBox([Html(f"<p>{html.escape(dim.summary)}</p>"), rg, rail])
        row.add_class("plkit-card")
        return row

    def _stage_section(self, d: dict[str, Any]) -> Any:
        self.stage = RadioGroup(options=[(f"{s.name}: {s.summary}", s.id) for s in self.catalog.gradual_release],
                                value=d.get("stage"),
                                description="Where is this challenge on the gradual release of responsibility?")
        self.stage.observe(self._setter("stage"), names="value")
        return section("Gradual release", self.stage)

    def _checkpoints_section(self, d: dict[str, Any]) -> Any:
        self.checkpoints = {
            k: text_field(f"{label} (leave blank if none)", d["checkpoints"].get(k, ""), "when and how", rows=2)
            for k, label in CHECKPOINTS.items()
        }
        for k, widget in self.checkpoints.items():
            widget.observe(self._nested("checkpoints", k), names="value")
        return section("Formative checkpoints", *self.checkpoints.values())

    def _rubric_section(self, d: dict[str, Any]) -> Any:
        self.rubric = Rubric(lambda: self.challenge.data["outcomes"], self._rubric_changed)
        self.rubric_rows = self.rubric.rows
        self.add_criterion = self.rubric.add_button
        for row in d["rubric"]:
            self.rubric.add(row["criterion"], row["outcomes"], save=False)
        return section("Success criteria", self.rubric_rows, self.add_criterion,
                       intro="Write what good work looks like, and tick the outcomes each criterion assesses.")

    def _habits_section(self, d: dict[str, Any]) -> Any:
        self.habit_boxes = {  # each habit's meaning in its label: read aloud, and it wraps
            h.id: w.Checkbox(value=h.id in d["habits"], description=f"{h.name}: {h.summary}",
                             indent=False, layout=shared_layout(width="auto"))
            for h in self.catalog.habits
        }
        for cb in self.habit_boxes.values():
            cb.style.description_width = "initial"
            cb.observe(lambda _c: self._habits_changed(), names="value")
        habits = w.Box(list(self.habit_boxes.values()))
        habits.add_class("plkit-grid")
        self.habits_note = Html(why_habits_html(self.catalog))
        return section("Habits of Mind this challenge grows", self.habits_note, habits,
                       intro="Tick the habits students will practise as they take this challenge on.")

    def _timeline_section(self, d: dict[str, Any]) -> Any:
        self.timeline = text_field("Timeline", d["timeline"], "e.g. three weeks from 4 March; "
                                   "checkpoint on day 5", rows=2)
        self.timeline.observe(self._setter("timeline"), names="value")
        return section("Timeline", self.timeline)

    def _self_check_section(self, d: dict[str, Any]) -> Any:
        self.self_check = {
            k: text_field(label, d["self_check"].get(k, ""), rows=2) for k, label in SELF_CHECK.items()
        }
        for k, widget in self.self_check.items():
            widget.observe(self._nested("self_check", k), names="value")
        return section("Meaningful, authentic, rigorous: a self-check", *self.self_check.values())

    # -- changes ---------------------------------------------------------------------------
    def _setter(self, key: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data[key] = change["new"]
            self.changed(text=isinstance(change["new"], str) and key != "stage")
        return handler

    def _nested(self, group: str, key: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data[group][key] = change["new"]
            self.changed(text=True)
        return handler

    def _who_changed(self, dim: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data["dimensions"][dim]["who"] = change["new"] or "teacher"
            self.changed(text=False)
        return handler

    def _rail_changed(self, dim: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data["dimensions"][dim]["guardrail"] = change["new"]
            self.changed(text=True)
        return handler

    def _outcomes_changed(self) -> None:
        self.challenge.data["outcomes"] = [c for c, cb in self.outcome_boxes.items() if cb.value]
        self.rubric.rebuild()
        self.changed(text=False)

    def _habits_changed(self) -> None:
        self.challenge.data["habits"] = [h for h, cb in self.habit_boxes.items() if cb.value]
        self.changed(text=False)

    def _rubric_changed(self, text: bool) -> None:
        self.challenge.data["rubric"] = self.rubric.value()
        self.changed(text=text)

    def _apply_filter(self) -> None:
        q = self.filter.value.strip().lower()
        for cb in self.outcome_boxes.values():
            cb.layout.display = "" if (not q or q in cb.description.lower() or cb.value) else "none"

    # -- saving and checks ------------------------------------------------------------------
    def changed(self, text: bool) -> None:
        self.refresh_checks()
        self.status.show("saving", "Saving…")
        self.debouncer.trigger()
        if not text:
            self.debouncer.flush()

    def refresh_checks(self) -> None:
        self.checks = run_checks(self.challenge, None, self.dim_names)
        self.checks_panel.value = checks_html(self.checks)
        self.checks_footer.value = checks_footer_html(self.checks)

    def flush(self) -> None:
        self.debouncer.flush()

    def _save(self) -> None:
        try:  # the critical friend's feedback is saved by its own step: keep the latest
            saved = self.store.update(challenge_key(self.challenge.id),
                                      lambda old: keep_feedback(self.challenge.data, old))
        except StoreError as exc:
            self.status.show("error", f"Not saved: {exc}.")
            return
        self.challenge.data["critical_friend"] = saved["critical_friend"]
        self.status.show("saved", f"Saved at {datetime.now().strftime('%H:%M:%S')}.")
        if self.on_saved:
            self.on_saved(self.challenge)
