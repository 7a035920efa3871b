"""The join page's notebook cells (``facilitator/join.ipynb``, served beside the dashboard).

``settings()`` is the form where the facilitator gives the hub's address (and, optionally, the
repository the workbooks come from); ``page()`` is what participants see: the link, its QR code
and three lines of instructions, printable, and downloadable as a page of its own.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from plkit.errors import PlkitError
from plkit.facilitator.join import JOIN_CSS, join_body, join_html, join_info, set_links
from plkit.ui.download import data_uri
from plkit.ui.shared import Html, shared_layout
from plkit.ui.style import stylesheet
from plkit.workshop.config import Workshop, load

__all__ = ["JoinPage", "join_page", "settings", "page"]

e = html.escape

#: When printed, only the join page itself: no form, no download link, no Voila frame.
PRINT_CSS = f"""<style>{JOIN_CSS}
@media print {{ body * {{ visibility: hidden !important; }}
  .plkit-join, .plkit-join * {{ visibility: visible !important; }}
  .plkit-join {{ position: absolute; left: 0; top: 0; }} }}
</style>"""


class JoinPage:
    """The workshop the page is for, and the widgets re-rendered when its addresses change."""

    def __init__(self, root: str | Path | None) -> None:
        self.ws: Workshop | None = None
        self.error: str | None = None
        self.preview = Html()
        self.tools = Html()
        self.tools.add_class("plkit-join-tools")
        self.status = Html()
        if root is None:
            self.error = ("This page needs a workshop: start it with `plkit serve --facilitator "
                          "--workshop DIR`, where DIR is the folder `plkit workshop init` created.")
        else:
            try:
                self.ws = load(root)
            except PlkitError as exc:
                self.error = str(exc)
        self.render()

    def render(self) -> None:
        if self.ws is None:
            self.preview.value = f'<p class="plkit-error" role="alert">{e(self.error or "")}</p>'
            self.tools.value = ""
            return
        info = join_info(self.ws)
        self.preview.value = join_body(info, heading="h2")
        line = "" if info.link is None else (
            "<p>Participants on their own computer (no hub) type instead: "
            f"<code>{e(info.line)}</code></p>")
        self.tools.value = (
            f'<p><a class="plkit-button" download="join-{e(self.ws.course_id)}.html" '
            f'href="{data_uri(join_html(self.ws), "text/html")}">Download this page to print '
            f"(HTML)</a> Or print this page from your browser: only the part above is printed.</p>"
            f"{line}")

    def save(self, hub_url: str, repo_url: str) -> str:
        """Save the addresses; the sentence that answers (saved, or what was wrong)."""
        if self.ws is None:
            return self.error or ""
        try:
            set_links(self.ws, hub_url, repo_url)
        except PlkitError as exc:
            return str(exc)
        self.render()
        if not self.ws.hub_url:
            return "Saved: no hub address, so the page shows the line to type on each computer."
        return f"Saved: the link now leads to {self.ws.hub_url}."


_PAGE: JoinPage | None = None


def join_page() -> JoinPage:
    global _PAGE
    if _PAGE is None:
        _PAGE = JoinPage(os.environ.get("PLKIT_WORKSHOP"))
    return _PAGE


def _labelled(widget: w.Widget) -> w.Widget:
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    return widget


def settings(root: str | Path | None = None) -> w.VBox:
    """Where participants join: the hub's address and, optionally, the repository."""
    global _PAGE
    if root is not None:
        _PAGE = JoinPage(root)
    p = join_page()
    ws = p.ws
    hub = _labelled(w.Text(value=ws.hub_url if ws else "", description="JupyterHub address (empty on one machine)",
                           placeholder="https://hub.example.org", layout=w.Layout(width="32rem", max_width="100%")))
    repo = _labelled(w.Text(value=ws.repo_url if ws else "",
                            description="Repository the workbooks come from (optional, for nbgitpuller)",
                            placeholder="https://github.com/district/pl-day",
                            layout=w.Layout(width="32rem", max_width="100%")))
    button = w.Button(description="Save the join page's addresses", layout=shared_layout(width="auto"))

    def save(_b: object) -> None:
        message = p.save(hub.value, repo.value)
        p.status.value = f'<p role="status" aria-live="polite">{e(message)}</p>'

    button.on_click(save)
    box = w.VBox([stylesheet(), Html(PRINT_CSS), hub, repo, button, p.status],
                 layout=shared_layout(width="100%"))
    box.add_class("plkit")
    box.add_class("plkit-join-form")
    if ws is None:  # the page below says why, once
        box.children = (stylesheet(), Html(PRINT_CSS))
    return box


def page() -> w.VBox:
    """The join page itself, as participants will see it printed or on the screen."""
    p = join_page()
    box = w.VBox([p.preview, p.tools], layout=shared_layout(width="100%"))
    box.add_class("plkit")
    return box
