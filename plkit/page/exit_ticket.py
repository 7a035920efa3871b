"""The exit ticket at the end of every workbook (Guskey's level 1: how participants found it).

Two ratings on labelled 1 to 5 scales (was the time well spent, how relevant was it to their
work) and two short answers (what they will try first, what they still wonder). Optional: it
never counts towards a workbook's completion. Every answer is saved at once in the workbook's own
answers file, under the same keys (:data:`EXIT_KEYS`) in every workbook, so a facilitator can read
them side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from plkit.page.session import bind
from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.components import ReflectionBox
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout

__all__ = ["EXIT_KEYS", "TIME_SCALE", "RELEVANCE_SCALE", "ExitTicket", "Rating", "exit_ticket_panel"]

#: The exit ticket's store keys, the same in every workbook's answers file.
EXIT_KEYS: dict[str, str] = {
    "time": "exit.time-well-spent",  # int 1 to 5
    "relevance": "exit.relevance",  # int 1 to 5
    "try_first": "exit.try-first",  # text
    "wonder": "exit.wonder",  # text
}

#: Every point of each scale has its own words: (value, label).
TIME_SCALE: tuple[tuple[int, str], ...] = (
    (1, "Not at all"), (2, "A little"), (3, "Somewhat"), (4, "Well"), (5, "Very well"))
RELEVANCE_SCALE: tuple[tuple[int, str], ...] = (
    (1, "Not at all relevant"), (2, "A little relevant"), (3, "Somewhat relevant"),
    (4, "Quite relevant"), (5, "Very relevant"))


class Rating(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """One 1-to-5 rating as a labelled radio group (arrow keys move along it), saved as an int."""

    def __init__(self, store: ResponseStore, key: str, label: str,
                 scale: Sequence[tuple[int, str]]) -> None:
        self.key = key
        saved = store.get(key)
        values = {n for n, _ in scale}
        chosen = str(saved) if isinstance(saved, int) and not isinstance(saved, bool) and saved in values else None
        self.input = RadioGroup([(f"{n}: {text}", str(n)) for n, text in scale], value=chosen,
                                description=label)
        self.status = SaveStatus()
        self.saver = Saver(store, key, lambda: self.value, self.status, 0)
        self.input.observe(lambda _c: self.saver.changed(), names="value")
        super().__init__([self.input, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> int | None:
        v = self.input.value
        return int(v) if v else None


class ExitTicket(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The four questions of the exit ticket for one workbook's store."""

    def __init__(self, store: ResponseStore, delay: float = 0.6) -> None:
        self.time = Rating(store, EXIT_KEYS["time"],
                           "How well was your time spent in this workbook? (1 to 5)", TIME_SCALE)
        self.relevance = Rating(store, EXIT_KEYS["relevance"],
                                "How relevant was it to your own work? (1 to 5)", RELEVANCE_SCALE)
        self.try_first = ReflectionBox(store, EXIT_KEYS["try_first"],
                                       "What will you try first back at school?", rows=2, delay=delay)
        self.wonder = ReflectionBox(store, EXIT_KEYS["wonder"], "What do you still wonder about?",
                                    rows=2, delay=delay)
        note = Html("<p><strong>Optional.</strong> Your exit ticket never counts towards your "
                    "progress; it is saved with your other answers and tells the people who plan "
                    "this workshop what to keep and what to change.</p>")
        super().__init__([note, self.time, self.relevance, self.try_first, self.wonder],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
        self.add_class("plkit-exit-ticket")

    def answers(self) -> dict[str, Any]:
        """What is filled in now, by key (tests, and a facilitator's summary)."""
        return {EXIT_KEYS["time"]: self.time.value, EXIT_KEYS["relevance"]: self.relevance.value,
                EXIT_KEYS["try_first"]: self.try_first.value, EXIT_KEYS["wonder"]: self.wonder.value}


def exit_ticket_panel(workbook: str, store: ResponseStore | None = None) -> ExitTicket:
    """The exit ticket of ``workbook``'s page, on its session's store (``store=``: tests, demos)."""
    s = bind(workbook, store)
    return ExitTicket(s.store, s.settings.save_delay)
