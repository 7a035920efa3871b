"""The state of one workbook page: its store and content, shared by every activity on it.

Voila starts a fresh kernel for each page view, so this module-level registry lives exactly as
long as the page; the response store is the only memory across reloads.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from plkit.ui.shared import Html
from plkit.content import Catalog, load_catalog
from plkit.settings import Settings, current
from plkit.store import ResponseStore, store_for
from plkit.ui.style import stylesheet

__all__ = [
    "Session",
    "session",
    "use_store",
    "header",
    "reset",
    "wait_for_request",
    "submit_panel",
    "bind",
    "page_start",
    "page_progress",
    "page_submit",
]


@dataclass
class Session:
    workbook: str
    store: ResponseStore
    catalog: Catalog
    settings: Settings
    #: Students' names and ids loaded in this page (class data); in memory only, never saved.
    roster: Any = None


_SESSIONS: dict[str, Session] = {}


def use_store(workbook: str, store: ResponseStore) -> Session:
    """Make ``store`` the one this kernel uses for ``workbook`` (tests, demos, the hub)."""
    _SESSIONS[workbook] = Session(workbook, store, load_catalog(), current())
    return _SESSIONS[workbook]


def bind(workbook: str, store: ResponseStore | None = None) -> Session:
    """The page's session for ``workbook``; with ``store``, a session on that store (tests,
    demos). Passing the same store again keeps the session and what it holds in memory."""
    if store is None:
        return session(workbook)
    current = _SESSIONS.get(workbook)
    if current is not None and current.store is store:
        return current
    return use_store(workbook, store)


def page_start(workbook: str, store: ResponseStore | None = None) -> w.VBox:
    """Every workbook's first cell: styles, navigation, any notice about saved answers."""
    bind(workbook, store)
    return header(workbook)


def page_progress(workbook: str, store: ResponseStore | None = None,
                  done_message: str | None = None) -> w.VBox:
    """Steps done in ``workbook``, updated after every saved answer."""
    from plkit.ui.progress import ProgressIndicator

    s = bind(workbook, store)
    if done_message:
        return ProgressIndicator(s.store, workbook, done_message)
    return ProgressIndicator(s.store, workbook)


def page_submit(workbook: str, store: ResponseStore | None = None) -> w.VBox:
    """Submit ``workbook`` to the workshop (when this computer is part of one)."""
    bind(workbook, store)
    return submit_panel(workbook)


def session(workbook: str) -> Session:
    if workbook not in _SESSIONS:
        use_store(workbook, store_for(workbook))
    return _SESSIONS[workbook]


def reset() -> None:
    _SESSIONS.clear()


def wait_for_request() -> None:
    """With Voila's preheated kernels, pause here until a real page request arrives, so answers
    are read from the store when the participant opens the page, not when the kernel warmed up."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from voila.utils import wait_for_request

    wait_for_request()


#: Workbooks that draw charts: their preheated kernels import matplotlib while they wait. The
#: others do not (it would add about 40 MB to every waiting kernel for nothing).
CHART_WORKBOOKS = frozenset({"nightmares", "classdata"})


def _warm_imports(workbook: str) -> None:
    """Import what charts need before a preheated kernel waits, not after the page is opened."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False" or workbook not in CHART_WORKBOOKS:
        return
    try:
        import matplotlib.backends.backend_svg  # noqa: F401
        import matplotlib.figure  # noqa: F401
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass


def header(workbook: str, home_link: str = "../home.ipynb") -> w.VBox:
    """Stylesheet, a link back to the list of workbooks, and any notice about saved answers."""
    load_catalog()  # warm the content cache while a preheated kernel waits
    _warm_imports(workbook)
    wait_for_request()
    s = session(workbook)
    s.store.all()  # read now, so a file that had to be moved aside is reported at the top
    parts: list[w.Widget] = [stylesheet()]
    nav = (
        f'<nav aria-label="Workbooks"><p><a href="{html.escape(home_link)}">'
        "&larr; All workbooks and your progress</a></p></nav>"
    )
    parts.append(Html(nav))
    if s.store.notice:
        parts.append(Html(f'<div class="plkit-notice" role="alert">{html.escape(s.store.notice)}</div>'))
    parts.append(
        Html(
            "<p>Your answers save by themselves as you work and are here when you come back. "
            "Nothing you write leaves this computer until you choose to submit.</p>"
        )
    )
    box = w.VBox(parts)
    box.add_class("plkit")
    return box


def submit_panel(workbook: str) -> w.VBox:
    """The submit panel for ``workbook``, connected to the workshop this kernel belongs to."""
    from plkit.store import FileStore
    from plkit.ui.submit import SubmitPanel
    from plkit.workshop.participant import Exchange

    s = session(workbook)
    exchange = None
    if s.settings.course_id and s.settings.exchange:
        exchange = Exchange(s.settings.course_id, s.settings.exchange)
    folder = s.store.folder if isinstance(s.store, FileStore) else Path.cwd()
    def privacy_check(path: Path) -> list[str]:
        """No student name, id or email may leave in a submission."""
        if not s.roster:
            return []
        from plkit.privacy import find_leaks

        return [f"{leak.kind} of student {leak.hint}" for leak in find_leaks([path], s.roster)]

    return SubmitPanel(s.store, workbook, folder, exchange, s.settings.participant, privacy_check)
