"""The designer's introduction as HTML, from content: why personalizing is hard and what makes it
manageable (tensions and strategies), what students can have a say in, and the stages of
handing responsibility to them. Every passage ends with its sources as content names them.

>>> from plkit.content import load_catalog
>>> "West Belden" in manageable_html(load_catalog(use_settings=False))
True
"""

from __future__ import annotations

import html

from plkit.content.catalog import Catalog
from plkit.workbooks.challenges.form import source_note

__all__ = ["manageable_html", "personalizable_html", "STRATEGY_QUESTION", "STRATEGY_NOTE"]

#: The question after the strategies (optional, saved).
STRATEGY_QUESTION = "Which of these will do most to make this challenge manageable for you? (optional)"
STRATEGY_NOTE = "How will you use it in this challenge, or what else will you lean on? (optional)"


def _panel(label: str, heading: str, body: str) -> str:
    e = html.escape
    return f'<section class="plkit-panel" aria-label="{e(label)}"><h3>{e(heading)}</h3>{body}</section>'


def manageable_html(cat: Catalog) -> str:
    """The tensions of personalizing for a whole class and the strategies that make it
    manageable, as two short lists side by side (each strategy with its example, if any)."""
    e = html.escape
    tensions = "".join(f"<li><strong>{e(t.name)}.</strong> {e(t.summary)}</li>" for t in cat.tensions)
    strategies = "".join(
        f"<li><strong>{e(s.name)}.</strong> {e(s.summary)}"
        + (f" <em>For example:</em> {e(s.example)}" if s.example else "") + "</li>"
        for s in cat.strategies
    )
    parts = []
    if tensions:
        parts.append(_panel("Why personalizing is hard", "Why personalizing is hard",
                            f"<ul>{tensions}</ul>" + source_note(cat, (t.source for t in cat.tensions))))
    if strategies:
        parts.append(_panel("What makes it manageable", "What makes it manageable",
                            f"<ul>{strategies}</ul>" + source_note(cat, (s.source for s in cat.strategies))))
    return f'<div class="plkit-grid">{"".join(parts)}</div>' if parts else ""


def personalizable_html(cat: Catalog) -> str:
    """The six things students can have a say in (with a guardrail for each) and the stages of
    the gradual release of responsibility."""
    e = html.escape
    dims = "".join(
        f"<li><strong>{e(d.name)}:</strong> {e(d.summary)} <em>A guardrail might be:</em> "
        f"{e(d.guardrail_example)}</li>" for d in cat.dimensions
    )
    stages = "".join(f"<li><strong>{e(st.name)}:</strong> {e(st.summary)}</li>" for st in cat.gradual_release)
    return (
        _panel("What can be personalized", "Six things students can have a say in",
               f"<ul>{dims}</ul>" + source_note(cat, (d.source for d in cat.dimensions)))
        + _panel("Gradual release of responsibility", "Handing over responsibility, step by step",
                 f"<ol>{stages}</ol>" + source_note(cat, (st.source for st in cat.gradual_release)))
    )
