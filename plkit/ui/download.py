"""Download what a participant made, as HTML and Markdown, straight from the page.

The files are built in the kernel and offered as ``data:`` links, so no server route is needed
and nothing leaves the participant's machine.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from plkit.store import ResponseStore
from plkit.ui.shared import Html, shared_layout

__all__ = ["DownloadLinks", "data_uri"]

Renderer = Callable[[Mapping[str, Any]], str]


def data_uri(text: str, mime: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mime};charset=utf-8;base64,{payload}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "download"


class DownloadLinks(w.VBox):  # type: ignore[misc]  # ipywidgets has no type information: VBox is Any
    """Links that always carry the latest saved answers (rebuilt after every change)."""

    def __init__(self, store: ResponseStore, title: str, html_renderer: Renderer,
                 md_renderer: Renderer) -> None:
        self.store = store
        self.title = title
        self.render_html = html_renderer
        self.render_md = md_renderer
        self.links = Html()
        self.files: dict[str, str] = {}
        super().__init__([self.links], layout=shared_layout(width="100%"))
        self.add_class("plkit")
        store.on_change(lambda _k, _v: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        answers = self.store.all()
        name = _slug(self.title)
        self.files = {
            f"{name}.html": self.render_html(answers),
            f"{name}.md": self.render_md(answers),
        }
        t = html.escape(self.title)
        self.links.value = (
            f'<p><a class="plkit-button" download="{name}.html" '
            f'href="{data_uri(self.files[name + ".html"], "text/html")}">'
            f"Download {t} (web page, printable)</a>"
            f'<a class="plkit-button" download="{name}.md" '
            f'href="{data_uri(self.files[name + ".md"], "text/markdown")}">'
            f"Download {t} (Markdown text)</a></p>"
        )
