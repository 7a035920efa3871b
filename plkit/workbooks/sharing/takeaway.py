"""What a participant takes away from "Sharing the why": their message and their communication
roadmap on one page (printable HTML and Markdown)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from plkit.content import load_catalog
from plkit.ui.printable import page_html
from plkit.workbooks.sharing.keys import KEYS, ROADMAP_FIELDS
from plkit.workbooks.sharing.plan import AUDIENCES, own_questions, roadmap_rows

__all__ = ["TITLE", "roadmap_markdown", "roadmap_html"]

TITLE = "Our communication roadmap: sharing the why of personalized learning"


def _text(r: Mapping[str, Any], key: str) -> str:
    v = r.get(KEYS[key])
    return v.strip() if isinstance(v, str) else ""


def _question(r: Mapping[str, Any]) -> str:
    """The text of the "yes, but" the participant chose to answer."""
    chosen = r.get(KEYS["answer_to"])
    if chosen == "own":
        mine = own_questions(r.get(KEYS["own_yes_buts"]))
        return mine[0] if mine else ""
    return next((q.text for q in load_catalog().sample_questions if q.id == chosen), "")


def _rows(r: Mapping[str, Any]) -> list[dict[str, str]]:
    return [row for row in roadmap_rows(r.get(KEYS["roadmap"])) if any(row.values())]


def roadmap_markdown(responses: Mapping[str, Any], today: date | None = None) -> str:
    """The card as Markdown: audience, message, the "yes, but" answered, the roadmap."""
    audience = AUDIENCES.get(str(responses.get(KEYS["audience"])), "")
    lines = [f"# {TITLE}", "", f"_{(today or date.today()).isoformat()}_", ""]
    if audience:
        lines += [f"**For:** {audience}", ""]
    lines += ["## Our message", "", _text(responses, "draft") or "_Not written yet._", ""]
    if _text(responses, "answer"):
        lines += ["## A \"yes, but\" we hear, and our answer", ""]
        if _question(responses):
            lines += [f"> {_question(responses)}", ""]
        lines += [_text(responses, "answer"), ""]
    rows = _rows(responses)
    lines += ["## Roadmap", ""]
    if rows:
        lines += ["| " + " | ".join(ROADMAP_FIELDS.values()) + " |",
                  "|" + "---|" * len(ROADMAP_FIELDS)]
        for row in rows:
            cells = [row[f].replace("|", "/").replace("\n", " ") for f in ROADMAP_FIELDS]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append("_No steps planned yet._")
    return "\n".join(lines) + "\n"


def roadmap_html(responses: Mapping[str, Any], today: date | None = None) -> str:
    """The same card as one printable, self-contained page."""
    e = html.escape
    audience = AUDIENCES.get(str(responses.get(KEYS["audience"])), "")
    parts = [f"<h1>{e(TITLE)}</h1>", f'<p class="muted">{(today or date.today()).isoformat()}</p>']
    if audience:
        parts.append(f"<p><strong>For:</strong> {e(audience)}</p>")
    draft = _text(responses, "draft")
    parts.append("<h2>Our message</h2>")
    parts += [f"<p>{e(p)}</p>" for p in draft.split("\n\n")] if draft else ["<p><em>Not written yet.</em></p>"]
    if _text(responses, "answer"):
        parts.append('<h2>A "yes, but" we hear, and our answer</h2>')
        if _question(responses):
            parts.append(f"<blockquote><p>{e(_question(responses))}</p></blockquote>")
        parts.append(f"<p>{e(_text(responses, 'answer'))}</p>")
    parts.append("<h2>Roadmap</h2>")
    rows = _rows(responses)
    if rows:
        head = "".join(f'<th scope="col">{e(label)}</th>' for label in ROADMAP_FIELDS.values())
        body = "".join("<tr>" + "".join(f"<td>{e(row[f])}</td>" for f in ROADMAP_FIELDS) + "</tr>"
                       for row in rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    else:
        parts.append("<p><em>No steps planned yet.</em></p>")
    return page_html(TITLE, "".join(parts))
