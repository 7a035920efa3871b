"""The challenge designer: several saved challenges (new, duplicate, delete with undo), the form
for the one being edited (:class:`ChallengeEditor`), the standards it can aim at, and the two
challenge cards to download."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.store import ResponseStore
from plkit.ui.autosave import flush_all
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.challenges.downloads import card_files, card_links_html
from plkit.workbooks.challenges.editor import ChallengeEditor
from plkit.workbooks.challenges.keys import KEYS, STANDARDS_KEY, challenge_key
from plkit.workbooks.challenges.model import Challenge, keep_feedback
from plkit.workbooks.challenges.standards import Standard
from plkit.workbooks.challenges.standards_panel import StandardsPanel

__all__ = ["ChallengeEditor", "ChallengeDesigner", "STANDARDS_KEY"]


class ChallengeDesigner(w.VBox):  # type: ignore[misc]  # ipywidgets ships no type information: VBox is Any
    """Pick, create, duplicate or delete (with undo) challenges; edit the current one."""

    def __init__(self, store: ResponseStore, catalog: Catalog, delay: float = 0.6) -> None:
        self.store = store
        self.catalog = catalog
        self.delay = delay
        self.deleted: tuple[str, int] | None = None
        self._quiet = False
        self.files: dict[str, str] = {}
        self.standards_panel = StandardsPanel(store, on_loaded=self._standards_loaded)
        self.upload = self.standards_panel.upload
        self.upload_status = self.standards_panel.status
        self.picker = w.Dropdown(description="Challenge you are editing",
                                 layout=w.Layout(width="36rem", max_width="100%"))
        self.picker.style.description_width = "initial"
        self.message = Html()
        self.downloads = Html()
        self.editor_slot = w.VBox([], layout=shared_layout(width="100%"))
        self.editor: ChallengeEditor | None = None
        super().__init__([self.standards_panel, self.picker, self._command_bar(), self.message,
                          self.editor_slot, self.downloads], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        if not self.ids:
            self._create(Challenge.new())
        self._refresh_picker(select=self._current_id())
        self.picker.observe(self._picked, names="value")
        self._open(self.picker.value)

    def _command_bar(self) -> Any:
        """New, duplicate, delete, and undo delete (shown only after a delete)."""
        self.new_button = w.Button(description="New challenge", icon="plus", layout=shared_layout(width="auto"))
        self.dup_button = w.Button(description="Duplicate this challenge", icon="copy",
                                   layout=shared_layout(width="auto"))
        self.del_button = w.Button(description="Delete this challenge", icon="trash",
                                   layout=shared_layout(width="auto"))
        self.undo_button = w.Button(description="Undo delete", icon="undo",
                                    layout=w.Layout(width="auto", display="none"))
        self.new_button.on_click(lambda _b: self.new())
        self.dup_button.on_click(lambda _b: self.duplicate())
        self.del_button.on_click(lambda _b: self.delete())
        self.undo_button.on_click(lambda _b: self.undo())
        return w.HBox([self.new_button, self.dup_button, self.del_button, self.undo_button],
                      layout=w.Layout(flex_flow="row wrap"))

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

    @property
    def standards(self) -> list[Standard]:
        """The standards the form offers: the teacher's own first, then the sample set's others."""
        return self.standards_panel.standards

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
        if self._quiet or not change["new"]:
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
        files = card_files(ch, self.standards)
        self.files = {name: text for name, (text, _m, _l) in files.items()}
        self.downloads.value = card_links_html(files, ch.title)

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
        flush_all()  # the form's text and the critical friend's feedback, both saved into this challenge
        cid = self.editor.challenge.id
        ch = Challenge(keep_feedback(self.editor.challenge.data, self.store.get(challenge_key(cid)))).duplicate()
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

    # -- standards -------------------------------------------------------------------------
    def load_standards_file(self, data: bytes, name: str) -> None:
        """What choosing a standards file does (tests call it directly)."""
        self.standards_panel.load_file(name, data)

    def load_standards_list(self, loaded: Sequence[Standard], name: str = "your file") -> None:
        self.standards_panel.load_list(loaded, name)

    def _standards_loaded(self) -> None:
        if self.editor is not None:
            self._open(self.editor.challenge.id)  # the open form lists the new standards
