"""The controls of a check-in. Each saves one part of a nested answer (the status of one first
step inside ``checkin.steps``, one support rating inside ``checkin.support``), merged into the
latest saved value under the store's lock, so parts saved by other controls or tabs are kept.
All are testable without a browser: set ``.input.value``, read the store."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from plkit.store import ResponseStore
from plkit.ui.autosave import Saver, SaveStatus
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.checkin.keys import CHALLENGE_STATUS, KEYS, OWN, STEP_STATUS
from plkit.workbooks.checkin.model import PRESENCE, SUPPORT, Planned

__all__ = ["set_in", "get_in", "FieldChoice", "FieldText", "StepReport", "NextStep", "OwnNextStep",
           "SupportScales", "ChallengeReport"]


def get_in(value: Any, path: Sequence[str]) -> Any:
    """``value[path[0]][path[1]]...``, or None where anything on the way is missing or not a dict."""
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def set_in(old: Any, path: Sequence[str], value: Any) -> dict[str, Any]:
    """A copy of ``old`` with ``value`` at ``path`` (anything there that is not a dict is replaced).

    >>> set_in({"a": {"status": "done"}, "b": 1}, ["a", "obstacle"], "time")
    {'a': {'status': 'done', 'obstacle': 'time'}, 'b': 1}
    """
    base = dict(old) if isinstance(old, Mapping) else {}
    head, *rest = path
    base[head] = set_in(base.get(head), rest, value) if rest else value
    return base


def _saver(store: ResponseStore, key: str, path: Sequence[str], get: Callable[[], Any],
           status: SaveStatus, delay: float) -> Saver:
    saver = Saver(store, key, get, status, delay, merge=lambda old: set_in(old, path, get()))
    if get_in(store.get(key), path) in (None, ""):  # the status speaks of this part only
        status.show("idle", "")
    return saver


class FieldChoice(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """One choice (native radio group), saved at once at ``path`` inside ``key``'s value; with
    ``as_int`` the choice is saved as a number (the support scales)."""

    def __init__(self, store: ResponseStore, key: str, path: Sequence[str], label: str,
                 options: Sequence[tuple[str, str]], as_int: bool = False,
                 on_choice: Callable[[str | None], None] | None = None) -> None:
        self.key, self.path, self.as_int = key, list(path), as_int
        saved = get_in(store.get(key), path)
        self.input = RadioGroup(options=options, value=None if saved is None else str(saved), description=label)
        self.status = SaveStatus()
        self.saver = _saver(store, key, path, self._saved_value, self.status, 0)
        self._on_choice = on_choice
        self.input.observe(self._changed, names="value")
        super().__init__([self.input, self.status], layout=shared_layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> str | None:
        return self.input.value

    def _saved_value(self) -> Any:
        v = self.input.value
        return int(v) if self.as_int and v is not None else v

    def _changed(self, change: dict[str, Any]) -> None:
        self.saver.changed()
        if self._on_choice:
            self._on_choice(change["new"])


class FieldText(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """A labelled text (one line, or ``rows`` lines) that autosaves at ``path`` inside ``key``."""

    def __init__(self, store: ResponseStore, key: str, path: Sequence[str], label: str, delay: float,
                 rows: int = 0, placeholder: str = "") -> None:
        self.key, self.path = key, list(path)
        saved = get_in(store.get(key), path)
        kind = w.Textarea if rows else w.Text
        extra = {"rows": rows} if rows else {}
        self.input = kind(value=saved if isinstance(saved, str) else "", description=label,
                          placeholder=placeholder, continuous_update=True,
                          layout=w.Layout(width="100%" if rows else "30rem", max_width="100%"), **extra)
        self.input.add_class("plkit-stacked")
        self.input.style.description_width = "initial"
        self.status = SaveStatus()
        self.saver = _saver(store, key, path, lambda: self.input.value, self.status, delay)
        self.input.observe(lambda _c: self.saver.changed(), names="value")
        super().__init__([self.input, self.status], layout=w.Layout(width="100%"))
        self.add_class("plkit")

    @property
    def value(self) -> str:
        return str(self.input.value)

    @property
    def shown(self) -> bool:
        return bool(self.layout.display != "none")

    def show(self, on: bool) -> None:
        self.layout.display = None if on else "none"

    def flush(self) -> None:
        self.saver.flush()


def _heading(p: Planned) -> str:
    return f"<h3>Nightmare {p.number}: {html.escape(p.title)}</h3>"


def _step(p: Planned) -> str:
    when = f" <strong>By when:</strong> {html.escape(p.by_when.rstrip('. '))}." if p.by_when else ""
    said = "Your first step, as you revised it at the last check-in" if p.revised else "Your first step"
    step = p.first_step.rstrip(". ") or "(none written)"
    return f"<p><strong>{said}:</strong> {html.escape(step)}.{when}</p>"


class StepReport(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Did you take this first step, and if not (yet), what got in the way."""

    def __init__(self, store: ResponseStore, p: Planned, delay: float) -> None:
        self.planned = p
        self.obstacle = FieldText(store, KEYS["steps"], [p.id, "obstacle"],
                                  f"Nightmare {p.number}: what got in the way?", delay, rows=2,
                                  placeholder="Time, a rule, a worry, something that came up…")
        self.status = FieldChoice(store, KEYS["steps"], [p.id, "status"],
                                  f"Nightmare {p.number}: did you take this first step?",
                                  [(label, v) for v, label in STEP_STATUS.items()], on_choice=self._chosen)
        self._chosen(self.status.value)
        super().__init__([Html(_heading(p) + _step(p)), self.status, self.obstacle],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")

    def _chosen(self, value: str | None) -> None:
        self.obstacle.show(value in ("started", "not-yet"))


class NextStep(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The plan revised: the next step and by when, and how present the nightmare is now."""

    def __init__(self, store: ResponseStore, p: Planned, delay: float) -> None:
        self.planned = p
        self.step = FieldText(store, KEYS["next"], [p.id, "first-step"], f"Nightmare {p.number}: your next step",
                              delay, rows=2, placeholder="The next small thing you will try, or the same step again")
        self.by_when = FieldText(store, KEYS["next"], [p.id, "by-when"], f"Nightmare {p.number}: by when?", delay,
                                 placeholder="A date or a week")
        before = (f"<p>When you last rated it, it was: <strong>{html.escape(PRESENCE[p.presence])}</strong>.</p>"
                  if p.presence else "")
        self.presence = FieldChoice(store, KEYS["presence"], [p.id],
                                    f"Nightmare {p.number}: how present is it in your school now?",
                                    [(label, v) for v, label in PRESENCE.items()])
        super().__init__([Html(_heading(p) + _step(p)), self.step, self.by_when, Html(before), self.presence],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")


class OwnNextStep(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Without a plan from the day: the participant's own next step and by when."""

    def __init__(self, store: ResponseStore, delay: float, earlier: tuple[str, str] | None = None) -> None:
        self.step = FieldText(store, KEYS["next"], [OWN, "first-step"], "Your next step", delay, rows=2,
                              placeholder="The next small thing you will try in your classroom or school")
        self.by_when = FieldText(store, KEYS["next"], [OWN, "by-when"], "By when?", delay,
                                 placeholder="A date or a week")
        said = ""
        if earlier:
            when = f" (by {earlier[1]})" if earlier[1] else ""
            said = (f"<p>At the last check-in you wrote that you would next: "
                    f"<strong>{html.escape(earlier[0])}</strong>{html.escape(when)}.</p>")
        super().__init__([Html(said), self.step, self.by_when], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")


class SupportScales(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """The three questions on support, each on a labelled 1 to 5 scale."""

    def __init__(self, store: ResponseStore) -> None:
        self.scales = {q: FieldChoice(store, KEYS["support"], [q], f"{s.name}: {s.question}", s.options(),
                                      as_int=True) for q, s in SUPPORT.items()}
        super().__init__(list(self.scales.values()), layout=shared_layout(width="100%"))
        self.add_class("plkit")


class ChallengeReport(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Did you run this challenge (yes, partly, not yet), and a note."""

    def __init__(self, store: ResponseStore, number: int, challenge_id: str, title: str, delay: float) -> None:
        name = f"Challenge {number} ({title})"
        self.status = FieldChoice(store, KEYS["challenges"], [challenge_id, "status"], f"{name}: did you run it?",
                                  [(label, v) for v, label in CHALLENGE_STATUS.items()])
        self.note = FieldText(store, KEYS["challenges"], [challenge_id, "note"],
                              f"{name}: a note (what students did, what you would change)", delay, rows=2)
        super().__init__([Html(f"<h3>{html.escape(title)}</h3>"), self.status, self.note],
                         layout=shared_layout(width="100%"))
        self.add_class("plkit")
        self.add_class("plkit-panel")
