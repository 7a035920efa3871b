"""The critical-friend step: the page to give a colleague about the challenge open in the
designer, and where the teacher records what the colleague said (what works, what I wonder,
what if) and what they changed because of it. The feedback is saved inside that challenge, so
a duplicate copies it and deleting (then undoing) keeps it; the step follows the designer when
another challenge is opened there."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.errors import StoreError
from plkit.store import ResponseStore
from plkit.ui.autosave import Debouncer, SaveStatus
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.challenges.critical_friend import PROTOCOL, critical_friend_html, critical_friend_markdown
from plkit.workbooks.challenges.form import source_note, text_field
from plkit.workbooks.challenges.keys import KEYS, challenge_key
from plkit.workbooks.challenges.model import FEEDBACK, Challenge, with_feedback
from plkit.workbooks.challenges.standards_panel import offered_standards

__all__ = ["CriticalFriendPanel", "critical_friend_intro_html"]

def critical_friend_intro_html(catalog: Catalog) -> str:
    """What a critical friend is (from content, with its source) and what the page asks of one."""
    e = html.escape
    friends = next((a for a in catalog.messaging if a.id == "critical-friends"), None)
    idea = (f"<p><strong>{e(friends.name)}.</strong> {e(friends.summary)}</p>"
            + source_note(catalog, [friends.source])) if friends else ""
    names = [f"<strong>{e(k)}</strong>" for k in PROTOCOL]
    parts = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return (f'<div class="plkit-panel">{idea}<p>Download the page below and give it to a colleague. '
            f"It shows your challenge and asks for feedback in three parts: {parts}. Then write "
            "down what they said and what you changed. This step is optional.</p></div>")


class CriticalFriendPanel(w.VBox):  # type: ignore[misc]  # ipywidgets ships no type information: VBox is Any
    """The critical-friend page to download and the feedback fields, for the challenge open in
    the designer (:data:`KEYS` ``current``). Text is saved after a pause, into that challenge."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float = 0.6) -> None:
        self.store = store
        self.catalog = catalog
        self.challenge_id: str | None = None
        self._quiet = False
        self.heading = Html()
        self.status = SaveStatus()
        self.debouncer = Debouncer(self._save, delay)
        self.fields = {k: text_field(label, "", rows=3) for k, label in FEEDBACK.items()}
        for field in self.fields.values():
            field.observe(self._typed, names="value")
        self._follow(self._current_id())
        store.on_change(self._store_changed)  # before the links' own: they then use the new title
        self.links = DownloadLinks(store, self._links_title(), self._html, self._markdown)
        super().__init__([
            self.heading, Html(critical_friend_intro_html(catalog)), self.links,
            Html("<h3>What your critical friend said</h3>"), *self.fields.values(), self.status,
        ], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    # -- which challenge ---------------------------------------------------------------------
    def _current_id(self) -> str | None:
        index = self.store.get(KEYS["index"])
        ids = [i for i in index if isinstance(i, str)] if isinstance(index, list) else []
        current = self.store.get(KEYS["current"])
        return current if current in ids else (ids[0] if ids else None)

    def challenge(self, answers: Mapping[str, Any] | None = None) -> Challenge:
        """The challenge this step is about, as saved (an empty one before any is designed)."""
        if self.challenge_id is None:
            return Challenge.new("none")
        saved = (answers if answers is not None else self.store.all()).get(challenge_key(self.challenge_id))
        return Challenge.from_dict(saved if isinstance(saved, Mapping) else {"id": self.challenge_id})

    def _follow(self, challenge_id: str | None) -> None:
        """Show ``challenge_id``'s feedback, after saving what was typed for the one before."""
        self.debouncer.flush()
        self.challenge_id = challenge_id
        feedback = self.challenge().feedback
        self._quiet = True
        try:
            for key, field in self.fields.items():
                field.value = feedback[key]
                field.disabled = challenge_id is None
        finally:
            self._quiet = False
        if any(feedback.values()):
            self.status.show("saved", "Saved earlier; the feedback on this challenge is here.")
        else:
            self.status.show("idle", "")
        self._show_title()

    def _show_title(self) -> None:
        if self.challenge_id is None:
            self.heading.value = "<p>Design a challenge above first; this step then follows it.</p>"
        else:
            self.heading.value = (f"<p>For the challenge open in the designer: <strong>"
                                  f"{html.escape(self.challenge().title)}</strong>. Open another "
                                  "challenge there to switch.</p>")
        if hasattr(self, "links"):
            self.links.title = self._links_title()

    def _links_title(self) -> str:
        return f"critical friend page: {self.challenge().title}"

    def _store_changed(self, key: str, _value: Any) -> None:
        if key == KEYS["current"] or (key == KEYS["index"] and self.challenge_id is None):
            now = self._current_id()
            if now != self.challenge_id:
                self._follow(now)
        elif self.challenge_id is not None and key == challenge_key(self.challenge_id):
            self._show_title()  # the title may have changed in the designer

    # -- the page to download ----------------------------------------------------------------
    def _html(self, answers: Mapping[str, Any]) -> str:
        return critical_friend_html(self.challenge(answers), self.catalog, offered_standards(self.store))

    def _markdown(self, answers: Mapping[str, Any]) -> str:
        return critical_friend_markdown(self.challenge(answers), self.catalog, offered_standards(self.store))

    # -- saving ------------------------------------------------------------------------------
    @property
    def value(self) -> dict[str, str]:
        """The feedback as typed (a key of ``FEEDBACK`` -> text)."""
        return {k: str(field.value) for k, field in self.fields.items()}

    def _typed(self, _change: dict[str, Any]) -> None:
        if self._quiet or self.challenge_id is None:
            return
        self.status.show("saving", "Saving…")
        self.debouncer.trigger()

    def flush(self) -> None:
        self.debouncer.flush()

    def _save(self) -> None:
        cid, feedback = self.challenge_id, self.value
        if cid is None:
            return
        try:
            self.store.update(challenge_key(cid), lambda old: with_feedback(old, cid, feedback))
        except StoreError as exc:
            self.status.show("error", f"Not saved: {exc}.")
            return
        self.status.show("saved", f"Saved at {datetime.now().strftime('%H:%M:%S')}.")
