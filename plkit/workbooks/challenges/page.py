"""The "Designing guardrailed challenges" workbook: one function per activity.

Pass ``store=`` to use another store (tests, demos).
"""

from __future__ import annotations

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import Choice, ReflectionBox, box
from plkit.ui.shared import Html
from plkit.workbooks.challenges.feedback import CriticalFriendPanel
from plkit.workbooks.challenges.intro import STRATEGY_NOTE, STRATEGY_QUESTION, manageable_html, personalizable_html
from plkit.workbooks.challenges.keys import KEYS
from plkit.workbooks.challenges.widgets import ChallengeDesigner

__all__ = ["WORKBOOK", "start", "background", "designer", "critical_friend", "progress", "exit_ticket",
           "submit"]

WORKBOOK = "challenges"


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


@activity(WORKBOOK)
def background(store: ResponseStore | None = None) -> w.VBox:
    """Why personalizing is hard and what makes it manageable (with a question: which strategy
    will you lean on?), what can be personalized, and the stages of handing responsibility over."""
    s = _s(store)
    cat = s.catalog
    strategy = Choice(s.store, KEYS["strategy"], STRATEGY_QUESTION,
                      [(x.name, x.id) for x in cat.strategies] + [("Something else", "other")])
    note = ReflectionBox(s.store, KEYS["strategy_note"], STRATEGY_NOTE, rows=3, delay=s.settings.save_delay)
    return box([Html(manageable_html(cat)), strategy, note, Html(personalizable_html(cat))])


@activity(WORKBOOK)
def designer(store: ResponseStore | None = None) -> ChallengeDesigner:
    """The challenge designer with live guardrail checks and the two challenge cards."""
    s = _s(store)
    return ChallengeDesigner(s.store, s.catalog, s.settings.save_delay)


@activity(WORKBOOK)
def critical_friend(store: ResponseStore | None = None) -> CriticalFriendPanel:
    """A page for a colleague to give critical-friend feedback on the challenge open in the
    designer, and where the teacher records that feedback and what they changed (optional)."""
    s = _s(store)
    return CriticalFriendPanel(s.store, s.catalog, s.settings.save_delay)


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All steps done: download your challenge cards above, and submit when you are ready.")


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (background, designer, critical_friend, progress, exit_ticket, submit)
