"""A facilitator's view of all content as plkit loads it (shipped plus any district overrides)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from plkit.content import Catalog, load_catalog
from plkit.errors import ContentError
from plkit.ui.shared import Html
from plkit.ui.style import stylesheet

__all__ = ["content_html", "show"]


def _table(caption: str, headers: list[str], rows: list[list[Any]]) -> str:
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return (
        f'<table class="plkit-panel"><caption><strong>{e(caption)}</strong></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def content_html(cat: Catalog) -> str:
    c = cat.cite
    d = cat.definition
    out = [
        f"<h2>Definition</h2><blockquote><p>{html.escape(d.quote)}</p></blockquote>"
        f"<p>{html.escape(c(d.source))}</p>",
        _table("Definition parts", ["Part", "Summary"], [[p.title, p.summary] for p in d.parts]),
        _table("Components: what PL is and isn't", ["Component", "Is", "Isn't", "Source"],
               [[x.name, x.is_, x.isnt, c(x.source)] for x in cat.components]),
        _table("Four pillars", ["Pillar", "Summary", "Source"],
               [[x.name, x.summary, c(x.source)] for x in cat.pillars]),
        _table("Six qualities", ["Quality", "Summary", "Source"],
               [[x.name, x.summary, c(x.source)] for x in cat.qualities]),
        _table("Seven guidelines", ["#", "For", "Guideline", "Source"],
               [[x.number, x.audience, x.summary, c(x.source)] for x in cat.guidelines]),
        _table("Frequently asked questions", ["#", "Question", "Gist", "Source"],
               [[x.number, x.question, x.summary, c(x.source)] for x in cat.faq]),
        _table("Habits of Mind", ["Habit", "Summary", "Source"],
               [[x.name, x.summary, c(x.source)] for x in cat.habits]),
        _table("Fifteen nightmares", ["#", "Nightmare", "Example", "Component", "Source"],
               [[x.number, x.title, x.example, cat.component(x.component).name, c(x.source)]
                for x in cat.nightmares]),
        _table("Sources", ["Id", "Work", "Note"],
               [[s.id, c(s.id), s.note] for s in cat.sources]),
    ]
    return "".join(out)


def show() -> w.VBox:
    """Render the catalog; a broken district folder shows its one-sentence error instead."""
    try:
        body = content_html(load_catalog())
    except ContentError as exc:
        body = f'<p class="plkit-error" role="alert">{html.escape(str(exc))}</p>'
    box = w.VBox([stylesheet(), Html(body)])
    box.add_class("plkit")
    return box
