"""The controls of "Sharing the why": the message draft with live feedback, the "yes, buts", and
the communication roadmap. Each is testable without a browser (set values, click, read state)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from plkit.content import Catalog
from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.components import Choice, MultiChoice, ReflectionBox
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.sharing.keys import KEYS, ROADMAP_FIELDS
from plkit.workbooks.sharing.model import Feedback, draft_feedback
from plkit.workbooks.sharing.plan import CHANNELS, own_questions, roadmap_rows

__all__ = ["MessageDraft", "YesButs", "RoadmapEditor", "MAX_ROWS"]

MAX_ROWS = 8


class MessageDraft(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """A draft message with feedback that follows every keystroke and the chosen audience."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float,
                 definition: str = "", why_word: str = "") -> None:
        self.store, self.catalog = store, catalog
        self.definition, self.why_word = definition.strip(), why_word.strip()
        self.editor = ReflectionBox(store, KEYS["draft"], "Your message", rows=8, delay=delay,
                                    placeholder="Dear families, this year our class is…",
                                    on_text=lambda _t: self.refresh())
        self.feedback_html = Html()
        self.feedback_html.add_class("plkit-panel")
        self.feedback: Feedback | None = None
        parts: list[w.Widget] = [self._context(), self.editor, self.feedback_html]
        self.use_button: w.Button | None = None
        if self.definition or self.why_word:
            self.use_button = w.Button(description="Add my definition and why to the draft",
                                       layout=w.Layout(width="auto"))
            self.use_button.on_click(lambda _b: self.use_own_words())
            parts.insert(1, self.use_button)
        super().__init__(parts, layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(self._stored)
        self.refresh()

    def _context(self) -> w.HTML:
        if not (self.definition or self.why_word):
            return Html("<p>When you have written your school's definition and your why word in "
                        "<em>Defining personalized learning</em>, they appear here to start from.</p>")
        items = []
        if self.definition:
            items.append(f"<li><strong>Your definition:</strong> {html.escape(self.definition)}</li>")
        if self.why_word:
            items.append(f"<li><strong>Your why:</strong> {html.escape(self.why_word)}</li>")
        return Html("<p>From your <em>Defining personalized learning</em> workbook:</p>"
                    f"<ul>{''.join(items)}</ul>")

    def use_own_words(self) -> None:
        """Add the participant's definition and why word to the end of the draft."""
        extra = []
        if self.definition:
            extra.append(self.definition)
        if self.why_word:
            extra.append(f"For us, it comes down to one word: {self.why_word}.")
        current = self.editor.input.value.rstrip()
        self.editor.input.value = (current + "\n\n" if current else "") + " ".join(extra)

    def _stored(self, key: str, _value: Any) -> None:
        if key == KEYS["audience"]:
            self.refresh()

    def refresh(self) -> None:
        audience = self.store.get(KEYS["audience"])
        self.feedback = draft_feedback(self.editor.value, audience if isinstance(audience, str) else None,
                                       self.catalog.jargon, self.why_word)
        items = "".join(
            f'<li class="{"plkit-check-yes" if c.ok else "plkit-check-no"}">'
            f'<strong>{"Done" if c.ok else "To think about"}: {html.escape(c.label)}.</strong> '
            f"{html.escape(c.advice)}</li>" for c in self.feedback.checks)
        who = "" if isinstance(audience, str) and audience else " Choose an audience above to tune it."
        self.feedback_html.value = (
            f'<p role="status" aria-live="polite"><strong>{self.feedback.done} of '
            f"{len(self.feedback.checks)} things this message does well.</strong> "
            f"{self.feedback.words} words.{html.escape(who)}</p><ul>{items}</ul>"
            "<p><em>Feedback to help you think, not a score: a short, warm message that invites "
            "people in often does more than a complete one.</em></p>")


def _question_options(catalog: Catalog) -> list[tuple[str, str]]:
    return [(q.text, q.id) for q in catalog.sample_questions] + [("My own question (the first one I wrote)", "own")]


class YesButs(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Which "yes, buts" the participant hears, their own, and an answer to one of them with the
    nightmares and frequently asked questions that speak to it."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float) -> None:
        self.store, self.catalog = store, catalog
        self.heard = MultiChoice(store, KEYS["heard"], "Which of these do you hear? (tick any)",
                                 [(q.text, q.id) for q in catalog.sample_questions])
        self.own = ReflectionBox(store, KEYS["own_yes_buts"], "Others you hear (one per line)",
                                 rows=3, delay=delay)
        self.choice = Choice(store, KEYS["answer_to"], "Which one will you answer now?",
                             _question_options(catalog), on_choice=lambda _v: self.show_links())
        self.links = Html()
        self.links.add_class("plkit-panel")
        self.answer = ReflectionBox(store, KEYS["answer"], "Your answer, in words your audience uses",
                                    rows=5, delay=delay)
        super().__init__([self.heard, self.own, self.choice, self.links, self.answer],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.show_links()

    def show_links(self) -> None:
        chosen = self.choice.value
        e = html.escape
        if chosen == "own":
            mine = own_questions(self.store.get(KEYS["own_yes_buts"]))
            asked = f"<p>Your question: <strong>{e(mine[0])}</strong></p>" if mine else \
                "<p>Write your own question in the box above first.</p>"
            self.links.value = asked + ("<p>Look back at the frequently asked questions and the "
                                        "nightmares above for what speaks to it.</p>")
            return
        q = next((q for q in self.catalog.sample_questions if q.id == chosen), None)
        if q is None:
            self.links.value = "<p>Choose a question to see what the sources offer on it.</p>"
            return
        nightmares = [n for n in self.catalog.nightmares if n.id in q.nightmares]
        faq = [f for f in self.catalog.faq if f.id in q.faq]
        parts = [f"<p><strong>What speaks to “{e(q.text)}”</strong></p><ul>"]
        parts += [f"<li>Nightmare {n.number}, <em>{e(n.title)}</em>: {e(n.summary)}</li>" for n in nightmares]
        parts += [f"<li>Question {f.number}, <em>{e(f.question)}</em> {e(f.summary)} "
                  f'<span class="plkit-status">({e(self.catalog.cite(f.source))})</span></li>' for f in faq]
        self.links.value = "".join(parts) + "</ul>"


class RoadmapEditor(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Rows of who, what message, which channel, when, and where people can come back to it."""

    def __init__(self, store: ResponseStore, delay: float) -> None:
        self.store = store
        self.rows: list[dict[str, w.Widget]] = []
        self.status = SaveStatus()
        self.saver = Saver(store, KEYS["roadmap"], self.value, self.status, delay)
        self.table = w.VBox(layout=shared_layout(width="100%"))
        self.add_button = w.Button(description="Add a step", icon="plus", layout=w.Layout(width="auto"))
        self.add_button.on_click(lambda _b: self.add_row())
        saved = roadmap_rows(store.get(KEYS["roadmap"])) or [dict.fromkeys(ROADMAP_FIELDS, "")]
        for row in saved[:MAX_ROWS]:
            self._append(row)
        super().__init__([self.table, self.add_button, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self._redraw()

    def value(self) -> list[dict[str, str]]:
        return [{f: str(row[f].value).strip() if row[f].value else "" for f in ROADMAP_FIELDS}
                for row in self.rows]

    def _append(self, saved: Mapping[str, str]) -> None:
        row: dict[str, w.Widget] = {}
        for field, label in ROADMAP_FIELDS.items():
            if field == "channel":
                options = [("Choose…", "")] + [(c, c) for c in CHANNELS]
                value = saved.get(field, "")
                if value and value not in CHANNELS:
                    options.append((value, value))
                widget = w.Dropdown(options=options, value=value, description=label,
                                    style={"description_width": "initial"})
            else:
                widget = w.Text(value=saved.get(field, ""), description=label, continuous_update=True,
                                style={"description_width": "initial"}, layout=w.Layout(width="100%"))
            widget.observe(lambda _c: self.saver.changed(), names="value")
            row[field] = widget
        self.rows.append(row)

    def add_row(self) -> None:
        if len(self.rows) >= MAX_ROWS:
            return
        self._append(dict.fromkeys(ROADMAP_FIELDS, ""))
        self._redraw()
        self.saver.changed()

    def remove_row(self, index: int) -> None:
        if 0 <= index < len(self.rows) and len(self.rows) > 1:
            del self.rows[index]
            self._redraw()
            self.saver.changed()

    def _redraw(self) -> None:
        children = []
        for i, row in enumerate(self.rows):
            for field, widget in row.items():
                widget.description = f"Step {i + 1}: {ROADMAP_FIELDS[field]}"
            remove = w.Button(description=f"Remove step {i + 1}", icon="trash",
                              layout=w.Layout(width="auto"), disabled=len(self.rows) == 1)
            remove.on_click(lambda _b, i=i: self.remove_row(i))
            group = w.VBox([*row.values(), remove], layout=shared_layout(width="100%"))
            group.add_class("plkit-roadmap-step")
            children.append(group)
        self.table.children = children
        self.add_button.disabled = len(self.rows) >= MAX_ROWS

    def flush(self) -> None:
        self.saver.flush()
