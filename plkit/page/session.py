"""The state of one workbook page: its store and content, shared by every activity on it.

Voila starts a fresh kernel for each page view, so this module-level registry lives exactly as
long as the page; the response store is the only memory across reloads.
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as w

from plkit.content import Catalog, load_catalog
from plkit.settings import Settings, current
from plkit.store import ResponseStore, store_for
from plkit.ui.shared import Html
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
    "activity",
    "preheating",
]

log = logging.getLogger("plkit")


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


def page_start(workbook: str, store: ResponseStore | None = None,
               ahead: Sequence[Callable[[], Any]] = ()) -> w.VBox:
    """Every workbook's first cell: styles, navigation, any notice about saved answers.

    ``ahead``: the page's activities in the notebook's order (the module's ``PAGE``). In a
    preheated kernel they are built while the kernel waits for the page to be opened (see
    :func:`header`)."""
    bind(workbook, store)
    return header(workbook, ahead=ahead if store is None else ())


def page_progress(workbook: str, store: ResponseStore | None = None,
                  done_message: str | None = None) -> w.VBox:
    """Steps done in ``workbook``, updated after every saved answer."""
    from plkit.page.progress import ProgressIndicator

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
    _AHEAD.clear()


def preheating() -> bool:
    """True in a kernel Voila started ahead of any request (a preheated kernel)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def wait_for_request() -> None:
    """With Voila's preheated kernels, pause here until a real page request arrives, so answers
    are read from the store when the participant opens the page, not when the kernel warmed up."""
    if not preheating():
        return
    from voila.utils import wait_for_request

    wait_for_request()


#: Workbooks that draw charts: their preheated kernels import matplotlib while they wait. The
#: others do not (it would add about 40 MB to every waiting kernel for nothing).
CHART_WORKBOOKS = frozenset({"nightmares", "classdata"})


def _warm_imports(workbook: str) -> None:
    """Import what charts need before a preheated kernel waits, not after the page is opened."""
    if not preheating() or workbook not in CHART_WORKBOOKS:
        return
    try:
        import matplotlib.backends.backend_svg  # noqa: F401
        import matplotlib.figure  # noqa: F401
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass


F = TypeVar("F", bound=Callable[..., Any])

#: Activities a preheated kernel built before its page was opened: workbook -> {name: widget}.
#: Each page cell takes its own once (:func:`activity`).
_AHEAD: dict[str, dict[str, Any]] = {}


def activity(workbook: str) -> Callable[[F], F]:
    """Mark a workbook function as one notebook cell's activity.

    Called as the cell calls it (no arguments) in a kernel that built the page ahead, it returns
    the widget built then; otherwise, or with any argument (``store=`` in tests), it builds."""

    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def cell(*args: Any, **kwargs: Any) -> Any:
            if not args and not kwargs:
                built = _AHEAD.get(workbook)
                if built and fn.__name__ in built:
                    return built.pop(fn.__name__)
            return fn(*args, **kwargs)

        return cell  # type: ignore[return-value]

    return mark


@dataclass
class _Ahead:
    stamp: Any
    session: Session
    head: w.VBox
    built: dict[str, Any]
    widgets: set[str]


def _stamp(store: ResponseStore, read: bool = False) -> Any:
    """Which version of the saved answers ``store`` holds (``read``) or the file holds now;
    None when that cannot be told (then nothing built ahead is used)."""
    from plkit.store import FileStore

    if not isinstance(store, FileStore):
        return None
    return ("file", store._stamp if read else store._file_stamp())


def _widget_ids() -> set[str]:
    from ipywidgets.widgets.widget import _instances

    return set(_instances)


def _build_ahead(workbook: str, home_link: str,
                 ahead: Sequence[Callable[[], Any]]) -> _Ahead | None:
    """Build the whole page as the answers are saved now; None when that is not possible."""
    s = session(workbook)
    if _stamp(s.store) is None:
        return None
    before = _widget_ids()
    _AHEAD.pop(workbook, None)
    try:
        head = _header(workbook, home_link)  # reads the answers (a broken file is moved aside)
        elsewhere = s.store.changes_elsewhere  # type: ignore[attr-defined]
        built = {fn.__name__: fn() for fn in ahead}
        if s.store.changes_elsewhere != elsewhere:  # type: ignore[attr-defined]
            raise _Changed  # saved in another tab meanwhile: part of the page may show less
        # The version last read or written here (a page may save as it is built: a first
        # challenge, the demo class chosen earlier)
        stamp = _stamp(s.store, read=True)
    except Exception:  # the cells build again after the request and report it where it belongs
        log.debug("plkit: building %s ahead failed", workbook, exc_info=True)
        _discard(workbook, _widget_ids() - before)
        return None
    return _Ahead(stamp, s, head, built, _widget_ids() - before)


class _Changed(Exception):
    pass


def _discard(workbook: str, widgets: set[str]) -> None:
    """Forget a page built ahead: close its widgets (the browser must not receive them) and
    read the answers again."""
    from ipywidgets.widgets.widget import _instances

    for model_id in widgets:
        widget = _instances.get(model_id)
        if widget is not None:
            widget.close()
    _AHEAD.pop(workbook, None)
    old = _SESSIONS.pop(workbook, None)
    if old is not None and old.store.notice:  # a file moved aside while building stays reported
        session(workbook).store.notice = old.store.notice


def header(workbook: str, home_link: str = "../home.ipynb",
           ahead: Sequence[Callable[[], Any]] = ()) -> w.VBox:
    """Stylesheet, a link back to the list of workbooks, and any notice about saved answers.

    In a preheated kernel this cell waits for the page to be opened. With ``ahead`` (the page's
    activities), it first builds the whole page from the answers saved at that moment; when the
    page is opened and those answers have not changed since, every cell takes what was built
    (a page opened at once, with no work left but sending it), otherwise the page is built again
    from the answers as they are now. ``PLKIT_BUILD_AHEAD=0`` turns building ahead off (the
    kernel then only imports and waits)."""
    load_catalog()  # warm the content cache while a preheated kernel waits
    _warm_imports(workbook)
    ahead = ahead if os.environ.get("PLKIT_BUILD_AHEAD", "1") != "0" else ()
    ready = _build_ahead(workbook, home_link, ahead) if preheating() and ahead else None
    wait_for_request()
    if ready is not None:
        if _SESSIONS.get(workbook) is ready.session and _stamp(ready.session.store) == ready.stamp:
            _AHEAD[workbook] = ready.built
            ready.head.add_class("plkit-built-ahead")  # for whoever checks which path was taken
            return ready.head
        _discard(workbook, ready.widgets)
    return _header(workbook, home_link)


def _header(workbook: str, home_link: str) -> w.VBox:
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
    from plkit.exchange import Exchange
    from plkit.page.submit import SubmitPanel
    from plkit.store import FileStore

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
