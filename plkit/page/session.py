"""The state of one workbook page: its store and content, shared by every activity on it.

Voila starts a fresh kernel for each page view, so this registry lives exactly as long as the
page; the response store is the only memory across reloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plkit.content import Catalog, load_catalog
from plkit.settings import Settings, current
from plkit.store import ResponseStore, store_for

__all__ = ["Session", "session", "current_session", "use_store", "bind", "forget", "reset"]


@dataclass
class Session:
    workbook: str
    store: ResponseStore
    catalog: Catalog
    settings: Settings
    #: Students' names and ids loaded in this page (class data); in memory only, never saved.
    roster: Any = None
    #: What a preheated kernel built before the page was opened: activity name -> widget.
    #: Each cell takes its own once (:mod:`plkit.page.ahead`).
    ahead: dict[str, Any] | None = None


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
    held = _SESSIONS.get(workbook)
    if held is not None and held.store is store:
        return held
    return use_store(workbook, store)


def session(workbook: str) -> Session:
    """The page's session for ``workbook``, opened on the participant's own store if new."""
    if workbook not in _SESSIONS:
        use_store(workbook, store_for(workbook))
    return _SESSIONS[workbook]


def current_session(workbook: str) -> Session | None:
    """The session open for ``workbook``, if any (without opening one)."""
    return _SESSIONS.get(workbook)


def forget(workbook: str) -> Session | None:
    """Close the page's session for ``workbook`` (its answers are read again next time)."""
    return _SESSIONS.pop(workbook, None)


def reset() -> None:
    """Forget every session (tests; a kernel serves one page, so pages never need it)."""
    _SESSIONS.clear()
