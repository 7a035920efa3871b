"""What a participant takes away from "Looking back": a one-page summary of their own change over
the day (the knowledge check at the start and at the end, item by item) and what they will take
back to school first, as a printable web page and as Markdown."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from plkit.content import Catalog, load_catalog
from plkit.ui.printable import page_html
from plkit.workbooks.looking_back.keys import KEYS
from plkit.workbooks.looking_back.model import my_change, rows, summary_sentence

__all__ = ["TITLE", "summary_markdown", "summary_html"]

TITLE = "What changed for me today: personalized learning"


def _take_back(r: Mapping[str, Any]) -> str:
    v = r.get(KEYS["take_back"])
    return v.strip() if isinstance(v, str) else ""


def summary_markdown(responses: Mapping[str, Any], start_here: Mapping[str, Any],
                     cat: Catalog | None = None, today: date | None = None) -> str:
    """The summary as Markdown: the change overall, item by item, and what they take back."""
    cat = cat or load_catalog()
    c = my_change(start_here, responses, cat.knowledge)
    lines = [f"# {TITLE}", "", f"_{(today or date.today()).isoformat()}_", "",
             "## My knowledge check, start and end of the day", "", summary_sentence(c), ""]
    if c.has_pre:
        lines += ["| Question | The first time | Now | Change |", "|---|---|---|---|"]
        lines += [f"| {r.label} | {r.before} | {r.now} | {r.change} |" for r in rows(c, cat.knowledge, cat)]
    else:
        lines += ["| Question | Now |", "|---|---|"]
        lines += [f"| {r.label} | {r.now} |" for r in rows(c, cat.knowledge, cat)]
    lines += ["", "## What I will take back to school first", "",
              _take_back(responses).replace("\n", "  \n") or "_Not written yet._"]
    return "\n".join(lines) + "\n"


def summary_html(responses: Mapping[str, Any], start_here: Mapping[str, Any],
                 cat: Catalog | None = None, today: date | None = None) -> str:
    """The same summary as one printable, self-contained page."""
    cat = cat or load_catalog()
    e = html.escape
    c = my_change(start_here, responses, cat.knowledge)
    parts = [f"<h1>{e(TITLE)}</h1>", f'<p class="muted">{(today or date.today()).isoformat()}</p>',
             "<h2>My knowledge check, start and end of the day</h2>", f"<p>{e(summary_sentence(c))}</p>"]
    heads = ["Question", "The first time", "Now", "Change"] if c.has_pre else ["Question", "Now"]
    body = "".join(
        "<tr>" + "".join(f"<td>{e(v)}</td>" for v in ([r.label, r.before, r.now, r.change] if c.has_pre
                                                       else [r.label, r.now])) + "</tr>"
        for r in rows(c, cat.knowledge, cat))
    parts.append("<table><thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads)
                 + f"</tr></thead><tbody>{body}</tbody></table>")
    parts.append("<h2>What I will take back to school first</h2>")
    take = _take_back(responses)
    parts += [f"<p>{e(p)}</p>" for p in take.split("\n\n")] if take else ["<p><em>Not written yet.</em></p>"]
    parts.append(f'<p class="muted">Knowledge check items written for plkit from the sources it cites; '
                 f"the levels of PD evaluation are from {e(cat.cite('guskey-2002'))}.</p>")
    return page_html(TITLE, "".join(parts))
