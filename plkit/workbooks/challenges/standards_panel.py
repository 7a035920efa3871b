"""The standards a challenge can aim at, in the designer: plkit's sample set, or the teacher's
own file (CSV or .xlsx) loaded through a native file input, kept in the store and listed first.
A file that cannot be used names the row at fault and changes nothing."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from plkit.store import ResponseStore
from plkit.ui.fileinput import FileInput
from plkit.ui.shared import Html
from plkit.workbooks.challenges.keys import STANDARDS_KEY
from plkit.workbooks.challenges.standards import (
    MAX_BYTES,
    Standard,
    StandardsError,
    load_standards,
    sample_standards,
)

__all__ = ["StandardsPanel", "saved_standards", "offered_standards"]


def saved_standards(store: ResponseStore) -> list[Standard]:
    """The teacher's own standards as saved (entries without a code or description are skipped)."""
    saved = store.get(STANDARDS_KEY)
    own: list[Standard] = []
    if isinstance(saved, list):
        for s in saved:
            if isinstance(s, dict) and s.get("code") and s.get("description"):
                own.append(Standard(str(s["code"]), str(s["description"]),
                                    str(s.get("subject", "")), str(s.get("grade", ""))))
    return own


def offered_standards(store: ResponseStore) -> list[Standard]:
    """The standards a challenge can aim at: the teacher's own first, then the sample set's others."""
    own = saved_standards(store)
    codes = {s.code for s in own}
    return own + [s for s in sample_standards() if s.code not in codes]


class StandardsPanel(w.VBox):  # type: ignore[misc]  # ipywidgets ships no type information: VBox is Any
    """Load your own standards. :attr:`standards` is what the form offers: the teacher's own
    first, then the sample set's others; ``on_loaded()`` runs after a file is loaded."""

    def __init__(self, store: ResponseStore, on_loaded: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_loaded = on_loaded
        self.own_standards: list[Standard] = []
        self.standards = self._read()
        self.upload = FileInput(accept=".csv,.xlsx,.txt", max_bytes=MAX_BYTES,
                                description="Load your own standards (CSV or .xlsx)")
        self.upload.on_file(self.load_file)
        self.upload.on_too_big(lambda name, _size: self._refuse(
            f"{name or 'That file'} is larger than 5 MB; a standards list should be much smaller."))
        self.status = Html(self.note())
        super().__init__([self.upload, self.status])
        self.add_class("plkit-panel")

    def _read(self) -> list[Standard]:
        self.own_standards = saved_standards(self.store)
        return offered_standards(self.store)

    def note(self) -> str:
        if self.own_standards:
            return (f"<p>Using your {len(self.own_standards)} standards plus plkit's sample set. "
                    "Load another file to replace yours.</p>")
        return ("<p>Using plkit's small sample set of standards (illustrative, not an official "
                "framework). Load a CSV or spreadsheet with the columns code, description, "
                "subject, grade to use your own.</p>")

    def load_file(self, name: str, data: bytes) -> None:
        """What choosing a file does: load it, or show why not (an alert) and change nothing."""
        try:
            loaded = load_standards(bytes(data), name)
        except StandardsError as exc:
            self._refuse(str(exc))
            return
        self.load_list(loaded, name)

    def _refuse(self, message: str) -> None:
        self.status.value = (f'<p class="plkit-error" role="alert">{html.escape(message)} '
                             "Your challenges and earlier standards are unchanged.</p>")

    def load_list(self, loaded: Sequence[Standard], name: str = "your file") -> None:
        """Save ``loaded`` as the teacher's own standards (replacing any earlier ones)."""
        self.store.set(STANDARDS_KEY, [dataclasses.asdict(s) for s in loaded])
        self.standards = self._read()
        noun = "standard" if len(loaded) == 1 else "standards"
        self.status.value = (f'<p role="status">Loaded {len(loaded)} {noun} from '
                             f"{html.escape(name)}.</p>" + self.note())
        if self.on_loaded is not None:
            self.on_loaded()
