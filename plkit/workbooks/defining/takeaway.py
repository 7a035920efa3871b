"""What a participant takes away: their definition card, as Markdown and as one-page HTML.

>>> md = definition_card_markdown({"defining.own-definition": "Ours."})
>>> md.splitlines()[0]
'# Our definition of personalized learning'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from plkit.content import load_catalog
from plkit.ui.printable import page_html
from plkit.workbooks.defining.cardsort import deck, tally
from plkit.workbooks.defining.keys import KEYS
from plkit.workbooks.defining.model import coverage

__all__ = ["definition_card_markdown", "definition_card_html"]


def _text(r: Mapping[str, Any], key: str) -> str:
    v = r.get(KEYS[key])
    return v.strip() if isinstance(v, str) else ""


def _facts(r: Mapping[str, Any]) -> dict[str, Any]:
    cat = load_catalog()
    own = _text(r, "own_definition")
    cov = coverage(own, cat.definition.elements)
    chosen = r.get(KEYS["misunderstandings"]) or []
    mis = [m for m in cat.misunderstandings if m.id in chosen]
    cards = deck(cat)
    sort = r.get(KEYS["card_sort"]) or {}
    done, right, total = tally(cards, sort if isinstance(sort, dict) else {})
    alt_id = r.get(KEYS["compare"])
    alts = {"zmuda-curtis-ullman": "The three-part definition (Zmuda, Curtis & Ullman)"}
    alts.update({a.id: a.title for a in cat.definition.alternatives})
    return {
        "catalog": cat,
        "own": own,
        "covered": [c.title for c in cov if c.covered],
        "missing": [c.title for c in cov if not c.covered],
        "why": _text(r, "why_word"),
        "closest": alts.get(alt_id, "") if alt_id else "",
        "note": _text(r, "compare_note"),
        "misunderstandings": mis,
        "reflection": _text(r, "reflection"),
        "sort": (done, right, total),
    }


def definition_card_markdown(responses: Mapping[str, Any], today: date | None = None) -> str:
    f = _facts(responses)
    cat = f["catalog"]
    today = today or date.today()
    lines = ["# Our definition of personalized learning", ""]
    lines += [f"> {f['own'] or '(not written yet)'}", ""]
    if f["why"]:
        lines += [f"**Why we personalize:** {f['why']}", ""]
    lines += ["## What it covers", ""]
    lines += [f"- Covers: {', '.join(f['covered']) or 'nothing yet'}"]
    if f["missing"]:
        lines += [f"- Still to consider: {', '.join(f['missing'])}"]
    lines += [""]
    if f["closest"]:
        lines += ["## Closest published definition", "", f["closest"]]
        if f["note"]:
            lines += ["", f["note"]]
        lines += [""]
    if f["misunderstandings"] or f["reflection"]:
        lines += ["## Misunderstandings we will watch for", ""]
        lines += [f"- {m.text}" for m in f["misunderstandings"]]
        if f["reflection"]:
            lines += ["", f["reflection"]]
        lines += [""]
    done, right, total = f["sort"]
    lines += [f"Card sort: {done} of {total} statements sorted, {right} as the source sorts them.", ""]
    lines += [
        "---",
        "",
        f"Made with plkit on {today.isoformat()}. Reference definition: \"{cat.definition.quote}\" "
        f"({cat.cite(cat.definition.source)}).",
        "",
    ]
    return "\n".join(lines)


def definition_card_html(responses: Mapping[str, Any], today: date | None = None) -> str:
    f = _facts(responses)
    cat = f["catalog"]
    e = html.escape
    today = today or date.today()
    parts = ["<h1>Our definition of personalized learning</h1>"]
    parts.append(f"<blockquote><p>{e(f['own']) or '<em>(not written yet)</em>'}</p></blockquote>")
    if f["why"]:
        parts.append(f"<p><strong>Why we personalize:</strong> {e(f['why'])}</p>")
    parts.append("<h2>What it covers</h2><ul>")
    parts.append(f"<li>Covers: {e(', '.join(f['covered']) or 'nothing yet')}</li>")
    if f["missing"]:
        parts.append(f"<li>Still to consider: {e(', '.join(f['missing']))}</li>")
    parts.append("</ul>")
    if f["closest"]:
        parts.append(f"<h2>Closest published definition</h2><p>{e(f['closest'])}</p>")
        if f["note"]:
            parts.append(f"<p>{e(f['note'])}</p>")
    if f["misunderstandings"] or f["reflection"]:
        parts.append("<h2>Misunderstandings we will watch for</h2><ul>")
        parts += [f"<li>{e(m.text)}</li>" for m in f["misunderstandings"]]
        parts.append("</ul>")
        if f["reflection"]:
            parts.append(f"<p>{e(f['reflection'])}</p>")
    done, right, total = f["sort"]
    parts.append(
        f"<p class=\"muted\">Card sort: {done} of {total} statements sorted, {right} as the source "
        "sorts them.</p>"
    )
    parts.append(
        f"<p class=\"muted\">Made with plkit on {today.isoformat()}. Reference definition: "
        f"&ldquo;{e(cat.definition.quote)}&rdquo; ({e(cat.cite(cat.definition.source))}).</p>"
    )
    return page_html("Our definition of personalized learning", "".join(parts))
