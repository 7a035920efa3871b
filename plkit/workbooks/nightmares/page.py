"""The "Fifteen nightmares" workbook: one function per activity (one notebook cell each).

Pass ``store=`` to use another store (tests, demos).
"""

from __future__ import annotations

import html

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import ReflectionBox, box
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html
from plkit.workbooks.nightmares.keys import KEYS
from plkit.workbooks.nightmares.takeaway import plan_card_html, plan_card_markdown
from plkit.workbooks.nightmares.widgets import ActionPlans, NightmareDeck, PriorityView, TopThreePicker

__all__ = [
    "WORKBOOK",
    "submit",
    "start",
    "rate",
    "priorities",
    "action_plans",
    "yes_buts",
    "reflect",
    "progress",
    "download",
    "exit_ticket",
]

WORKBOOK = "nightmares"


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def _prompt(s: Session, prompt_id: str) -> str:
    return next(p.text for p in s.catalog.nightmare_prompts if p.id == prompt_id)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


@activity(WORKBOOK)
def rate(store: ResponseStore | None = None) -> NightmareDeck:
    """Meet the fifteen nightmares (one at a time or as a list) and rate each on two scales."""
    s = _s(store)
    return NightmareDeck(s.store, s.catalog, s.settings.save_delay)


@activity(WORKBOOK)
def priorities(store: ResponseStore | None = None) -> w.VBox:
    """The priority chart with its table, and the top three (suggested, changeable)."""
    s = _s(store)
    return box([PriorityView(s.store, s.catalog), TopThreePicker(s.store, s.catalog)])


@activity(WORKBOOK)
def action_plans(store: ResponseStore | None = None) -> w.VBox:
    """An action plan for each of the top three, after the "could not fail" question."""
    s = _s(store)
    cite = s.catalog.cite("zmuda-thompson-ebook")
    not_fail = ReflectionBox(s.store, KEYS["not_fail"], _prompt(s, "not-fail"), rows=3,
                             delay=s.settings.save_delay)
    what_if = Html(f"<p>{html.escape(_prompt(s, 'what-if'))} "
                     f'<span class="plkit-status">({html.escape(cite)})</span></p>')
    return box([not_fail, what_if, ActionPlans(s.store, s.catalog, s.settings.save_delay)])


@activity(WORKBOOK)
def yes_buts(store: ResponseStore | None = None) -> ReflectionBox:
    """The questions and "yes, buts" the participant wants to explore."""
    s = _s(store)
    return ReflectionBox(s.store, KEYS["yes_buts"], _prompt(s, "yes-buts"), rows=4,
                         delay=s.settings.save_delay)


@activity(WORKBOOK, "reflective")
def reflect(store: ResponseStore | None = None) -> ReflectionBox:
    """The reflective question: what changes may your school or division need?"""
    s = _s(store)
    return ReflectionBox(s.store, KEYS["reflective"], _prompt(s, "reflective"), rows=5,
                         delay=s.settings.save_delay)


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All steps done: download your action plan below, and submit when you are ready.")


@activity(WORKBOOK)
def download(store: ResponseStore | None = None) -> DownloadLinks:
    """Download the one-page action plan (HTML and Markdown)."""
    return DownloadLinks(_s(store).store, "action plan", plan_card_html, plan_card_markdown)


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (rate, priorities, action_plans, yes_buts, reflect, progress, download, exit_ticket, submit)
