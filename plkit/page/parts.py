"""The cells every workbook page has: its start (header), its progress and its submit panel.

A workbook's ``page.py`` calls these with its own id and completion rules, so they are written
once for every workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w

from plkit.classdata.pseudonym import local_secret, secret_path
from plkit.exchange import Exchange
from plkit.page.ahead import header
from plkit.page.progress import ProgressIndicator
from plkit.page.session import bind, session
from plkit.page.submit import SubmitPanel
from plkit.privacy import Identifiers, check_submission, refusal
from plkit.store import FileStore, ResponseStore

__all__ = ["page_start", "page_progress", "page_submit", "submit_panel", "known_students"]


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


def known_students(roster: Any = None) -> Identifiers:
    """Every student of every class loaded on this computer (remembered as keyed hashes when the
    class was loaded), and ``roster``, the class in memory on this page, if any."""
    secret_file = secret_path()
    if not secret_file.is_file():  # loading a class makes the secret: no class was loaded here
        return Identifiers(local_secret()).add_roster(roster) if roster else Identifiers(b"")
    known = Identifiers.load(secret_file, local_secret())
    return known.add_roster(roster) if roster else known


def submit_panel(workbook: str) -> w.VBox:
    """The submit panel for ``workbook``, connected to the workshop this kernel belongs to."""
    s = session(workbook)
    exchange = None
    if s.settings.course_id and s.settings.exchange:
        exchange = Exchange(s.settings.course_id, s.settings.exchange)
    folder = s.store.folder if isinstance(s.store, FileStore) else Path.cwd()

    def privacy_check(path: Path) -> str | None:
        """No student of any class loaded on this computer may be named in a submission, from
        any workbook, whether or not the class is in memory now."""
        findings = check_submission(path, known_students(s.roster))
        return refusal(findings) if findings else None

    return SubmitPanel(s.store, workbook, folder, exchange, s.settings.participant, privacy_check)
