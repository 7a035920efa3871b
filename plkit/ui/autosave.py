"""Debounced saving and the visible "saved" status every answer box shows."""

from __future__ import annotations

import asyncio
import html
import threading
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

from plkit.errors import StoreError
from plkit.store import ResponseStore
from plkit.ui.shared import Html

__all__ = ["SaveStatus", "Debouncer", "Saver", "flush_all"]

_LIVE: weakref.WeakSet[Debouncer] = weakref.WeakSet()


def flush_all() -> None:
    """Save every answer still waiting for its debounce delay (before a submit or download)."""
    for d in list(_LIVE):
        d.flush()


class SaveStatus(Html):
    """A polite live region: "Not saved yet", "Saving…", "Saved at 14:02", or what went wrong."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("plkit-status")
        self.state = "idle"
        self.message = ""
        self.show("idle", "")

    def show(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        cls = {"error": "plkit-status-error", "saved": "plkit-status-ok"}.get(state, "")
        self.value = (
            f'<span role="status" aria-live="polite" class="{cls}">{html.escape(message)}</span>'
        )


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel this code runs in, if any.

    Only a kernel's own loop is used: another library's loop (a test's browser driver, say) may
    not run between its own calls, and a save scheduled there would never happen.
    """
    try:
        from ipykernel.kernelbase import Kernel  # deferred: only a kernel has one; tests may not
    except ImportError:  # pragma: no cover - ipykernel comes with ipywidgets' stack
        return None
    if not Kernel.initialized():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Run ``fn`` once, ``delay`` seconds after the last ``trigger()``.

    Inside a kernel it uses the running event loop; elsewhere a timer thread. ``flush()`` runs a
    pending call now (tests, and before a download).
    """

    def __init__(self, fn: Callable[[], None], delay: float) -> None:
        self.fn = fn
        self.delay = delay
        self._handle: Any = None
        self._lock = threading.Lock()
        _LIVE.add(self)

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def trigger(self) -> None:
        with self._lock:
            self._cancel()
            if self.delay <= 0:
                self._handle = None
                run_now = True
            else:
                run_now = False
                loop = _kernel_loop()
                if loop is not None:
                    self._handle = loop.call_later(self.delay, self._fire)
                else:
                    timer = threading.Timer(self.delay, self._fire)
                    timer.daemon = True
                    self._handle = timer
                    timer.start()
        if run_now:
            self.fn()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        with self._lock:
            if self._handle is None:
                return
            self._handle = None
        self.fn()

    def flush(self) -> None:
        with self._lock:
            had = self._handle is not None
            self._cancel()
        if had:
            self.fn()


class Saver:
    """Saves one prompt's value to the store, debounced, reporting into a SaveStatus.

    With ``merge`` (``fn(latest_saved) -> new``) only this page's changes are merged into the
    latest saved value, under the store's lock, so another tab's changes are kept.
    """

    def __init__(
        self,
        store: ResponseStore,
        key: str,
        get_value: Callable[[], Any],
        status: SaveStatus,
        delay: float = 0.0,
        merge: Callable[[Any], Any] | None = None,
    ) -> None:
        self.store, self.key, self.get_value, self.status = store, key, get_value, status
        self.merge = merge
        self.debouncer = Debouncer(self._save, delay)
        if store.get(key) not in (None, "", [], {}):
            status.show("saved", "Saved earlier; your answer is here.")
        else:
            status.show("idle", "")

    def changed(self) -> None:
        if self.debouncer.delay > 0:
            self.status.show("saving", "Saving…")
        self.debouncer.trigger()

    def flush(self) -> None:
        self.debouncer.flush()

    def _save(self) -> None:
        try:
            if self.merge is not None:
                self.store.update(self.key, self.merge)
            else:
                self.store.set(self.key, self.get_value())
        except StoreError as exc:
            self.status.show("error", f"Not saved: {exc}.")
            return
        self.status.show("saved", f"Saved at {datetime.now().strftime('%H:%M:%S')}.")
