"""The dashboard runs the facilitator's day: release workbooks, collect and check submissions (now,
or by itself every minute), add a participant, see who earned a credential.

Notebook cells call these as ``plkit.day.release()`` and so on, in ``facilitator/dashboard.ipynb``.
Every action answers in one sentence in a polite live region, runs in a background thread (the
page never freezes; one action at a time), and refreshes the dashboard's views when it is done.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from plkit.errors import PlkitError
from plkit.facilitator.actions import (
    Outcome,
    Runner,
    add_participant,
    collect_and_check,
    release_workbooks,
    title,
    workshop_workbooks,
)
from plkit.facilitator.dashboard import Dashboard, dashboard
from plkit.ui.shared import Html, shared_layout
from plkit.workshop.badges import earners

__all__ = ["Day", "day", "release", "run", "participant", "credentials", "AUTO_SECONDS"]

#: How often the automatic refresh collects and checks, in seconds.
AUTO_SECONDS = 60.0
#: The automatic refresh turns itself off after this long (a day), so a tab left open overnight
#: does not keep its kernel collecting (and alive: Voila stops only idle kernels).
AUTO_LIMIT = 12 * 3600.0

e = html.escape
BUSY = ("Another action is still running; its answer appears where it was started, then try "
        "again.")


def status_html(outcome: Outcome) -> str:
    """The sentence (and the submissions that could not be checked) in a polite live region."""
    cls = "" if outcome.ok else ' class="plkit-error"'
    items = "".join(f"<li>{e(p)}</li>" for p in outcome.problems)
    return (f'<div role="status" aria-live="polite"><p{cls}>{e(outcome.sentence)}</p>'
            + (f"<ul>{items}</ul>" if items else "") + "</div>")


class Day:
    """The dashboard's actions: one runner (one action at a time) and the automatic refresh."""

    def __init__(self, board: Dashboard) -> None:
        self.board = board
        self.runner = Runner(board.ws.root / ".plkit-dashboard.lock" if board.ws is not None else None)
        self.auto: threading.Event | None = None  # set to stop the automatic refresh

    def act(self, action: Callable[[], Outcome], status: w.HTML, working: str,
            button: w.Button | None = None, after: Callable[[Outcome], None] | None = None) -> bool:
        """Run ``action`` in the background (``button`` disabled meanwhile); its sentence goes to
        ``status``, after the views are refreshed (whether it worked or not: they show what is
        there). False, and a sentence, while another action runs."""
        def done(outcome: Outcome) -> None:
            try:
                self.board.refresh()
            finally:
                status.value = status_html(outcome)
                if button is not None:
                    button.disabled = False
                if after:
                    after(outcome)

        previous = status.value
        status.value = f'<p role="status" aria-live="polite">{e(working)}</p>'
        if button is not None:
            button.disabled = True
        if self.runner.start(action, done):
            return True
        if button is not None:
            button.disabled = False
        status.value = status_html(Outcome(BUSY, ok=False)) if working else previous
        return False

    def start_auto(self, run_once: Callable[[], object], ended: Callable[[], None]) -> None:
        """Collect and check now, then every :data:`AUTO_SECONDS`, skipping a turn while anything
        else runs; until :meth:`stop_auto`, or :data:`AUTO_LIMIT` (then ``ended``)."""
        self.stop_auto()
        stop = self.auto = threading.Event()
        until = time.monotonic() + AUTO_LIMIT

        def loop() -> None:
            while not stop.is_set():
                if time.monotonic() > until:
                    ended()
                    return
                if not self.runner.busy:
                    run_once()
                stop.wait(AUTO_SECONDS)

        threading.Thread(target=loop, name="plkit-auto-refresh", daemon=True).start()

    def stop_auto(self) -> None:
        if self.auto is not None:
            self.auto.set()
            self.auto = None


_DAY: Day | None = None


def day() -> Day:
    """The day of the dashboard on this page (a new one if the dashboard was replaced)."""
    global _DAY
    board = dashboard()
    if _DAY is None or _DAY.board is not board:
        _DAY = Day(board)
    return _DAY


def _box(*children: w.Widget) -> w.VBox:
    b = w.VBox(list(children), layout=shared_layout(width="100%"))
    b.add_class("plkit")
    return b


def _stacked(widget: w.Widget, width: str = "22rem") -> w.Widget:
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    widget.layout = w.Layout(width=width, max_width="100%")
    return widget


def _unavailable(d: Dashboard) -> w.VBox | None:
    if d.ws is None or d.error:
        return _box(Html(f'<p class="plkit-error" role="alert">{e(d.error or "")}</p>'))
    return None


def release() -> w.VBox:
    """Release workbooks: the day's, or the check-ins after it, with an optional due date."""
    dy = day()
    d = dy.board
    if (gone := _unavailable(d)) is not None:
        return gone
    wbs = workshop_workbooks(d.ws)
    boxes = {wb.id: w.Checkbox(value=wb.stage != "follow-up", description=wb.title, indent=False,
                               layout=shared_layout(width="100%")) for wb in wbs}
    today = [boxes[wb.id] for wb in wbs if wb.stage != "follow-up"]
    later = [boxes[wb.id] for wb in wbs if wb.stage == "follow-up"]
    due = _stacked(w.DatePicker(description="Due date (optional; the check-ins usually have one)"))
    button = w.Button(description="Release the ticked workbooks", layout=shared_layout(width="auto"))
    status = Html()

    def click(_b: object) -> None:
        ids = [wid for wid, b in boxes.items() if b.value]
        dy.act(lambda: release_workbooks(d.ws, ids, due.value), status, "Releasing…", button)

    button.on_click(click)
    parts: list[w.Widget] = [Html("<p><strong>The day's workbooks</strong></p>"), *today]
    if later:
        parts += [Html("<p><strong>After the day: the check-ins</strong></p>"), *later]
    return _box(*parts, due, button, status)


def run() -> w.VBox:
    """"Collect and check now", with a progress bar, and an opt-in automatic refresh."""
    dy = day()
    d = dy.board
    if (gone := _unavailable(d)) is not None:
        return gone
    button = w.Button(description="Collect and check now", icon="refresh", layout=shared_layout(width="auto"))
    bar = w.IntProgress(value=0, min=0, max=1, description="Progress", layout=w.Layout(width="26rem", max_width="100%"))
    bar.style.description_width = "initial"
    step = Html("<p>Nothing running.</p>")  # the bar's text: ipywidgets gives the bar no ARIA role
    auto = w.Checkbox(value=False, indent=False, layout=shared_layout(width="100%"),
                      description="Collect and check by itself every minute (and refresh the views)")
    status = Html()

    def progress(what: str, done: int, total: int) -> None:
        bar.max, bar.value = max(total, 1), done
        noun = "workbooks" if what == "Collecting" else "new submissions"
        step.value = f"<p>{e(what)}: {done} of {total} {noun}.</p>"

    def finished(_o: Outcome) -> None:
        step.value = "<p>Nothing running.</p>"

    def once() -> bool:
        return dy.act(lambda: collect_and_check(d.ws, progress), status,
                      "Collecting and checking: the progress bar shows how far.", button, finished)

    def toggle(change: dict[str, Any]) -> None:
        if change["new"]:
            dy.start_auto(once, ended=lambda: setattr(auto, "value", False))
        else:
            dy.stop_auto()
            status.value = status_html(Outcome(
                "Automatic refresh is off" + ("; the check already running finishes first." if dy.runner.busy
                                              else "; press the button to collect and check.")))

    button.on_click(lambda _b: once())
    auto.observe(toggle, names="value")
    return _box(button, bar, step, auto, status)


def participant() -> w.VBox:
    """Add a participant who was not on the roster (or correct one's name and email)."""
    dy = day()
    d = dy.board
    if (gone := _unavailable(d)) is not None:
        return gone
    pid = _stacked(w.Text(description="Participant id (they type it to join)", placeholder="dee.smith"))
    first = _stacked(w.Text(description="First name"))
    last = _stacked(w.Text(description="Last name"))
    email = _stacked(w.Text(description="Email (optional)", placeholder="dee@example.org"))
    button = w.Button(description="Add this participant", layout=shared_layout(width="auto"))
    status = Html()

    def added(outcome: Outcome) -> None:
        if outcome.ok:
            pid.value = first.value = last.value = email.value = ""

    def click(_b: object) -> None:
        values = (pid.value, first.value, last.value, email.value)
        dy.act(lambda: add_participant(d.ws, *values), status, "Adding…", button, added)

    button.on_click(click)
    return _box(pid, first, last, email, button, status)


def credentials() -> w.VBox:
    """Who earned a credential (an Open Badge), as issued: participant, achievement, date."""
    d = dashboard()

    def render() -> str:
        try:
            issued = earners(d.ws)
        except PlkitError as exc:  # a damaged record: say so, the other views go on
            return f'<p class="plkit-error">{e(str(exc))}</p>'
        if not issued:
            return "<p>No one has been issued a credential yet.</p>"
        rows = "".join(
            f'<tr><th scope="row">{e(d.matrix.names.get(x.participant, x.participant))}</th>'
            f"<td>{e(x.participant)}</td><td>{e(title(x.achievement))}</td><td>{e(x.issued)}</td>"
            f"<td>{'revoked' if x.revoked else 'valid'}</td></tr>" for x in issued)
        return ('<table class="plkit-table"><caption>Credentials issued</caption><thead><tr>'
                '<th scope="col">Participant</th><th scope="col">Id</th><th scope="col">Achievement'
                '</th><th scope="col">Issued</th><th scope="col">Status</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>")

    return _box(d.view(render))
