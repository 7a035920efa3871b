"""The "Analysing your class data" workbook: one function per activity (one notebook cell each).

The class a teacher loads lives in this page's kernel memory only (names, ids, scores); the
response store receives only their choices (method, threshold, mappings, item standards,
groups chosen, reflections). The session's roster is set so the submit panel's privacy guard
checks the workbook folder before anything is submitted. Pass ``store=`` to use another store
(tests, demos).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.parts import page_progress, page_start, submit_panel
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import ReflectionBox, box
from plkit.ui.shared import Html
from plkit.workbooks.classdata.keys import KEYS
from plkit.workbooks.classdata.snapshot import SnapshotPanel
from plkit.workbooks.classdata.views import GroupsView, GrowthGapsView, MasteryView, ProfilesView, ShareDownloads
from plkit.workbooks.classdata.widgets import ClassData, ColumnsPanel, LoadPanel, MethodPanel, StandardsPanel

__all__ = [
    "WORKBOOK",
    "KEYS",
    "start",
    "load",
    "columns",
    "standards",
    "method",
    "mastery",
    "groups",
    "profiles",
    "growth",
    "share",
    "snapshot",
    "reflect",
    "progress",
    "exit_ticket",
    "submit",
    "state",
]

WORKBOOK = "classdata"
_STATES: dict[int, tuple[Session, ClassData]] = {}


def _s(store: ResponseStore | None) -> Session:
    """The page's session; passing the same store again keeps the class already loaded."""
    return bind(WORKBOOK, store)


def state(store: ResponseStore | None = None) -> ClassData:
    """The class loaded on this page (a :class:`plkit.workbooks.classdata.model.ClassData`), shared
    by every activity. A demo class chosen earlier comes back by itself; an own file must be
    uploaded again, since it is never kept."""
    s = _s(store)
    held = _STATES.get(id(s))
    if held is not None and held[0] is s:
        return held[1]

    def set_roster(roster: Any) -> None:
        s.roster = roster

    data = ClassData(s.store, set_roster)
    _STATES.clear()
    _STATES[id(s)] = (s, data)
    loaded = s.store.get(KEYS["loaded"])
    if isinstance(loaded, dict) and loaded.get("source") == "demo":
        data.load_demo()
    elif isinstance(loaded, dict) and loaded.get("source") == "own":
        data.notice = ("Your own file is not kept after you leave the page, to protect your "
                       "students; upload it again and your choices below are applied to it.")
    return data


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


@activity(WORKBOOK)
def load(store: ResponseStore | None = None) -> w.VBox:
    """Upload a gradebook export, or start with the demo class."""
    return LoadPanel(state(store))


@activity(WORKBOOK)
def columns(store: ResponseStore | None = None) -> w.VBox:
    """What plkit found in the file: confirm the layout or map the columns."""
    return ColumnsPanel(state(store))


@activity(WORKBOOK)
def standards(store: ResponseStore | None = None) -> w.VBox:
    """Link each assessment to the standard it gives evidence on."""
    return StandardsPanel(state(store))


@activity(WORKBOOK)
def method(store: ResponseStore | None = None) -> w.VBox:
    """Choose the roll-up method and mastery threshold, with every method side by side."""
    return MethodPanel(state(store))


@activity(WORKBOOK)
def mastery(store: ResponseStore | None = None) -> w.VBox:
    """Mastery per standard (chart and table) and who is ready to move on."""
    return MasteryView(state(store))


@activity(WORKBOOK)
def groups(store: ResponseStore | None = None) -> w.VBox:
    """Suggested readiness groups and mixed-readiness groups."""
    return GroupsView(state(store))


@activity(WORKBOOK)
def profiles(store: ResponseStore | None = None) -> w.VBox:
    """Learner profiles, described by standards."""
    return ProfilesView(state(store))


@activity(WORKBOOK)
def growth(store: ResponseStore | None = None) -> w.VBox:
    """Growth per standard and gaps between sections, with small groups suppressed."""
    return GrowthGapsView(state(store))


@activity(WORKBOOK)
def share(store: ResponseStore | None = None) -> w.VBox:
    """Download the shareable summary (aggregate, suppressed) as a web page and CSV."""
    return ShareDownloads(state(store))


@activity(WORKBOOK)
def snapshot(store: ResponseStore | None = None) -> w.VBox:
    """Keep an aggregate before/after snapshot of the class for the check-ins (optional)."""
    return SnapshotPanel(state(store))


def _manageable(s: Session) -> w.HTML:
    """Why this is hard with 30 or 150 students, and what makes it manageable (from content)."""
    cat, e = s.catalog, html.escape
    tensions = "".join(f"<li><strong>{e(t.name)}.</strong> {e(t.summary)}</li>" for t in cat.tensions)
    strategies = "".join(
        f"<li><strong>{e(x.name)}.</strong> {e(x.summary)}"
        + (f" <em>{e(x.example)}</em>" if x.example else "") + "</li>" for x in cat.strategies)
    sources = "; ".join(dict.fromkeys([cat.cite(x.source) for x in cat.tensions]
                                      + [cat.cite(x.source) for x in cat.strategies]))
    return Html(
        "<details><summary>Before you plan: why this is hard, and what makes it manageable</summary>"
        f"<p>Groups from data help, but the pull between personal paths and shared standards does not "
        f"go away:</p><ul>{tensions}</ul><p>What schools do about it:</p><ul>{strategies}</ul>"
        f'<p class="plkit-status">Source: {e(sources)}</p></details>')


@activity(WORKBOOK)
def reflect(store: ResponseStore | None = None) -> w.VBox:
    """Connect what the data shows to the PL pillars, and plan next week."""
    s = _s(store)
    pillars = ReflectionBox(
        s.store, KEYS["pillars"],
        "Which PL pillar does this data speak to most: competency-based progression, flexible "
        "learning environments, personal learning paths or learner profiles? Why?",
        rows=3, delay=s.settings.save_delay)
    nxt = ReflectionBox(s.store, KEYS["reflection"],
                        "What will you do next week with these groups?", rows=4,
                        delay=s.settings.save_delay)
    return box([_manageable(s), pillars, nxt])


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
    """Submit this workbook (choices and reflections only) after the privacy check."""
    state(store)
    return submit_panel(WORKBOOK)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (load, columns, standards, method, mastery, groups, profiles, growth, share, snapshot, reflect, progress,
        exit_ticket, submit)
