"""The "Looking back" workbook: one function per activity (one notebook cell each).

The closing workbook of the day: the knowledge check from "Start here" asked again, now with
feedback on each item once it is answered; the participant's own change since the morning; what
they will take back to school first; a one-page summary; the exit ticket. Pass ``store=`` to use
another store (tests, demos); the first attempt is then not read from "Start here".
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from plkit.page.ahead import activity, built_ahead
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.others import saved_answers
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import ReflectionBox, box
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html
from plkit.workbooks.looking_back.keys import KEYS, LOOKING_BACK
from plkit.workbooks.looking_back.takeaway import summary_html, summary_markdown
from plkit.workbooks.looking_back.widgets import ChangeView, KnowledgeReview

__all__ = ["WORKBOOK", "start", "knowledge_check", "change", "take_back", "progress", "download",
           "exit_ticket", "submit"]

WORKBOOK = LOOKING_BACK


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def _first_attempt(store: ResponseStore | None) -> Mapping[str, Any]:
    """What the participant saved in "Start here" (nothing when a test passes its own store)."""
    return saved_answers("start-here") if store is None else {}


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers.

    A preheated kernel builds the page before it is opened, and only this workbook's own answers
    decide whether what was built is still current; the first attempt lives in "Start here", so
    the change and the summary built ahead read it again now that the page is opened."""
    head = page_start(WORKBOOK, store, ahead=PAGE)
    for widget in (built_ahead(WORKBOOK) or {}).values():
        if isinstance(widget, (ChangeView, DownloadLinks)):
            widget.refresh()
    return head


@activity(WORKBOOK)
def knowledge_check(store: ResponseStore | None = None) -> w.VBox:
    """The knowledge check again; each item says whether it is right, and why, once answered."""
    s = _s(store)
    note = Html(f'<p class="plkit-status">The check follows the second of five levels at which PD '
                f"can be evaluated: what participants learned ({html.escape(s.catalog.cite('guskey-2002'))}).</p>")
    return box([KnowledgeReview(s.store, s.catalog.knowledge), note])


@activity(WORKBOOK)
def change(store: ResponseStore | None = None) -> ChangeView:
    """The participant's own change: the first attempt in "Start here" against now."""
    s = _s(store)
    return ChangeView(s.store, s.catalog, lambda: _first_attempt(store))


@activity(WORKBOOK)
def take_back(store: ResponseStore | None = None) -> ReflectionBox:
    """The end-of-day reflection: what they will take back to school first."""
    s = _s(store)
    return ReflectionBox(s.store, KEYS["take_back"],
                         "Looking back on the whole day: what will you take back to school first, "
                         "and what will help you make it happen?", rows=4, delay=s.settings.save_delay)


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All questions answered: download your summary below, and submit when you are ready.")


@activity(WORKBOOK)
def download(store: ResponseStore | None = None) -> DownloadLinks:
    """Download a one-page summary of the participant's change (printable page and Markdown)."""
    s = _s(store)
    return DownloadLinks(s.store, "summary of my day",  # the first attempt read at every rebuild
                         lambda r: summary_html(r, _first_attempt(store), s.catalog),
                         lambda r: summary_markdown(r, _first_attempt(store), s.catalog))


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (knowledge_check, change, take_back, progress, download, exit_ticket, submit)
