"""The home page: every workbook with the participant's progress on it."""

from __future__ import annotations

import html
from datetime import datetime
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
from plkit.workbooks.start_here.keys import START_HERE
from plkit.workbooks.start_here.model import chosen_pathway

__all__ = ["progress_of", "pathway_of", "show"]


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


def show(workspace: str | Path | None = None) -> w.VBox:
    """The list of workbooks, with progress and a link to open each."""
    ws = Path(workspace) if workspace is not None else Path.cwd()
    if preheating():
        progress_of(ws), pathway_of(ws)  # load what they need while the kernel waits (0.08 s)
    wait_for_request()  # a preheated kernel reads progress when the page is opened, not before
    workshop = bool(current().course_id)
    sent = submissions(ws)
    rows = []
    order = pathway_of(ws) or []
    step = {wb_id: i + 1 for i, wb_id in enumerate(order)}
    listed = sorted(progress_of(ws),  # "Start here" first, then the chosen pathway, then the rest
                    key=lambda item: (item[0].id != "start-here", step.get(item[0].id, len(step) + 1)))
    for wb, report, problem in listed:
        present = (ws / wb.path).exists()
        if workshop and not present:
            rows.append(
                f'<li class="plkit-panel"><h3>{html.escape(wb.title)}</h3>'
                f"<p>{html.escape(wb.description)}</p><p><strong>Not released yet</strong>: "
                "your facilitator will open it during the workshop.</p></li>")
            continue
        if report.complete:
            state = "Complete"
        elif report.done:
            state = f"In progress: {report.done} of {report.total} steps done"
        else:
            state = "Not started"
        if wb.id in sent:
            when = datetime.fromisoformat(sent[wb.id]).astimezone().strftime("%H:%M on %d %B")
            state += f" · submitted at {when}"
        extra = f'<p class="plkit-error">{html.escape(problem)}</p>' if problem else ""
        if wb.id in step:
            extra = f"<p>Step {step[wb.id]} of your pathway</p>" + extra
        rows.append(
            f'<li class="plkit-panel"><h3><a href="{html.escape(wb.path)}">'
            f"{html.escape(wb.title)}</a></h3>"
            f"<p>{html.escape(wb.description)}</p>"
            f"<p><strong>{html.escape(state)}</strong> &middot; about {wb.minutes} minutes</p>"
            f"{extra}</li>"
        )
    titles = {wb.id: wb.title for wb in WORKBOOKS}
    mine = "; ".join(f"{i + 1}. {titles[wb_id]}" for i, wb_id in enumerate(order))
    listing = Html(
        (f"<p><strong>Your pathway</strong> (chosen in Start here): {html.escape(mine)}.</p>"
         if order else "")
        + '<nav aria-label="Workbooks"><ul style="list-style:none;padding-left:0">'
        + "".join(rows)
        + "</ul></nav>"
    )
    box = w.VBox([stylesheet(), listing])
    box.add_class("plkit")
    return box
