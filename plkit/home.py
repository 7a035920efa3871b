"""The home page: every workbook with the participant's progress on it, and apart from them the
workbooks for after the day (the check-ins), each shown as due once it is released."""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from plkit.completion import Report, evaluate
from plkit.errors import StoreError
from plkit.exchange import submissions
from plkit.page.ahead import preheating, wait_for_request
from plkit.registry import WORKBOOKS, Workbook
from plkit.settings import current
from plkit.store import RESPONSES_FILE, read_document
from plkit.ui.shared import Html
from plkit.ui.style import stylesheet
from plkit.workbooks.checkin.model import CHECKINS
from plkit.workbooks.start_here.keys import START_HERE
from plkit.workbooks.start_here.model import chosen_pathway

__all__ = ["progress_of", "pathway_of", "release_due", "show", "RELEASE_FILE"]

#: Written by the facilitator's release into a released workbook's folder (so into the
#: participant's workspace folder of that workbook): ``{"workbook": id, "due": "YYYY-MM-DD"}``.
RELEASE_FILE = "plkit-release.json"


def _responses_path(wb: Workbook, workspace: Path) -> Path:
    s = current()
    folder = s.store_dir / wb.id if s.store_dir else workspace / wb.folder
    return folder / RESPONSES_FILE


def progress_of(workspace: str | Path | None = None) -> list[tuple[Workbook, Report, str | None]]:
    """(workbook, completion report, problem reading its answers or None) for every workbook."""
    ws = Path(workspace) if workspace is not None else Path.cwd()
    out = []
    for wb in WORKBOOKS:
        path = _responses_path(wb, ws)
        answers: dict[str, Any] = {}
        problem = None
        if path.exists():
            try:
                answers = {k: v["value"] for k, v in read_document(path)["responses"].items()}
            except StoreError as exc:
                problem = f"Your saved answers could not be read ({exc}); open the workbook to recover."
        out.append((wb, evaluate(wb.id, answers), problem))
    return out


def pathway_of(workspace: str | Path | None = None) -> list[str] | None:
    """The pathway the participant chose in "Start here" (workbook ids in order), or None."""
    ws = Path(workspace) if workspace is not None else Path.cwd()
    start = next((wb for wb in WORKBOOKS if wb.id == START_HERE), None)
    path = _responses_path(start, ws) if start is not None else None
    if path is None or not path.exists():
        return None
    try:
        answers = {k: v["value"] for k, v in read_document(path)["responses"].items()}
    except StoreError:
        return None  # the start-here row already says its answers could not be read
    return chosen_pathway(answers, WORKBOOKS)


def release_due(wb: Workbook, workspace: str | Path | None = None) -> date | None:
    """The date ``wb`` is due by, as the facilitator released it; None without a readable one."""
    ws = Path(workspace) if workspace is not None else Path.cwd()
    try:
        meta = json.loads((ws / wb.folder / RELEASE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("workbook", wb.id) != wb.id or not isinstance(meta.get("due"), str):
        return None
    try:
        return date.fromisoformat(meta["due"]) if len(meta["due"]) == 10 else None
    except ValueError:
        return None


def _state(wb: Workbook, report: Report, sent: dict[str, str]) -> str:
    if report.complete:
        state = "Complete"
    elif report.done:
        state = f"In progress: {report.done} of {report.total} steps done"
    else:
        state = "Not started"
    if wb.id in sent:
        when = datetime.fromisoformat(sent[wb.id]).astimezone().strftime("%H:%M on %d %B")
        state += f" · submitted at {when}"
    return state


def _row(wb: Workbook, report: Report, problem: str | None, sent: dict[str, str], extra: str = "") -> str:
    """One workbook, with a link to open it and the participant's progress."""
    if problem:
        extra += f'<p class="plkit-error">{html.escape(problem)}</p>'
    return (f'<li class="plkit-panel"><h3><a href="{html.escape(wb.path)}">{html.escape(wb.title)}</a></h3>'
            f"<p>{html.escape(wb.description)}</p>"
            f"<p><strong>{html.escape(_state(wb, report, sent))}</strong> &middot; about {wb.minutes} minutes</p>"
            f"{extra}</li>")


def _not_released(wb: Workbook, when: str) -> str:
    return (f'<li class="plkit-panel"><h3>{html.escape(wb.title)}</h3>'
            f"<p>{html.escape(wb.description)}</p><p><strong>Not released yet</strong>: {html.escape(when)}</p></li>")


def _follow_up(wb: Workbook, report: Report, problem: str | None, ws: Path, workshop: bool,
               sent: dict[str, str]) -> str:
    """A workbook for after the day: not released yet, due (with its date), or, on one machine,
    for after the day."""
    checkin = CHECKINS.get(wb.id)
    weeks = f" (about {checkin.weeks_on})" if checkin else ""
    if workshop and not (ws / wb.path).exists():
        return _not_released(wb, f"your facilitator releases it after the day{weeks}.")
    if not workshop:
        return _row(wb, report, problem, sent, f"<p>For after the day{html.escape(weeks)}.</p>")
    due = release_due(wb, ws)
    if due is None:
        return _row(wb, report, problem, sent, "<p><strong>Released</strong>: open it when you are ready.</p>")
    late = " (that date has passed: it is still open)" if due < date.today() and not report.complete else ""
    return _row(wb, report, problem, sent,
                f"<p><strong>Due by {due:%A} {due.day} {due:%B %Y}</strong>{html.escape(late)}</p>")


def show(workspace: str | Path | None = None) -> w.VBox:
    """The list of workbooks, with progress and a link to open each; those for after the day apart."""
    ws = Path(workspace) if workspace is not None else Path.cwd()
    if preheating():
        progress_of(ws), pathway_of(ws)  # load what they need while the kernel waits (0.08 s)
    wait_for_request()  # a preheated kernel reads progress when the page is opened, not before
    workshop = bool(current().course_id)
    sent = submissions(ws)
    follow_ups = {wb.id for wb in WORKBOOKS if wb.stage == "follow-up"}
    order = [wb_id for wb_id in pathway_of(ws) or [] if wb_id not in follow_ups]
    step = {wb_id: i + 1 for i, wb_id in enumerate(order)}
    everything = progress_of(ws)
    listed = sorted((item for item in everything if item[0].id not in follow_ups),  # "Start here" first,
                    key=lambda item: (item[0].id != "start-here",  # then the pathway, then the rest
                                      step.get(item[0].id, len(step) + 1)))
    rows = []
    for wb, report, problem in listed:
        if workshop and not (ws / wb.path).exists():
            rows.append(_not_released(wb, "your facilitator will open it during the workshop."))
            continue
        rows.append(_row(wb, report, problem, sent,
                         f"<p>Step {step[wb.id]} of your pathway</p>" if wb.id in step else ""))
    later = [_follow_up(wb, report, problem, ws, workshop, sent) for wb, report, problem in everything
             if wb.id in follow_ups]
    titles = {wb.id: wb.title for wb in WORKBOOKS}
    mine = "; ".join(f"{i + 1}. {titles[wb_id]}" for i, wb_id in enumerate(order))
    listing = Html(
        (f"<p><strong>Your pathway</strong> (chosen in Start here): {html.escape(mine)}.</p>"
         if order else "")
        + '<nav aria-label="Workbooks"><ul style="list-style:none;padding-left:0">'
        + "".join(rows)
        + "</ul></nav>"
        + ('<h2>After the day</h2><p>Back at school, these check-ins ask how your plan is going.</p>'
           '<nav aria-label="After the day"><ul style="list-style:none;padding-left:0">'
           + "".join(later) + "</ul></nav>" if later else "")
    )
    box = w.VBox([stylesheet(), listing])
    box.add_class("plkit")
    return box
