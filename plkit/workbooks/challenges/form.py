"""Building blocks of the challenge pages: a text field labelled above its box, a titled section
of the form, and the line that credits a passage's sources."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from plkit.content.catalog import Catalog
from plkit.ui.shared import Html, shared_layout

__all__ = ["stacked", "text_field", "section", "source_note"]


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


def source_note(catalog: Catalog, source_ids: Iterable[str]) -> str:
    """A quiet line crediting each source once, in the order given, as content names them
    (nothing when there is no source).

    >>> from plkit.content import load_catalog
    >>> source_note(load_catalog(use_settings=False), ["fisher-frey-2008", "fisher-frey-2008"])
    '<p class="plkit-status">Source: Douglas Fisher &amp; Nancy Frey, Better Learning Through Structured \
Teaching: A Framework for the Gradual Release of Responsibility (2008).</p>'
    """
    cites = list(dict.fromkeys(catalog.cite(i) for i in source_ids if i))
    if not cites:
        return ""
    label = "Sources" if len(cites) > 1 else "Source"
    return f'<p class="plkit-status">{label}: {html.escape("; ".join(cites))}.</p>'
