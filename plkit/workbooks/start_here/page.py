"""The "Start here" workbook: one function per activity (one notebook cell each).

A short intake recommends a pathway through the workbooks, with where to begin in each, and the
participant keeps it or makes their own. Pass ``store=`` to use another store (tests, demos).
"""

from __future__ import annotations

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.registry import WORKBOOKS
from plkit.store import ResponseStore
from plkit.workbooks.start_here.widgets import IntakeForm, KnowledgeCheck, PathwayChooser, RecommendationView

__all__ = [
    "WORKBOOK",
    "LINK_PREFIX",
    "start",
    "knowledge_check",
    "questions",
    "recommendation",
    "choose",
    "progress",
    "exit_ticket",
    "submit",
]

WORKBOOK = "start-here"

#: This notebook lives in ``start-here/``, one folder below the other workbooks' folders.
LINK_PREFIX = "../"


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


@activity(WORKBOOK)
def knowledge_check(store: ResponseStore | None = None) -> KnowledgeCheck:
    """Before anything else: the knowledge check, with no feedback (a baseline for "Looking back")."""
    s = _s(store)
    return KnowledgeCheck(s.store, s.catalog.knowledge)


@activity(WORKBOOK)
def questions(store: ResponseStore | None = None) -> IntakeForm:
    """The intake: role, experience with PL, hopes, and the nightmares that worry you."""
    s = _s(store)
    return IntakeForm(s.store, s.catalog.nightmares, s.settings.save_delay)


@activity(WORKBOOK)
def recommendation(store: ResponseStore | None = None) -> RecommendationView:
    """The recommended pathway, with reasons, entry points and links; follows the answers live."""
    return RecommendationView(_s(store).store, WORKBOOKS, LINK_PREFIX)


@activity(WORKBOOK)
def choose(store: ResponseStore | None = None) -> PathwayChooser:
    """Keep the recommended pathway or build your own order; saved at once."""
    return PathwayChooser(_s(store).store, WORKBOOKS)


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store)


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (knowledge_check, questions, recommendation, choose, progress, exit_ticket, submit)
