"""The top of every workbook page: styles, any notice about the participant's saved answers, and
what happens to their answers.

The way back to all workbooks is in the page's header, drawn by plkit's Voila template
(``plkit/share/jupyter/voila/templates/plkit``) around the page, so there is one and it is there
before the kernel has run a cell."""

from __future__ import annotations

import html

import ipywidgets as w

from plkit.page.session import Session
from plkit.ui.shared import Html
from plkit.ui.style import stylesheet

__all__ = ["header_box"]


def header_box(s: Session) -> w.VBox:
    """The header of ``s``'s page; reads the answers now, so a file that had to be moved aside
    is reported at the top."""
    s.store.all()
    parts: list[w.Widget] = [stylesheet()]
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
