"""The cells every workbook page has: its start (header), its progress and its submit panel.

A workbook's ``page.py`` calls these with its own id and completion rules, so they are written
once for every workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w

from plkit.exchange import Exchange
from plkit.page.ahead import header
from plkit.page.progress import ProgressIndicator
from plkit.page.session import bind, session
from plkit.page.submit import SubmitPanel
from plkit.privacy import find_leaks
from plkit.store import FileStore, ResponseStore

__all__ = ["page_start", "page_progress", "page_submit", "submit_panel"]


def page_start(workbook: str, store: ResponseStore | None = None,
               ahead: Sequence[Callable[[], Any]] = ()) -> w.VBox:
    """Every workbook's first cell: styles, navigation, any notice about saved answers.

    ``ahead``: the page's activities in the notebook's order (the module's ``PAGE``). In a
    preheated kernel they are built while the kernel waits for the page to be opened (see
    :mod:`plkit.page.ahead`)."""
    bind(workbook, store)
    return header(workbook, ahead=ahead if store is None else ())


def page_progress(workbook: str, store: ResponseStore | None = None,
                  done_message: str | None = None) -> w.VBox:
    """Steps done in ``workbook``, updated after every saved answer."""
    s = bind(workbook, store)
    if done_message:
        return ProgressIndicator(s.store, workbook, done_message)
    return ProgressIndicator(s.store, workbook)


def page_submit(workbook: str, store: ResponseStore | None = None) -> w.VBox:
    """Submit ``workbook`` to the workshop (when this computer is part of one)."""
    bind(workbook, store)
    return submit_panel(workbook)


def submit_panel(workbook: str) -> w.VBox:
    """The submit panel for ``workbook``, connected to the workshop this kernel belongs to."""
    s = session(workbook)
    exchange = None
    if s.settings.course_id and s.settings.exchange:
        exchange = Exchange(s.settings.course_id, s.settings.exchange)
    folder = s.store.folder if isinstance(s.store, FileStore) else Path.cwd()

    def privacy_check(path: Path) -> list[str]:
        """No student name, id or email may leave in a submission."""
        if not s.roster:
            return []
        return [f"{leak.kind} of student {leak.hint}" for leak in find_leaks([path], s.roster)]

    return SubmitPanel(s.store, workbook, folder, exchange, s.settings.participant, privacy_check)
