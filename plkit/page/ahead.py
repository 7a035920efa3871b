"""Building a page ahead: a preheated kernel builds the whole page while it waits to be opened.

Voila's preheated kernels run a page's first cell before anyone asks for the page and pause in
it (``voila.utils.wait_for_request``) until someone does. plkit uses that wait: the first cell
builds every activity of the page from the answers saved at that moment, then waits. When the
page is opened and the answers have not changed since (the store's :meth:`version`), each cell
takes what was built (:func:`activity`) and the server only sends a finished page. Otherwise every
widget built ahead is closed, the answers are read again and the page is built as usual.
``PLKIT_BUILD_AHEAD=0`` turns building ahead off.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import ipywidgets as w

from plkit.content import load_catalog
from plkit.page.header import header_box
from plkit.page.session import Session, current_session, forget, session
from plkit.ui.shared import close_widgets, live_widget_ids

__all__ = ["activity", "built_ahead", "header", "preheating", "wait_for_request", "CHART_WORKBOOKS"]

log = logging.getLogger("plkit")

#: Workbooks that draw charts: their preheated kernels import matplotlib while they wait. The
#: others do not (it would add about 40 MB to every waiting kernel for nothing).
CHART_WORKBOOKS = frozenset({"nightmares", "classdata"})

F = TypeVar("F", bound=Callable[..., Any])


def preheating() -> bool:
    """True in a kernel Voila started ahead of any request (a preheated kernel)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def wait_for_request() -> None:
    """With Voila's preheated kernels, pause here until a real page request arrives, so answers
    are read from the store when the participant opens the page, not when the kernel warmed up."""
    if not preheating():
        return
    from voila.utils import wait_for_request as voila_wait  # deferred: only preheated kernels wait

    voila_wait()


def _warm_imports(workbook: str) -> None:
    """Import what charts need before a preheated kernel waits, not after the page is opened."""
    if not preheating() or workbook not in CHART_WORKBOOKS:
        return
    # deferred: about 40 MB, imported only by the waiting kernels of pages that draw charts
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401


def built_ahead(workbook: str) -> dict[str, Any] | None:
    """What is still waiting to be taken by ``workbook``'s cells (None: nothing was built ahead)."""
    s = current_session(workbook)
    return s.ahead if s is not None else None


def activity(workbook: str, id: str | None = None) -> Callable[[F], F]:
    """Mark a workbook function as one notebook cell's activity; ``id`` is the activity id (the
    cell's tag is ``<workbook>.<id>``), by default the function's name with dashes.

    Called as the cell calls it (no arguments) in a kernel that built the page ahead, it returns
    the widget built then; otherwise, or with any argument (``store=`` in tests), it builds."""

    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def cell(*args: Any, **kwargs: Any) -> Any:
            if not args and not kwargs:
                built = built_ahead(workbook)
                if built and fn.__name__ in built:
                    return built.pop(fn.__name__)
            return fn(*args, **kwargs)

        cell.activity_id = id or fn.__name__.replace("_", "-")  # type: ignore[attr-defined]
        return cell  # type: ignore[return-value]  # functools.wraps keeps fn's signature

    return mark


@dataclass
class _Ahead:
    version: object
    session: Session
    head: w.VBox
    built: dict[str, Any]
    widgets: set[str]


class _Changed(Exception):
    """Answers were saved elsewhere while the page was being built."""


def _build_ahead(workbook: str, ahead: Sequence[Callable[[], Any]]) -> _Ahead | None:
    """Build the whole page as the answers are saved now; None when that is not possible."""
    s = session(workbook)
    if s.store.version(on_disk=True) is None:
        return None
    before = live_widget_ids()
    s.ahead = None
    try:
        head = header_box(s)  # reads the answers (a broken file is moved aside)
        elsewhere = s.store.changes_elsewhere
        built = {fn.__name__: fn() for fn in ahead}
        if s.store.changes_elsewhere != elsewhere:
            raise _Changed  # saved in another tab meanwhile: part of the page may show less
        # The version last read or written here (a page may save as it is built: a first
        # challenge, the demo class chosen earlier)
        version = s.store.version()
    except Exception:  # the cells build again after the request and report it where it belongs
        log.debug("plkit: building %s ahead failed", workbook, exc_info=True)
        _discard(workbook, live_widget_ids() - before)
        return None
    return _Ahead(version, s, head, built, live_widget_ids() - before)


def _discard(workbook: str, widgets: set[str]) -> None:
    """Forget a page built ahead: close its widgets (the browser must not receive them) and
    read the answers again."""
    close_widgets(widgets)
    old = forget(workbook)
    if old is not None and old.store.notice:  # a file moved aside while building stays reported
        session(workbook).store.notice = old.store.notice


def header(workbook: str, ahead: Sequence[Callable[[], Any]] = ()) -> w.VBox:
    """Stylesheet and any notice about saved answers (the way back to all workbooks is in the
    page frame's header, drawn by plkit's Voila template).

    In a preheated kernel this cell waits for the page to be opened. With ``ahead`` (the page's
    activities), it first builds the whole page from the answers saved at that moment; when the
    page is opened and those answers have not changed since, every cell takes what was built,
    otherwise the page is built again from the answers as they are now."""
    load_catalog()  # warm the content cache while a preheated kernel waits
    _warm_imports(workbook)
    ahead = ahead if os.environ.get("PLKIT_BUILD_AHEAD", "1") != "0" else ()
    ready = _build_ahead(workbook, ahead) if preheating() and ahead else None
    wait_for_request()
    if ready is not None:
        unchanged = ready.session.store.version(on_disk=True) == ready.version
        if current_session(workbook) is ready.session and unchanged:
            ready.session.ahead = ready.built
            ready.head.add_class("plkit-built-ahead")  # for whoever checks which path was taken
            return ready.head
        _discard(workbook, ready.widgets)
    return header_box(session(workbook))
