"""The one-page action plan from the "Fifteen nightmares" workbook, as Markdown and HTML.

>>> plan_card_markdown({}).splitlines()[0]
'# Our action plan: avoiding the PL nightmares'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from plkit.content import load_catalog
from plkit.content.model import Nightmare
from plkit.ui.printable import page_html
from plkit.workbooks.nightmares.keys import KEYS, PLAN_FIELDS
from plkit.workbooks.nightmares.model import (
    IMPACT,
    PRESENCE,
    Rating,
    plan_of,
    ranked_ids,
    ratings_from,
    score,
    top_three,
)

__all__ = ["plan_card_markdown", "plan_card_html"]

TITLE = "Our action plan: avoiding the PL nightmares"
_SHORT = {"what-if": "What if", "first-step": "First step", "who": "Who", "by-when": "By when",
          "evidence": "How we will know"}


def _text(r: Mapping[str, Any], key: str) -> str:
    v = r.get(key)
    return v.strip() if isinstance(v, str) else ""


def _facts(r: Mapping[str, Any]) -> dict[str, Any]:
    cat = load_catalog()
    order = [n.id for n in cat.nightmares]
    by_id = {n.id: n for n in cat.nightmares}
    ratings = ratings_from(r.get(KEYS["ratings"]))
    top = top_three(r, order)
    ranked = ranked_ids(ratings, order)
    return {
        "cat": cat,
        "top": [(by_id[t], plan_of(r, t)) for t in top],
        "ranked": [(by_id[t], ratings[t], score(ratings[t])) for t in ranked],
        "not_sure": [by_id[t] for t in order if t in ratings and t not in ranked and ratings[t].done],
        "not_fail": _text(r, KEYS["not_fail"]),
        "yes_buts": _text(r, KEYS["yes_buts"]),
        "reflective": _text(r, KEYS["reflective"]),
        "prompts": {p.id: p.text for p in cat.nightmare_prompts},
    }


def _plans_markdown(top: list[tuple[Nightmare, dict[str, str]]]) -> list[str]:
    """The top three, each with its action plan."""
    lines: list[str] = []
    if not top:
        lines += ["(Rate the nightmares to find your top three.)", ""]
    for i, (nm, plan) in enumerate(top, 1):
        lines += [f"## {i}. {nm.title} (nightmare {nm.number})", ""]
        if not plan:
            lines += ["(No plan written yet.)", ""]
        for part in PLAN_FIELDS:
            if part in plan:
                lines += [f"- **{_SHORT[part]}:** {plan[part]}"]
        lines += [""]
    return lines


def _ratings_markdown(ranked: list[tuple[Nightmare, Rating, int | None]], not_sure: list[Nightmare]) -> list[str]:
    """Every rating as a table, highest priority first, and the ones not sure yet."""
    if not ranked:
        return []
    lines = ["## All our ratings, highest priority first", "",
             "| # | Nightmare | Present now | Would hurt | Priority |", "|---|---|---|---|---|"]
    for nm, r, sc in ranked:
        assert r.presence is not None and r.impact is not None  # ranked ratings are scored
        lines.append(f"| {nm.number} | {nm.title} | {PRESENCE[r.presence]} | "
                     f"{IMPACT[r.impact]} | {sc} |")
    if not_sure:
        lines += ["", "Not sure yet: " + ", ".join(n.title for n in not_sure) + "."]
    lines += [""]
    return lines


def plan_card_markdown(responses: Mapping[str, Any], today: date | None = None) -> str:
    f = _facts(responses)
    lines = [f"# {TITLE}", ""]
    lines += _plans_markdown(f["top"])
    if f["not_fail"]:
        lines += ["## If we knew we could not fail", "", f["not_fail"], ""]
    if f["reflective"]:
        lines += ["## What may need to change", "", f["reflective"], ""]
    if f["yes_buts"]:
        lines += ["## Questions and \"yes, buts\" to explore", "", f["yes_buts"], ""]
    lines += _ratings_markdown(f["ranked"], f["not_sure"])
    lines += ["---", "", f"Made with plkit on {(today or date.today()).isoformat()}. The fifteen "
              f"nightmares are paraphrased from {f['cat'].cite('zmuda-thompson-ebook')}.", ""]
    return "\n".join(lines)


def plan_card_html(responses: Mapping[str, Any], today: date | None = None) -> str:
    f = _facts(responses)
    e = html.escape
    out = [f"<h1>{e(TITLE)}</h1>"]
    if not f["top"]:
        out.append("<p><em>Rate the nightmares to find your top three.</em></p>")
    for i, (nm, plan) in enumerate(f["top"], 1):
        out.append(f"<h2>{i}. {e(nm.title)} <span class=\"muted\">(nightmare {nm.number})</span></h2>")
        if not plan:
            out.append("<p><em>No plan written yet.</em></p>")
        else:
            out.append("<ul>" + "".join(
                f"<li><strong>{e(_SHORT[p])}:</strong> {e(plan[p])}</li>"
                for p in PLAN_FIELDS if p in plan) + "</ul>")
    for key, heading in (("not_fail", "If we knew we could not fail"),
                         ("reflective", "What may need to change"),
                         ("yes_buts", "Questions and “yes, buts” to explore")):
        if f[key]:
            out.append(f"<h2>{e(heading)}</h2><p>{e(f[key])}</p>")
    if f["ranked"]:
        rows = "".join(
            f"<tr><td>{nm.number}</td><td>{e(nm.title)}</td><td>{e(PRESENCE[r.presence])}</td>"
            f"<td>{e(IMPACT[r.impact])}</td><td>{sc}</td></tr>" for nm, r, sc in f["ranked"])
        out.append(
            "<h2>All our ratings, highest priority first</h2><table><thead><tr>"
            '<th scope="col">#</th><th scope="col">Nightmare</th><th scope="col">Present now</th>'
            '<th scope="col">Would hurt</th><th scope="col">Priority</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    out.append(
        f'<p class="muted">Made with plkit on {(today or date.today()).isoformat()}. The fifteen '
        f"nightmares are paraphrased from {e(f['cat'].cite('zmuda-thompson-ebook'))}.</p>"
    )
    return page_html(TITLE, "".join(out))
