"""Building blocks of the challenge form: a text field labelled above its box, and a titled
section of the form."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from plkit.ui.shared import Html, shared_layout

__all__ = ["stacked", "text_field", "section"]


def stacked(widget: Any) -> Any:
    """``widget`` with its label above it, as wide as its label needs."""
    widget.add_class("plkit-stacked")
    widget.style.description_width = "initial"
    return widget


def text_field(label: str, value: str, placeholder: str = "", rows: int = 0) -> Any:
    """A one-line text box, or a text area of ``rows`` rows, sending each keystroke."""
    cls = w.Textarea if rows else w.Text
    kwargs: dict[str, Any] = {"rows": rows} if rows else {}
    return stacked(cls(value=value or "", description=label, placeholder=placeholder,
                       continuous_update=True, layout=shared_layout(width="100%"), **kwargs))


def section(title: str, *children: Any, intro: str = "") -> Any:
    """A part of the form: a heading, an optional sentence introducing it, then its fields."""
    head = f"<h3>{html.escape(title)}</h3>" + (f"<p>{html.escape(intro)}</p>" if intro else "")
    return w.VBox([Html(head), *children], layout=shared_layout(width="100%"))
