"""Small pieces every panel of "Analysing your class data" uses: a live alert, a status line, and
a control stacked under its label."""

from __future__ import annotations

import html

import ipywidgets as w

__all__ = ["alert_html", "e", "labelled", "status_html"]

e = html.escape


def alert_html(message: str) -> str:
    """One clear sentence in a live alert (or nothing)."""
    return f'<p role="alert" class="plkit-error">{e(message)}</p>' if message else ""


def status_html(message: str) -> str:
    """A polite live status line."""
    return f'<p role="status" aria-live="polite">{e(message)}</p>'


def labelled(widget: w.Widget, width: str = "26rem") -> w.Widget:
    """``widget`` with its description stacked above it, ``width`` wide (at most the page)."""
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    widget.layout.width = width
    widget.layout.max_width = "100%"
    return widget
