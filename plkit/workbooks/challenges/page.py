"""The "Designing guardrailed challenges" workbook: one function per activity.

Pass ``store=`` to use another store (tests, demos).
"""

from __future__ import annotations

import html

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import box
from plkit.ui.shared import Html
from plkit.workbooks.challenges.widgets import ChallengeDesigner

__all__ = ["WORKBOOK", "start", "background", "designer", "progress", "submit"]

WORKBOOK = "challenges"


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


@activity(WORKBOOK)
def background(store: ResponseStore | None = None) -> w.VBox:
    """What can be personalized, and the stages of handing responsibility to students."""
    s = _s(store)
    cat = s.catalog
    e = html.escape
    dims = "".join(
        f"<li><strong>{e(d.name)}:</strong> {e(d.summary)} <em>A guardrail might be:</em> "
        f"{e(d.guardrail_example)}</li>" for d in cat.dimensions
    )
    stages = "".join(f"<li><strong>{e(st.name)}:</strong> {e(st.summary)}</li>"
                     for st in cat.gradual_release)
    src_dims = cat.cite(cat.dimensions[0].source) if cat.dimensions else ""
    src_stages = cat.cite(cat.gradual_release[0].source) if cat.gradual_release else ""
    return box([Html(
        f'<section class="plkit-panel" aria-label="What can be personalized">'
        f"<h3>Six things students can have a say in</h3><ul>{dims}</ul>"
        f'<p class="plkit-status">Source: {e(src_dims)}</p></section>'
        f'<section class="plkit-panel" aria-label="Gradual release of responsibility">'
        f"<h3>Handing over responsibility, step by step</h3><ol>{stages}</ol>"
        f'<p class="plkit-status">Source: {e(src_stages)}</p></section>'
    )])


@activity(WORKBOOK)
def designer(store: ResponseStore | None = None) -> ChallengeDesigner:
    """The challenge designer with live guardrail checks and the two challenge cards."""
    s = _s(store)
    return ChallengeDesigner(s.store, s.catalog, s.settings.save_delay)


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All steps done: download your challenge cards above, and submit when you are ready.")


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (background, designer, progress, submit)
