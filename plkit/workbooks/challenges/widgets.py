"""The challenge designer: several saved challenges (new, duplicate, delete with undo), the form
for one challenge, live guardrail checks, the standards list (sample or the teacher's own file),
and the two challenge cards to download."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.errors import StoreError
from plkit.store import ResponseStore
from plkit.ui.autosave import Debouncer, SaveStatus
from plkit.ui.download import data_uri
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.challenges.guardrails import Check, run_checks
from plkit.workbooks.challenges.keys import KEYS, challenge_key
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, SELF_CHECK, WHO, Challenge
from plkit.workbooks.challenges.standards import Standard, StandardsError, load_standards, sample_standards
from plkit.workbooks.challenges.takeaway import (
    student_card_html,
    student_card_markdown,
    teacher_card_html,
    teacher_card_markdown,
)

__all__ = ["ChallengeEditor", "ChallengeDesigner", "STANDARDS_KEY"]

STANDARDS_KEY = "challenges.standards"


def _stacked(widget: w.Widget) -> w.Widget:
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    return widget


def _text(label: str, value: str, placeholder: str = "", rows: int = 0) -> w.Widget:
    cls = w.Textarea if rows else w.Text
    kwargs: dict[str, Any] = {"rows": rows} if rows else {}
    return _stacked(cls(value=value or "", description=label, placeholder=placeholder,
                        continuous_update=True, layout=shared_layout(width="100%"), **kwargs))


def _checks_html(checks: Sequence[Check]) -> str:
    passed = sum(c.ok for c in checks)
    e = html.escape
    items = []
    for c in checks:
        if c.ok:
            items.append(f'<li class="plkit-check-yes"><strong>Passes:</strong> {e(c.title)}</li>')
        else:
            items.append(
                f'<li class="plkit-check-no"><strong>Needs work:</strong> {e(c.title)}. '
                f"{e(c.explanation)} <em>What to do:</em> {e(c.fix)}</li>"
            )
    head = (f"All {len(checks)} guardrail checks pass." if passed == len(checks)
            else f"{passed} of {len(checks)} guardrail checks pass.")
    return (f'<p role="status" aria-live="polite"><strong>{e(head)}</strong></p>'
            f"<ul>{''.join(items)}</ul>")


class ChallengeEditor(w.VBox):
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
        d = challenge.data
        self.dim_names = {x.id: x.name for x in catalog.dimensions}

        self.title = _text("Title of the challenge", d["title"], "e.g. A plastic-free school lunch")
        self.question = _text("Driving question", d["driving_question"],
                              "e.g. How might we cut the plastic our lunches throw away?", rows=2)
        self.for_whom = _text("Who it is for (class, grade, group)", d["for_whom"], "e.g. Grade 5")
        self.audience = _text("Audience or use beyond the classroom", d["audience"],
                              "e.g. the school board, families, a local business")
        self.product = _text("What students will make", d["product"], "e.g. a proposal and a pitch")
        for key, widget in (("title", self.title), ("driving_question", self.question),
                            ("for_whom", self.for_whom), ("audience", self.audience),
                            ("product", self.product)):
            widget.observe(self._setter(key), names="value")

        # outcomes, filterable
        self.filter = _text("Filter the standards list", "", "type a code, subject or word")
        self.filter.observe(lambda _c: self._apply_filter(), names="value")
        self.outcome_boxes: dict[str, w.Checkbox] = {}
        for s in self.standards:
            cb = w.Checkbox(value=s.code in d["outcomes"], indent=False,
                            description=f"{s.code}: {s.description}" + (f" ({s.subject}, grade {s.grade})" if s.subject else ""),
                            layout=w.Layout(width="100%"))  # hidden by the filter one by one
            cb.style.description_width = "initial"
            cb.observe(lambda _c: self._outcomes_changed(), names="value")
            self.outcome_boxes[s.code] = cb
        self.outcomes_box = w.VBox(list(self.outcome_boxes.values()),
                                   layout=w.Layout(max_height="18rem", overflow="auto",
                                                   width="100%"))

        # who decides each dimension
        self.who: dict[str, RadioGroup] = {}
        self.rails: dict[str, w.Text] = {}
        dim_rows = []
        for dim in catalog.dimensions:
            if dim.id not in DIMENSIONS:
                continue
            entry = d["dimensions"][dim.id]
            rg = RadioGroup(options=[(label, v) for v, label in WHO.items()], value=entry["who"],
                            description=f"{dim.name}: who decides?")
            rail = _text(f"Guardrail for {dim.name.lower()} (the options or limits)",
                         entry["guardrail"], dim.guardrail_example)
            rg.observe(self._who_changed(dim.id), names="value")
            rail.observe(self._rail_changed(dim.id), names="value")
            self.who[dim.id], self.rails[dim.id] = rg, rail
            row = w.VBox([Html(f"<p>{html.escape(dim.summary)}</p>"), rg, rail])
            row.add_class("plkit-card")
            dim_rows.append(row)

        self.stage = RadioGroup(options=[(f"{s.name}: {s.summary}", s.id) for s in catalog.gradual_release],
                                value=d.get("stage"),
                                description="Where is this challenge on the gradual release of responsibility?")
        self.stage.observe(self._setter("stage"), names="value")

        self.checkpoints = {
            k: _text(f"{label} (leave blank if none)", d["checkpoints"].get(k, ""),
                     "when and how", rows=2)
            for k, label in CHECKPOINTS.items()
        }
        for k, widget in self.checkpoints.items():
            widget.observe(self._nested("checkpoints", k), names="value")

        # rubric
        self.rubric_rows = w.VBox([])
        self.add_criterion = w.Button(description="Add a success criterion", icon="plus",
                                      layout=shared_layout(width="auto"))
        self.add_criterion.on_click(lambda _b: self.add_rubric_row())
        self._rubric_widgets: list[tuple[w.Text, dict[str, w.Checkbox], w.Button]] = []
        for row in d["rubric"]:
            self.add_rubric_row(row["criterion"], row["outcomes"], save=False)

        self.habit_boxes = {
            h.id: w.Checkbox(value=h.id in d["habits"], description=h.name, indent=False,
                             layout=shared_layout(width="auto"))
            for h in catalog.habits
        }
        for cb in self.habit_boxes.values():
            cb.style.description_width = "initial"
            cb.observe(lambda _c: self._habits_changed(), names="value")
        habits = w.Box(list(self.habit_boxes.values()))
        habits.add_class("plkit-grid")

        self.timeline = _text("Timeline", d["timeline"], "e.g. three weeks from 4 March; "
                              "checkpoint on day 5", rows=2)
        self.timeline.observe(self._setter("timeline"), names="value")
        self.self_check = {
            k: _text(label, d["self_check"].get(k, ""), rows=2) for k, label in SELF_CHECK.items()
        }
        for k, widget in self.self_check.items():
            widget.observe(self._nested("self_check", k), names="value")

        self.checks_panel = Html()
        self.checks_panel.add_class("plkit-panel")
        self.checks_footer = Html()

        def section(title: str, *children: w.Widget, intro: str = "") -> w.VBox:
            head = f"<h3>{html.escape(title)}</h3>" + (f"<p>{html.escape(intro)}</p>" if intro else "")
            box = w.VBox([Html(head), *children], layout=shared_layout(width="100%"))
            return box

        super().__init__([
            section("Guardrail checks", self.checks_panel,
                    intro="These update as you design. Each one says what to do."),
            section("The challenge", self.title, self.question, self.for_whom, self.product,
                    self.audience),
            section("Desired outcomes", self.filter, self.outcomes_box,
                    intro="Tick the standards or outcomes this challenge should let students show."),
            section("Who decides what", *dim_rows,
                    intro="For each part of the work, decide who chooses. When students choose "
                          "within guardrails, write the guardrail."),
            section("Gradual release", self.stage),
            section("Formative checkpoints", *self.checkpoints.values()),
            section("Success criteria", self.rubric_rows, self.add_criterion,
                    intro="Write what good work looks like, and tick the outcomes each criterion assesses."),
            section("Habits of Mind this challenge grows", habits),
            section("Timeline", self.timeline),
            section("Meaningful, authentic, rigorous: a self-check", *self.self_check.values()),
            self.checks_footer,
            self.status,
        ], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.refresh_checks()

    # -- changes ---------------------------------------------------------------------------
    def _setter(self, key: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data[key] = change["new"]
            self.changed(text=isinstance(change["new"], str) and key != "stage")
        return handler

    def _nested(self, group: str, key: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data[group][key] = change["new"]
            self.changed(text=True)
        return handler

    def _who_changed(self, dim: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data["dimensions"][dim]["who"] = change["new"] or "teacher"
            self.changed(text=False)
        return handler

    def _rail_changed(self, dim: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self.challenge.data["dimensions"][dim]["guardrail"] = change["new"]
            self.changed(text=True)
        return handler

    def _outcomes_changed(self) -> None:
        self.challenge.data["outcomes"] = [c for c, cb in self.outcome_boxes.items() if cb.value]
        self._rebuild_rubric_outcomes()
        self.changed(text=False)

    def _habits_changed(self) -> None:
        self.challenge.data["habits"] = [h for h, cb in self.habit_boxes.items() if cb.value]
        self.changed(text=False)

    def _apply_filter(self) -> None:
        q = self.filter.value.strip().lower()
        for code, cb in self.outcome_boxes.items():
            cb.layout.display = "" if (not q or q in cb.description.lower() or cb.value) else "none"

    # -- rubric ----------------------------------------------------------------------------
    def add_rubric_row(self, criterion: str = "", outcomes: Sequence[str] = (),
                       save: bool = True) -> None:
        n = len(self._rubric_widgets) + 1
        text = _text(f"Success criterion {n}", criterion, "e.g. The proposal uses data from our "
                     "own lunch audit")
        ticks: dict[str, w.Checkbox] = {}
        remove = w.Button(description=f"Remove criterion {n}", icon="trash",
                          layout=shared_layout(width="auto"))
        entry = (text, ticks, remove)
        self._rubric_widgets.append(entry)
        text.observe(lambda _c: self._rubric_changed(text=True), names="value")
        remove.on_click(lambda _b: self.remove_rubric_row(entry))
        self._rebuild_rubric_outcomes(initial={id(text): list(outcomes)})
        if save:
            self._rubric_changed(text=False)

    def remove_rubric_row(self, entry: tuple[w.Text, dict[str, w.Checkbox], w.Button]) -> None:
        self._rubric_widgets.remove(entry)
        for i, (text, _t, rm) in enumerate(self._rubric_widgets, 1):
            text.description = f"Success criterion {i}"
            rm.description = f"Remove criterion {i}"
        self._rebuild_rubric_outcomes()
        self._rubric_changed(text=False)

    def _rebuild_rubric_outcomes(self, initial: dict[int, list[str]] | None = None) -> None:
        chosen = list(self.challenge.data["outcomes"])
        rows = []
        for i, (text, ticks, remove) in enumerate(self._rubric_widgets, 1):
            keep = {c for c, cb in ticks.items() if cb.value}
            keep |= set((initial or {}).get(id(text), []))
            ticks.clear()
            for code in chosen:
                cb = w.Checkbox(value=code in keep, description=f"Criterion {i} assesses {code}",
                                indent=False, layout=shared_layout(width="auto"))
                cb.style.description_width = "initial"
                cb.observe(lambda _c: self._rubric_changed(text=False), names="value")
                ticks[code] = cb
            hint = Html("<p><em>Choose outcomes above first.</em></p>") if not chosen else None
            tick_box = w.Box(list(ticks.values()))
            tick_box.add_class("plkit-grid")
            row = w.VBox([text, *( [hint] if hint else [] ), tick_box, remove])
            row.add_class("plkit-card")
            rows.append(row)
        self.rubric_rows.children = rows

    def _rubric_changed(self, text: bool) -> None:
        self.challenge.data["rubric"] = [
            {"criterion": t.value.strip(), "outcomes": [c for c, cb in ticks.items() if cb.value]}
            for t, ticks, _rm in self._rubric_widgets
        ]
        self.changed(text=text)

    # -- saving and checks ------------------------------------------------------------------
    def changed(self, text: bool) -> None:
        self.refresh_checks()
        self.status.show("saving", "Saving…")
        self.debouncer.trigger()
        if not text:
            self.debouncer.flush()

    def refresh_checks(self) -> None:
        self.checks = run_checks(self.challenge, None, self.dim_names)
        self.checks_panel.value = _checks_html(self.checks)
        failing = [c.title for c in self.checks if not c.ok]
        self.checks_footer.value = (
            "<p><strong>Guardrail checks:</strong> all pass.</p>" if not failing else
            f"<p><strong>Guardrail checks still to work on</strong> (details at the top of the "
            f"form): {html.escape('; '.join(failing))}.</p>"
        )

    def flush(self) -> None:
        self.debouncer.flush()

    def _save(self) -> None:
        try:
            self.store.set(challenge_key(self.challenge.id), self.challenge.to_dict())
        except StoreError as exc:
            self.status.show("error", f"Not saved: {exc}.")
            return
        from datetime import datetime

        self.status.show("saved", f"Saved at {datetime.now().strftime('%H:%M:%S')}.")
        if self.on_saved:
            self.on_saved(self.challenge)


class ChallengeDesigner(w.VBox):
    """Pick, create, duplicate or delete (with undo) challenges; edit the current one."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float = 0.6) -> None:
        self.store = store
        self.catalog = catalog
        self.delay = delay
        self.deleted: tuple[str, int] | None = None
        self.standards = self._load_saved_standards()

        self.picker = w.Dropdown(description="Challenge you are editing",
                                 layout=w.Layout(width="36rem", max_width="100%"))
        self.picker.style.description_width = "initial"
        self.new_button = w.Button(description="New challenge", icon="plus", layout=shared_layout(width="auto"))
        self.dup_button = w.Button(description="Duplicate this challenge", icon="copy",
                                   layout=shared_layout(width="auto"))
        self.del_button = w.Button(description="Delete this challenge", icon="trash",
                                   layout=shared_layout(width="auto"))
        self.undo_button = w.Button(description="Undo delete", icon="undo",
                                    layout=w.Layout(width="auto", display="none"))
        self.message = Html()
        self.new_button.on_click(lambda _b: self.new())
        self.dup_button.on_click(lambda _b: self.duplicate())
        self.del_button.on_click(lambda _b: self.delete())
        self.undo_button.on_click(lambda _b: self.undo())

        self.upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False,
                                   description="Load your own standards (CSV or .xlsx)",
                                   layout=shared_layout(width="auto"))
        self.upload.observe(self._uploaded, names="value")
        self.upload_status = Html(self._standards_note())
        self.downloads = Html()
        self.editor_slot = w.VBox([], layout=shared_layout(width="100%"))
        self.editor: ChallengeEditor | None = None

        bar = w.HBox([self.new_button, self.dup_button, self.del_button, self.undo_button],
                      layout=w.Layout(flex_flow="row wrap"))
        standards_panel = w.VBox([self.upload, self.upload_status])
        standards_panel.add_class("plkit-panel")
        super().__init__([standards_panel, self.picker, bar, self.message, self.editor_slot,
                          self.downloads], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        if not self.ids:
            self._create(Challenge.new())
        self._refresh_picker(select=self._current_id())
        self.picker.observe(self._picked, names="value")
        self._open(self.picker.value)

    # -- state ---------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        v = self.store.get(KEYS["index"])
        return [i for i in v if isinstance(i, str)] if isinstance(v, list) else []

    def challenges(self) -> list[Challenge]:
        return [Challenge.from_dict(self.store.get(challenge_key(i)) or {"id": i}) for i in self.ids]

    def _current_id(self) -> str | None:
        cur = self.store.get(KEYS["current"])
        return cur if cur in self.ids else (self.ids[0] if self.ids else None)

    def _load_saved_standards(self) -> list[Standard]:
        saved = self.store.get(STANDARDS_KEY)
        own = []
        if isinstance(saved, list):
            for s in saved:
                if isinstance(s, dict) and s.get("code") and s.get("description"):
                    own.append(Standard(str(s["code"]), str(s["description"]),
                                        str(s.get("subject", "")), str(s.get("grade", ""))))
        self.own_standards = own
        codes = {s.code for s in own}
        return own + [s for s in sample_standards() if s.code not in codes]

    def _standards_note(self) -> str:
        if self.own_standards:
            return (f"<p>Using your {len(self.own_standards)} standards plus plkit's sample set. "
                    "Load another file to replace yours.</p>")
        return ("<p>Using plkit's small sample set of standards (illustrative, not an official "
                "framework). Load a CSV or spreadsheet with the columns code, description, "
                "subject, grade to use your own.</p>")

    def _refresh_picker(self, select: str | None = None) -> None:
        options = [(c.title, c.id) for c in self.challenges()]
        self._quiet = True
        try:
            self.picker.options = options
            if select in dict((v, k) for k, v in options):
                self.picker.value = select
        finally:
            self._quiet = False
        self.del_button.disabled = len(options) <= 1

    def _picked(self, change: dict[str, Any]) -> None:
        if getattr(self, "_quiet", False) or not change["new"]:
            return
        self._open(change["new"])

    def _open(self, challenge_id: str | None) -> None:
        if self.editor is not None:
            self.editor.flush()
        if challenge_id is None:
            return
        if self.store.get(KEYS["current"]) != challenge_id:
            self.store.set(KEYS["current"], challenge_id)
        ch = Challenge.from_dict(self.store.get(challenge_key(challenge_id)) or {"id": challenge_id})
        self.editor = ChallengeEditor(self.store, ch, self.catalog, self.standards, self.delay,
                                      on_saved=self._saved)
        self.editor_slot.children = [self.editor]
        self._refresh_downloads()

    def _saved(self, ch: Challenge) -> None:
        if {v: k for k, v in self.picker.options}.get(ch.id) != ch.title:
            self._refresh_picker(select=ch.id)  # the title changed: show it in the list
        self._refresh_downloads()

    def _refresh_downloads(self) -> None:
        if self.editor is None:
            return
        ch = self.editor.challenge
        slug = "".join(ch_ if ch_.isalnum() else "-" for ch_ in ch.title.lower()).strip("-")[:40] or "challenge"
        files = {
            f"{slug}-teacher.html": (teacher_card_html(ch, self.standards), "text/html",
                                     "Teacher card (web page)"),
            f"{slug}-teacher.md": (teacher_card_markdown(ch, self.standards), "text/markdown",
                                   "Teacher card (Markdown)"),
            f"{slug}-student.html": (student_card_html(ch, self.standards), "text/html",
                                     "Student card (web page)"),
            f"{slug}-student.md": (student_card_markdown(ch, self.standards), "text/markdown",
                                   "Student card (Markdown)"),
        }
        self.files = {name: text for name, (text, _m, _l) in files.items()}
        links = "".join(
            f'<a class="plkit-button" download="{html.escape(name)}" href="{data_uri(text, mime)}">'
            f"Download {html.escape(label)}: {html.escape(ch.title)}</a>"
            for name, (text, mime, label) in files.items()
        )
        self.downloads.value = f"<h3>Challenge cards</h3><p>{links}</p>"

    # -- commands --------------------------------------------------------------------------
    def _create(self, ch: Challenge) -> None:
        self.store.set(challenge_key(ch.id), ch.to_dict())
        self.store.update(KEYS["index"], lambda old: [*(old if isinstance(old, list) else []), ch.id])

    def new(self) -> Challenge:
        if self.editor is not None:
            self.editor.flush()
        ch = Challenge.new()
        self._create(ch)
        self._refresh_picker(select=ch.id)
        self._open(ch.id)
        self.message.value = '<p role="status">A new, empty challenge is ready below.</p>'
        return ch

    def duplicate(self) -> Challenge | None:
        if self.editor is None:
            return None
        self.editor.flush()
        ch = self.editor.challenge.duplicate()
        self._create(ch)
        self._refresh_picker(select=ch.id)
        self._open(ch.id)
        self.message.value = f'<p role="status">Copied: now editing “{html.escape(ch.title)}”.</p>'
        return ch

    def delete(self) -> None:
        if self.editor is None or len(self.ids) <= 1:
            return
        self.editor.flush()
        cid, title = self.editor.challenge.id, self.editor.challenge.title
        pos = self.ids.index(cid)
        self.store.update(KEYS["index"], lambda old: [i for i in (old or []) if i != cid])
        self.deleted = (cid, pos)  # the challenge itself stays saved, so undo loses nothing
        self.undo_button.layout.display = ""
        self.undo_button.description = f"Undo delete of “{title}”"
        self._refresh_picker(select=self.ids[min(pos, len(self.ids) - 1)])
        self._open(self.picker.value)
        self.message.value = (f'<p role="status">Deleted “{html.escape(title)}”. Use the undo '
                              "button to bring it back.</p>")

    def undo(self) -> None:
        if not self.deleted:
            return
        cid, pos = self.deleted

        def restore(old: Any) -> list[str]:
            ids = [i for i in (old if isinstance(old, list) else []) if i != cid]
            ids.insert(min(pos, len(ids)), cid)
            return ids

        self.store.update(KEYS["index"], restore)
        self.deleted = None
        self.undo_button.layout.display = "none"
        self._refresh_picker(select=cid)
        self._open(cid)
        self.message.value = '<p role="status">Restored.</p>'

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        name = f.get("name", "standards file")
        try:
            loaded = load_standards(bytes(f["content"]), name)
        except StandardsError as exc:
            self.upload_status.value = (f'<p class="plkit-error" role="alert">{html.escape(str(exc))} '
                                        "Your challenges and earlier standards are unchanged.</p>")
            return
        self.load_standards_list(loaded, name)

    def load_standards_list(self, loaded: Sequence[Standard], name: str = "your file") -> None:
        self.store.set(STANDARDS_KEY, [s.__dict__ for s in loaded])
        self.standards = self._load_saved_standards()
        noun = "standard" if len(loaded) == 1 else "standards"
        self.upload_status.value = (f'<p role="status">Loaded {len(loaded)} {noun} from '
                                    f"{html.escape(name)}.</p>" + self._standards_note())
        if self.editor is not None:
            self._open(self.editor.challenge.id)

    def load_standards_file(self, data: bytes, name: str) -> None:
        """What the upload button does (tests call it directly)."""
        self._uploaded({"new": [{"name": name, "content": data}]})
