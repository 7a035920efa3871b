"""The class loaded on the page of "Analysing your class data", and the teacher's choices.

Privacy: the gradebook (names, ids, scores) lives in :class:`ClassData`, in kernel memory only.
Only the teacher's choices go to the response store, and :meth:`ClassData.save` refuses any value
in which the privacy guard finds a student identifier. Loading a class also adds its students'
identifiers, as keyed hashes, to the privacy guard's record on this computer, so that no later
submission (of any workbook, after any reload) carries them. No widgets here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from plkit.classdata.demo import demo_gradebook
from plkit.classdata.model import Gradebook, GradebookError
from plkit.classdata.pseudonym import local_secret, secret_path
from plkit.classdata.read import read_gradebook
from plkit.classdata.summary import MIN_N, MethodChoice, analyse
from plkit.errors import PlkitError
from plkit.privacy import find_leaks, remember_identifiers
from plkit.store import ResponseStore
from plkit.workbooks.classdata.keys import KEYS

__all__ = ["ClassData"]


class ClassData:
    """The class loaded on this page: in memory only, with the choices read from the store."""

    def __init__(self, store: ResponseStore, on_roster: Callable[[Any], None] | None = None) -> None:
        self.store = store
        self.raw: bytes | None = None
        self.base: Gradebook | None = None
        self.gb: Gradebook | None = None
        self.source: str | None = None
        self.notice = ""
        self._on_roster = on_roster
        self._listeners: list[Callable[[str], None]] = []
        self._cache: tuple[Any, pd.DataFrame] | None = None

    # -- listeners -------------------------------------------------------------------------
    def on_change(self, fn: Callable[[str], None]) -> None:
        self._listeners.append(fn)

    def _emit(self, what: str) -> None:
        self._cache = None
        for fn in list(self._listeners):
            fn(what)

    # -- saving choices, never identities ----------------------------------------------------
    def save(self, key: str, value: Any) -> None:
        """Save a choice; raises :class:`PlkitError` if it would carry a student identifier."""
        if self.gb is not None and value is not None:
            if find_leaks([json.dumps(value, ensure_ascii=False)], self.gb.roster):
                raise PlkitError("Not saved: this choice contains a student's name or ID, and "
                                 "student identities are never saved.")
        self.store.set(key, value)

    @property
    def choice(self) -> MethodChoice:
        return MethodChoice.from_dict(self.store.get(KEYS["method"]))

    @property
    def min_n(self) -> int:
        v = self.store.get(KEYS["min_n"])
        return int(v) if isinstance(v, int) and 5 <= v <= 30 else MIN_N

    @property
    def item_standards(self) -> dict[str, str]:
        saved = self.store.get(KEYS["item_standards"])
        return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}

    # -- loading ---------------------------------------------------------------------------
    def _set(self, gb: Gradebook, source: str) -> None:
        # Every submission from this computer is checked for this class's students from now on,
        # after a reload too: keyed hashes only, beside the pseudonym secret (plkit.privacy).
        remember_identifiers(gb.roster, secret_path(), local_secret())
        self.base, self.source = gb, source
        mapped = {i: s for i, s in self.item_standards.items() if i in set(gb.scores["item"])}
        self.gb = gb.with_standards(mapped) if mapped else gb
        if self._on_roster:
            self._on_roster(gb.roster)
        self.notice = ""
        loaded = {"source": source, "layout": gb.layout}
        if self.store.get(KEYS["loaded"]) != loaded:  # not again each time the page is opened
            self.save(KEYS["loaded"], loaded)
        self._emit("data")

    def load_demo(self) -> None:
        self.raw = None
        self._set(demo_gradebook(), "demo")

    def load_bytes(self, data: bytes, mapping: Mapping[str, Any] | None = None) -> None:
        """Read an upload; on any error the class already loaded stays as it was."""
        gb = read_gradebook(bytes(data), mapping=dict(mapping) if mapping else None)
        self.raw = bytes(data)
        self._set(gb, "own")

    def remap(self, mapping: Mapping[str, Any]) -> None:
        if self.raw is None:
            raise GradebookError("Column mapping needs your own file; upload it first.")
        self.load_bytes(self.raw, mapping)
        self.save(KEYS["mapping"], dict(mapping))

    def apply_standards(self, standards: Mapping[str, str]) -> None:
        clean = {str(k): str(v).strip() for k, v in standards.items() if str(v).strip()}
        merged = {**self.item_standards, **clean}
        for k, v in standards.items():
            if not str(v).strip():
                merged.pop(str(k), None)
        self.save(KEYS["item_standards"], merged)
        if self.base is not None:
            self.gb = self.base.with_standards(merged)
        self._emit("data")

    def choose(self, choice: MethodChoice) -> None:
        self.save(KEYS["method"], choice.to_dict())
        self._emit("settings")

    def set_min_n(self, n: int) -> None:
        self.save(KEYS["min_n"], int(n))
        self._emit("settings")

    # -- analysis --------------------------------------------------------------------------
    def mastery(self) -> pd.DataFrame:
        """The mastery table for the loaded class and the saved choice (cached)."""
        if self.gb is None:
            raise GradebookError("Load a class first: upload your gradebook or use the demo class.")
        key = (id(self.gb), json.dumps(self.choice.to_dict(), sort_keys=True))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, analyse(self.gb, self.choice))
        return self._cache[1]
