"""The "Start here" widgets: the intake questions, the live recommendation, the pathway chooser.

Every answer is saved at once; the recommendation and the chooser listen to the store, so a
change in one cell shows in the others.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from plkit.content.knowledge import clean_answers
from plkit.content.model import KnowledgeItem
from plkit.errors import StoreError
from plkit.registry import Workbook
from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.components import Choice, MultiChoice, ReflectionBox
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.start_here.keys import KEYS, START_HERE
from plkit.workbooks.start_here.model import (
    FOLLOW_UP,
    Pathway,
    chosen_pathway,
    effective_pathway,
    own_pathway,
    questions,
    recommend,
)

__all__ = ["KnowledgeCheck", "IntakeForm", "RecommendationView", "PathwayChooser", "pathway_html"]

_INTAKE_KEYS = {KEYS["role"], KEYS["experience"], KEYS["hopes"], KEYS["worries"]}


def pathway_html(path: Pathway, workbooks: Sequence[Workbook], link_prefix: str = "../") -> str:
    """An ordered list: each workbook as a link, its reason, and where to start in it."""
    by_id = {wb.id: wb for wb in workbooks}
    items = []
    for step in path.steps:
        wb = by_id.get(step.workbook)
        if wb is None:
            continue
        items.append(
            f'<li><a href="{html.escape(link_prefix + wb.path)}">{html.escape(wb.title)}</a> '
            f"(about {wb.minutes} minutes). {html.escape(step.reason)} "
            f"<em>Start at: {html.escape(step.entry_label)}.</em></li>"
        )
    return "<ol>" + "".join(items) + "</ol>"


class KnowledgeCheck(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The knowledge check's first attempt: one radio group per item (the scenario is its legend),
    each answer saved at once into ``{item id: option id}``. Nothing is said about right or wrong,
    so the answers stay an honest baseline; "Looking back" asks the same items with feedback."""

    def __init__(self, store: ResponseStore, items: Sequence[KnowledgeItem]) -> None:
        self.store = store
        saved = clean_answers(store.get(KEYS["knowledge_pre"]), items)
        self.groups: dict[str, RadioGroup] = {}
        children: list[w.Widget] = []
        for n, item in enumerate(items, 1):
            group = RadioGroup([(o.text, o.id) for o in item.options], value=saved.get(item.id),
                               description=f"Question {n} of {len(items)}. {item.scenario}")
            status = SaveStatus()
            saver = Saver(store, KEYS["knowledge_pre"], lambda: None, status, 0, merge=self._merge(item.id, group))
            if item.id not in saved:
                status.show("idle", "")
            group.observe(lambda _c, s=saver: s.changed(), names="value")
            self.groups[item.id] = group
            children += [group, status]
        super().__init__(children, layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-knowledge-check")

    @staticmethod
    def _merge(item_id: str, group: RadioGroup) -> Any:
        def merge(saved: Any) -> dict[str, Any]:
            """This item's answer into the latest saved answers (other items and tabs kept)."""
            out = dict(saved) if isinstance(saved, Mapping) else {}
            out[item_id] = group.value
            return out

        return merge

    def answer(self, item_id: str, option_id: str | None) -> None:
        """Answer one item as a participant would (tests, demos)."""
        self.groups[item_id].value = option_id


class IntakeForm(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The intake questions: one choice each for role and experience, checkboxes for hopes and
    worries, and an optional line of free text."""

    def __init__(self, store: ResponseStore, nightmares: Sequence[Any], delay: float = 0.6) -> None:
        qs = {q.key: q for q in questions(nightmares)}
        self.role = Choice(store, KEYS["role"], qs[KEYS["role"]].label,
                           list(qs[KEYS["role"]].options))
        self.experience = Choice(store, KEYS["experience"], qs[KEYS["experience"]].label,
                                 list(qs[KEYS["experience"]].options))
        self.hopes = MultiChoice(store, KEYS["hopes"], qs[KEYS["hopes"]].label,
                                 list(qs[KEYS["hopes"]].options))
        self.hopes_other = ReflectionBox(store, KEYS["hopes_other"], qs[KEYS["hopes_other"]].label,
                                         rows=2, delay=delay)
        self.worries = MultiChoice(store, KEYS["worries"], qs[KEYS["worries"]].label,
                                   list(qs[KEYS["worries"]].options))
        super().__init__([self.role, self.experience, self.hopes, self.hopes_other, self.worries],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")


class RecommendationView(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The recommended pathway, recomputed whenever an intake answer is saved."""

    def __init__(self, store: ResponseStore, workbooks: Sequence[Workbook],
                 link_prefix: str = "../") -> None:
        self.store = store
        self.workbooks = list(workbooks)
        self.link_prefix = link_prefix
        self.html = Html()
        self.announce = Html()
        self.pathway: Pathway = recommend({}, self.workbooks)
        super().__init__([self.html, self.announce], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
        store.on_change(self._changed)
        self.refresh(announce=False)

    def _changed(self, key: str, _value: Any) -> None:
        if key in _INTAKE_KEYS:
            self.refresh()

    def refresh(self, announce: bool = True) -> None:
        answers = self.store.all()
        self.pathway = recommend(answers, self.workbooks)
        answered = any(answers.get(k) for k in _INTAKE_KEYS)
        intro = ("Based on your answers, we suggest this order:" if answered else
                 "Answer the questions above and this suggestion will follow your answers. "
                 "For now, the workbooks in their usual order:")
        self.html.value = (
            "<h3>Your recommended pathway</h3>"
            f"<p>{html.escape(intro)}</p>"
            + pathway_html(self.pathway, self.workbooks, self.link_prefix)
        )
        titles = {wb.id: wb.title for wb in self.workbooks}
        first = titles.get(self.pathway.ids[0], "") if self.pathway.ids else ""
        message = f"Recommendation updated: start with {first}." if announce and first else ""
        self.announce.value = f'<p role="status" aria-live="polite">{html.escape(message)}</p>'


class PathwayChooser(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Keep the recommendation or make your own order: one labelled list per step.

    Picking a workbook that is already at another step swaps the two; "(none)" leaves a step
    out. Every change is saved at once as the participant's own pathway, which overrides the
    recommendation (and the home page lists the workbooks in that order).
    """

    def __init__(self, store: ResponseStore, workbooks: Sequence[Workbook]) -> None:
        self.store = store
        # the day's workbooks: follow-up ones are taken back at school, never in the day's pathway
        self.workbooks = [wb for wb in workbooks if wb.id != START_HERE and wb.stage != FOLLOW_UP]
        self.titles = {wb.id: wb.title for wb in self.workbooks}
        options = [("(none)", "")] + [(wb.title, wb.id) for wb in self.workbooks]
        self.accept = w.Button(description="Use the recommended pathway",
                               tooltip="Save the suggested order as your pathway",
                               layout=shared_layout(width="auto"))
        self.accept.on_click(lambda _b: self.use_recommendation())
        self.pickers = [
            w.Dropdown(options=options, value="", description=f"Step {i + 1} of your pathway",
                       layout=w.Layout(width="34rem", max_width="100%"))
            for i in range(len(self.workbooks))
        ]
        for p in self.pickers:
            p.style.description_width = "11rem"
            p.observe(self._picked, names="value")
        self.summary = Html()
        self.status = SaveStatus()
        self._quiet = False
        super().__init__([self.accept, Html("<p>Or make your own order (pick a workbook for "
                                              "each step; picking one already in the list swaps "
                                              "the two):</p>"),
                          *self.pickers, self.summary, self.status],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(self._store_changed)
        if chosen_pathway(store.all()):
            self.status.show("saved", "Saved earlier; your pathway is here.")
        self.refresh()

    @property
    def order(self) -> list[str]:
        """The pathway currently shown (the confirmed one, else the recommendation)."""
        return effective_pathway(self.store.all(), self.workbooks).ids

    def _store_changed(self, key: str, _value: Any) -> None:
        if key in _INTAKE_KEYS:
            self.refresh()

    def refresh(self) -> None:
        answers = self.store.all()
        path = effective_pathway(answers, self.workbooks)
        confirmed = chosen_pathway(answers, self.workbooks) is not None
        self._quiet = True
        try:
            for i, p in enumerate(self.pickers):
                p.value = path.ids[i] if i < len(path.ids) else ""
        finally:
            self._quiet = False
        names = "; ".join(f"{i + 1}. {self.titles[wb]}" for i, wb in enumerate(path.ids))
        if not confirmed:
            head = "You have not confirmed a pathway yet. The lists show the recommendation."
        elif path.source == "recommended":
            head = "Your pathway: the recommendation you accepted."
            if path.ids != recommend(answers, self.workbooks).ids:
                head += (" Your answers have changed since, and so has the recommendation: "
                         "use it again to follow it.")
        else:
            head = "Your pathway: your own order."
        self.summary.value = (f"<p><strong>{html.escape(head)}</strong></p>"
                              f"<p>{html.escape(names)}</p>")

    def _picked(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        index = self.pickers.index(change["owner"])
        current = [p.value for p in self.pickers]
        current[index] = change["old"]  # the order before this change
        new, old = change["new"], change["old"]
        if new and new in current:
            current[current.index(new)] = old  # swap with the step that held it
        current[index] = new
        self.choose([v for v in current if v])

    def choose(self, order: Sequence[str]) -> None:
        """Save the participant's own order (it overrides the recommendation)."""
        self._save(own_pathway([o for o in order if o in self.titles], "own"),
                   "Your own pathway is saved.")

    def use_recommendation(self) -> None:
        """Save the current recommendation as the participant's pathway."""
        self._save(own_pathway(recommend(self.store.all(), self.workbooks).ids, "recommended"),
                   "The recommended pathway is saved as yours.")

    def _save(self, value: dict[str, Any], message: str) -> None:
        try:
            self.store.set(KEYS["pathway"], value)
        except StoreError as exc:
            self.status.show("error", f"Not saved: {exc}.")
            return
        self.status.show("saved", message)
        self.refresh()
