"""The check-in pages (two and six weeks on): one implementation, bound to each check-in's own
workbook id by :func:`checkin_page`. The page modules ``two_weeks`` and ``six_weeks`` are that
binding and nothing else, so their notebooks call ``plkit.checkin_2w.plan()``,
``plkit.checkin_6w.plan()`` and so on, and each saves into its own answers file.

A check-in opens with the participant's plan from the day, read (never written) from their saved
answers in Fifteen nightmares and Designing guardrailed challenges, and at six weeks from the
two-week check-in. Pass ``store=`` to use another store and ``day=`` for the plan (tests, demos);
with ``store=`` alone the page shows no plan.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.others import answers_file, saved_answers
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.registry import get
from plkit.store import ResponseStore
from plkit.ui.components import ReflectionBox, box
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html
from plkit.workbooks.checkin.keys import KEYS
from plkit.workbooks.checkin.model import CHECKINS, Checkin, Day, read_day
from plkit.workbooks.checkin.snapshots import read_snapshots
from plkit.workbooks.checkin.takeaway import plan_html, plan_markdown
from plkit.workbooks.checkin.views import no_plan_html, plan_panel_html, snapshots_html
from plkit.workbooks.checkin.widgets import ChallengeReport, NextStep, OwnNextStep, StepReport, SupportScales
from plkit.workbooks.classdata.keys import KEYS as CLASSDATA

__all__ = ["CheckinPage", "checkin_page", "load_day", "CELLS", "SNAPSHOTS_KEY"]

#: Where the class-data workbook keeps its aggregate class snapshots (read only).
SNAPSHOTS_KEY = CLASSDATA.get("snapshots", "classdata.snapshots")
#: The cells of a check-in page, in the notebook's order (after ``start``).
CELLS = ("plan", "first_steps", "what_happened", "next_steps", "support", "challenges", "class_data",
         "progress", "download", "submit")
#: Cells that read nothing from other workbooks: a preheated kernel builds these ahead. The others
#: are built when the page is opened, so a plan written while the kernel waited is on the page.
AHEAD = ("what_happened", "support", "progress", "submit")


def _link(workbook: str) -> str:
    wb = get(workbook)
    return f'<a href="../{html.escape(wb.path)}">{html.escape(wb.title)}</a>'


def load_day(checkin: Checkin, s: Session, here: Path | None = None) -> Day:
    """The participant's plan as saved in the other workbooks now (read only)."""
    nightmares = saved_answers("nightmares", here)
    notes = []
    if not nightmares and answers_file("nightmares", here).exists():
        notes.append("Your Fifteen nightmares answers file holds nothing this page can read. If you wrote "
                     "a plan there, open that workbook: it tells you whether its answers could be read.")
    earlier = saved_answers(checkin.earlier, here) if checkin.earlier else {}
    return read_day(nightmares, saved_answers("challenges", here), s.catalog.nightmares, earlier,
                    saved_answers("classdata", here).get(SNAPSHOTS_KEY), notes)


# -- the activities, for any check-in -------------------------------------------------------

def _plan(s: Session, c: Checkin, d: Day) -> w.VBox:
    notes = "".join(f'<p class="plkit-notice" role="status">{html.escape(n)}</p>' for n in d.notes)
    body = plan_panel_html(d) if d.has_plan else no_plan_html(d, _link("nightmares"))
    return box([Html(notes + body)])


def _first_steps(s: Session, c: Checkin, d: Day) -> w.VBox:
    if not d.has_plan:
        return box([Html("<p>No first steps to report: there was no action plan on this computer when "
                         "you opened this page. Write what you tried in the next part.</p>")])
    return box([StepReport(s.store, p, s.settings.save_delay) for p in d.planned])


def _what_happened(s: Session, c: Checkin, d: Day) -> w.VBox:
    privacy = Html('<p class="plkit-panel"><strong>No student names, please.</strong> Describe evidence '
                   "in words: what students made, said or did, how many of them, what changed. Your "
                   "answers go to your facilitator when you submit.</p>")
    happened = ReflectionBox(s.store, KEYS["happened"], "What did you try, and what happened?", rows=4,
                             delay=s.settings.save_delay,
                             placeholder="What you did, how students and colleagues responded, what surprised you")
    evidence = ReflectionBox(s.store, KEYS["evidence"], "What evidence do you have? (in words, no names)",
                             rows=4, delay=s.settings.save_delay,
                             placeholder="Student work, what students said, a quick survey, your notes")
    return box([happened, privacy, evidence])


def _next_steps(s: Session, c: Checkin, d: Day) -> w.VBox:
    n15 = next((n for n in s.catalog.nightmares if n.id == "no-reflection"), None)
    loop = (f"<p>Nightmare {n15.number}, <em>{html.escape(n15.title)}</em>: {html.escape(n15.summary)}</p>"
            if n15 else "")
    intro = Html(loop + "<p>Reflect, use what you learned, and plan the next small step: the same step "
                 "again, a smaller one, or the one after it.</p>")
    if not d.has_plan:
        return box([intro, OwnNextStep(s.store, s.settings.save_delay, d.earlier_own)])
    return box([intro, *(NextStep(s.store, p, s.settings.save_delay) for p in d.planned)])


def _support(s: Session, c: Checkin, d: Day) -> w.VBox:
    n11 = next((n for n in s.catalog.nightmares if n.id == "risk-punished"), None)
    why = (f"<p>Nightmare {n11.number}, <em>{html.escape(n11.title)}</em>: {html.escape(n11.summary)}</p>"
           if n11 else "")
    intro = Html(why + "<p>Three questions on the support you had. Your facilitator sees only the "
                 "group's averages, never your own answers.</p>")
    return box([intro, SupportScales(s.store)])


def _challenges(s: Session, c: Checkin, d: Day) -> w.VBox:
    if not d.challenges:
        return box([Html(f"<p>No challenge was saved in {_link('challenges')} on this computer. If you "
                         "design one there, it appears here next time you open this page.</p>")])
    return box([ChallengeReport(s.store, i, cid, t, s.settings.save_delay)
                for i, (cid, t) in enumerate(d.challenges, 1)])


def _class_data(s: Session, c: Checkin, d: Day) -> w.VBox:
    return box([Html(snapshots_html(read_snapshots(d.snapshots), _link("classdata")))])


def _progress(s: Session, c: Checkin, d: Day) -> w.VBox:
    return page_progress(c.id, s.store, "All steps done: download your updated plan below, and submit "
                                        "when you are ready.")


def _download(s: Session, c: Checkin, d: Day) -> DownloadLinks:
    return DownloadLinks(s.store, "updated action plan", functools.partial(plan_html, day=d, checkin=c),
                         functools.partial(plan_markdown, day=d, checkin=c))


def _submit(s: Session, c: Checkin, d: Day) -> w.VBox:
    return page_submit(c.id, s.store)


_BUILDERS: dict[str, Callable[[Session, Checkin, Day], Any]] = {
    "plan": _plan, "first_steps": _first_steps, "what_happened": _what_happened, "next_steps": _next_steps,
    "support": _support, "challenges": _challenges, "class_data": _class_data, "progress": _progress,
    "download": _download, "submit": _submit,
}


@dataclass(frozen=True)
class CheckinPage:
    """One check-in's page: its ``start`` cell and its other cells (``cells``, notebook order)."""

    workbook: str
    start: Callable[..., w.VBox]
    cells: tuple[Callable[..., Any], ...]

    def cell(self, name: str) -> Callable[..., Any]:
        return next(fn for fn in self.cells if fn.__name__ == name)


def _cell(checkin: Checkin, name: str, doc: str) -> Callable[..., Any]:
    build = _BUILDERS[name]
    needs_day = name not in AHEAD

    def cell(store: ResponseStore | None = None, day: Day | None = None) -> Any:
        s = bind(checkin.id, store)
        if day is None:
            day = load_day(checkin, s) if store is None and needs_day else Day()
        return build(s, checkin, day)

    cell.__name__ = cell.__qualname__ = name
    cell.__doc__ = doc
    return activity(checkin.id)(cell)


_DOCS = {
    "plan": "The participant's action plan from the day and their challenges, or what to do without one.",
    "first_steps": "For each planned nightmare: was the first step taken, and if not, what got in the way.",
    "what_happened": "What they tried and what happened, and their evidence (in words, no names).",
    "next_steps": "The plan revised: the next step and by when, and how present each nightmare is now.",
    "support": "Three questions on support (time, coaching, evaluation), each on a labelled 1 to 5 scale.",
    "challenges": "For each challenge designed on the day: did they run it, and a note.",
    "class_data": "The class before and after (the change per standard), or how to keep snapshots.",
    "progress": "Steps done in this check-in, updated after every saved answer.",
    "download": "Download the updated plan (printable page and Markdown).",
    "submit": "Submit this check-in to the workshop (when this computer is part of one).",
}


def checkin_page(workbook: str) -> CheckinPage:
    """The page of check-in ``workbook`` (``checkin-2w`` or ``checkin-6w``)."""
    checkin = CHECKINS[workbook]
    cells = tuple(_cell(checkin, name, _DOCS[name]) for name in CELLS)
    ahead = tuple(fn for fn in cells if fn.__name__ in AHEAD)

    def start(store: ResponseStore | None = None) -> w.VBox:
        """The page header: styles, navigation, and any notice about saved answers."""
        return page_start(workbook, store, ahead=ahead)

    return CheckinPage(workbook, start, cells)
