"""The "Sharing the why" workbook: one function per activity (one notebook cell each).

For a teacher or leader who has to explain personalized learning to someone else. Pass
``store=`` to use another store (tests, demos).
"""

from __future__ import annotations

import html

import ipywidgets as w

from plkit.content import Catalog
from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.others import saved_answers
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import Choice, ReflectionBox, box
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.sharing.keys import KEYS
from plkit.workbooks.sharing.plan import AUDIENCES
from plkit.workbooks.sharing.takeaway import roadmap_html, roadmap_markdown
from plkit.workbooks.sharing.widgets import MessageDraft, RoadmapEditor, YesButs

__all__ = ["WORKBOOK", "start", "learn", "audience", "draft", "yes_buts", "roadmap", "progress",
           "download", "exit_ticket", "submit"]

WORKBOOK = "sharing"

#: The nightmares about communicating the why, met before writing.
COMMUNICATION_NIGHTMARES = ("unclear-why", "weak-communication-plan", "educator-jargon", "no-definition")

#: Guideline audiences that matter for each audience of a message.
_GUIDELINES_FOR = {
    "families": {"everyone", "parents", "teachers"},
    "colleagues": {"everyone", "teachers", "school-leaders", "district-leaders"},
    "community": {"everyone", "parents", "district-leaders", "school-leaders"},
    "students": {"everyone", "students", "teachers"},
}


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers.

    A preheated kernel builds every cell ahead except the draft, which shows the definition
    and why word saved in Defining: those may be written while the kernel waits."""
    return page_start(WORKBOOK, store, ahead=tuple(fn for fn in PAGE if fn is not draft))


def _advice(cat: Catalog, audience: str, faq_id: str) -> str:
    e = html.escape
    q = next(f for f in cat.faq if f.id == faq_id)
    items = "".join(f"<li><strong>{e(a.name)}.</strong> {e(a.summary)}</li>"
                    for a in cat.messaging if a.audience == audience)
    return (f'<section class="plkit-panel" aria-label="{e(q.question)}"><h3>{e(q.question)}</h3>'
            f'<ul>{items}</ul><p class="plkit-status">Source: {e(cat.cite(q.source))}, question '
            f"{q.number}</p></section>")


@activity(WORKBOOK)
def learn(store: ResponseStore | None = None) -> w.VBox:
    """What the sources say about bringing colleagues and families along, the seven guidelines,
    and the nightmares that come from not explaining the why."""
    s = _s(store)
    cat, e = s.catalog, html.escape
    guidelines = "".join(
        f"<li><strong>{e(g.name)}</strong> <span class=\"plkit-status\">(for {e(g.audience.replace('-', ' '))})"
        f"</span>: {e(g.summary)}</li>" for g in sorted(cat.guidelines, key=lambda g: g.number))
    cite = e(cat.cite(cat.guidelines[0].source)) if cat.guidelines else ""
    nightmares = "".join(f"<li><strong>Nightmare {n.number}: {e(n.title)}.</strong> {e(n.summary)}</li>"
                         for n in cat.nightmares if n.id in COMMUNICATION_NIGHTMARES)
    panels = Html(  # side by side where two fit, one column on a tablet
        '<div class="plkit-grid">'
        + _advice(cat, "colleagues", "bringing-colleagues-along")
        + _advice(cat, "families", "talking-with-families")
        + '<section class="plkit-panel" aria-label="Seven guidelines"><h3>Seven guidelines for talking '
        f"about PL</h3><ol>{guidelines}</ol><p class=\"plkit-status\">Source: {cite}</p></section>"
        '<section class="plkit-panel" aria-label="What goes wrong"><h3>What goes wrong when the why '
        f"is not shared</h3><ul>{nightmares}</ul></section></div>"
    )
    note = ReflectionBox(s.store, KEYS["learn_note"],
                         "Which of these will matter most for the people you need to bring along? (optional)",
                         rows=3, delay=s.settings.save_delay)
    return box([panels, note])


@activity(WORKBOOK)
def audience(store: ResponseStore | None = None) -> w.VBox:
    """Who the message is for, and the guidelines that speak to that audience."""
    s = _s(store)
    cat = s.catalog
    tips = Html()

    def show(value: str | None) -> None:
        wanted = _GUIDELINES_FOR.get(value or "", set())
        chosen = [g for g in sorted(cat.guidelines, key=lambda g: g.number) if g.audience in wanted]
        if not chosen:
            tips.value = "<p>Choose an audience to see the guidelines that speak to it.</p>"
            return
        items = "".join(f"<li><strong>{html.escape(g.name)}:</strong> {html.escape(g.summary)}</li>"
                        for g in chosen)
        tips.value = f'<div class="plkit-panel" aria-live="polite"><p>Keep in mind:</p><ul>{items}</ul></div>'

    choice = Choice(s.store, KEYS["audience"], "Who is your message for?", list(
        (label, value) for value, label in AUDIENCES.items()), on_choice=show)
    show(choice.value)
    return box([choice, tips])


@activity(WORKBOOK)
def draft(store: ResponseStore | None = None) -> MessageDraft:
    """Draft the message, with live feedback; starts from the participant's own definition and
    why word when they wrote them in the Defining workbook."""
    s = _s(store)
    mine = saved_answers("defining") if store is None else {}
    definition = mine.get(DEFINING["own_definition"])
    why = mine.get(DEFINING["why_word"])
    return MessageDraft(s.store, s.catalog, s.settings.save_delay,
                        definition if isinstance(definition, str) else "",
                        why if isinstance(why, str) else "")


@activity(WORKBOOK)
def yes_buts(store: ResponseStore | None = None) -> YesButs:
    """The "yes, buts" the participant hears, and an answer to one."""
    s = _s(store)
    return YesButs(s.store, s.catalog, s.settings.save_delay)


@activity(WORKBOOK)
def roadmap(store: ResponseStore | None = None) -> w.VBox:
    """A communication roadmap: who, what message, which channel, when, and where to come back."""
    s = _s(store)
    n5 = next((n for n in s.catalog.nightmares if n.id == "weak-communication-plan"), None)
    intro = Html(
        "<p>A roadmap tells people where the journey goes and how you will get there. "
        + (f"Nightmare {n5.number} reminds us to give them a place to come back to it when they "
           "lose their way." if n5 else "") + "</p>")
    return box([intro, RoadmapEditor(s.store, s.settings.save_delay)])


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All steps done: download your roadmap below, and submit when you are ready.")


@activity(WORKBOOK)
def download(store: ResponseStore | None = None) -> DownloadLinks:
    """Download the message and roadmap (printable page and Markdown)."""
    return DownloadLinks(_s(store).store, "communication roadmap", roadmap_html, roadmap_markdown)


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (learn, audience, draft, yes_buts, roadmap, progress, download, exit_ticket, submit)
