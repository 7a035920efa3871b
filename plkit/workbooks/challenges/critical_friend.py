"""The critical friend page: one challenge as a colleague reads it (title, driving question,
outcomes, who decides what and within which guardrails, checkpoints, success criteria), then a
short protocol for their feedback (what works, what I wonder, what if), as a printable web page
and as Markdown. Everything the teacher typed is escaped, in both.

>>> from plkit.content import load_catalog
>>> from plkit.workbooks.challenges.model import Challenge
>>> md = critical_friend_markdown(Challenge.new("c1", "Plastic-free lunch"), load_catalog(use_settings=False))
>>> md.splitlines()[0]
'# Critical friend: Plastic-free lunch'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from plkit.content.catalog import Catalog
from plkit.ui.printable import page_html
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, WHO, Challenge, clean_text
from plkit.workbooks.challenges.standards import Standard

__all__ = ["PROTOCOL", "STEPS", "critical_friend_markdown", "critical_friend_html"]

#: The three parts of the colleague's feedback: heading -> what to do in it.
PROTOCOL = {
    "What works": "Name two or three parts of the design that will serve students well, and say why.",
    "What I wonder": "Ask the questions the design leaves open for you: where students might get "
                     "stuck, what a guardrail allows, how a criterion will be judged. Questions, "
                     "not fixes.",
    "What if": "Offer one or two ideas that start with “What if…?”: ways to make the challenge "
               "more meaningful to students, more like real work, or more demanding.",
}
#: How a critical-friend conversation runs (about 20 minutes).
STEPS = (
    "The designer says in a minute what the challenge is for and what they would like feedback on.",
    "You read this page and ask only quick questions of fact.",
    "You give feedback in three rounds: what works, what I wonder, what if. The designer listens "
    "and takes notes, without defending the design.",
    "The designer says what they will keep and what they will change.",
)
#: Who decides a dimension, as the colleague reads it (the form's "I set it" is the designer's voice).
_WHO_FOR_FRIEND = {**WHO, "teacher": "The teacher sets it"}
_INTRO = ("A colleague has asked you to be a critical friend for a challenge they designed for their "
          "students: someone who questions the design honestly because they want it, and the "
          "students, to succeed.")


@dataclass
class _Page:
    """The page as plain parts, written out as Markdown or HTML: facts (label, value), then
    sections of bullet points and one table."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    table: list[tuple[str, str, str]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _page(c: Challenge, cat: Catalog, standards: Sequence[Standard], today: date | None) -> _Page:
    d = c.data
    by_code = {s.code: s.label for s in standards}
    names = {x.id: x.name for x in cat.dimensions}
    stage = next((s for s in cat.gradual_release if s.id == d.get("stage")), None)
    p = _Page(c.title)
    for label, key in (("Driving question", "driving_question"), ("For", "for_whom"),
                       ("What students will make", "product"),
                       ("Audience or use beyond the classroom", "audience"), ("Timeline", "timeline")):
        p.facts.append((label, _one_line(d[key]) or "(not written yet)"))
    p.facts.append(("Gradual release stage", f"{stage.name}: {stage.summary}" if stage else "(not chosen yet)"))
    p.table = [(names.get(x, x), _WHO_FOR_FRIEND[c.who(x)], _one_line(c.guardrail(x))) for x in DIMENSIONS]
    p.lists = [
        ("Desired outcomes", [by_code.get(o, o) for o in d["outcomes"]]),
        ("Formative checkpoints", [f"{CHECKPOINTS[k]}: {_one_line(v)}" for k, v in d["checkpoints"].items()
                                   if k in CHECKPOINTS and _one_line(v)]),
        ("Success criteria", [f"{_one_line(r['criterion'])} (assesses: {', '.join(r['outcomes']) or 'no outcome'})"
                              for r in d["rubric"] if _one_line(r["criterion"])]),
    ]
    friends = next((a for a in cat.messaging if a.id == "critical-friends"), None)
    what_if = next((x for x in cat.nightmare_prompts if x.id == "what-if"), None)
    p.credits = [f"Critical friends: {cat.cite(friends.source if friends else 'kallick-zmuda-5-faq')}."]
    if what_if is not None:
        p.credits.append(f"“What if” questions: {cat.cite(what_if.source)}.")
    p.credits.append(f"Made with plkit on {(today or date.today()).isoformat()}.")
    return p


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_BLOCK = re.compile(r"^(\d+)([.)])|^([-+#>=])")


def _md(text: str) -> str:
    r"""Text the teacher typed (one line), shown as typed in Markdown: no links, images, HTML,
    emphasis, table cells or list of its own.

    >>> print(_md("1. Read <b>[this](javascript:x)</b> | *now*"))
    1\. Read \<b\>\[this\](javascript:x)\</b\> \| \*now\*
    """
    return _MD_BLOCK.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", _MD_INLINE.sub(r"\\\1", text))


def critical_friend_markdown(c: Challenge, catalog: Catalog, standards: Sequence[Standard] = (),
                             today: date | None = None) -> str:
    p = _page(c, catalog, standards, today)
    out = [f"# Critical friend: {_md(p.title)}", "", _INTRO, "", "## The challenge", ""]
    out += [f"- **{label}:** {_md(value)}" for label, value in p.facts]
    out += ["", "## Who decides what", "", "| Part of the work | Who decides | Guardrail |", "|---|---|---|"]
    out += [f"| {_md(name)} | {who} | {_md(rail) or '(none)'} |" for name, who, rail in p.table]
    for heading, items in p.lists:
        out += ["", f"## {heading}", ""] + ([f"- {_md(x)}" for x in items] or ["- (none yet)"])
    out += ["", "## How to give feedback (about 20 minutes)", ""]
    out += [f"{i}. {step}" for i, step in enumerate(STEPS, 1)]
    for heading, prompt in PROTOCOL.items():
        out += ["", f"### {heading}", "", f"_{prompt}_", "", "Notes:", "", ""]
    out += ["---", "", " ".join(p.credits), ""]
    return "\n".join(out)


def critical_friend_html(c: Challenge, catalog: Catalog, standards: Sequence[Standard] = (),
                         today: date | None = None) -> str:
    p = _page(c, catalog, standards, today)
    e = html.escape
    facts = "".join(f"<li><strong>{e(label)}:</strong> {e(value)}</li>" for label, value in p.facts)
    rows = "".join(f"<tr><td>{e(name)}</td><td>{e(who)}</td><td>{e(rail) or '(none)'}</td></tr>"
                   for name, who, rail in p.table)
    lists = "".join(f"<h2>{e(heading)}</h2><ul>"
                    + ("".join(f"<li>{e(x)}</li>" for x in items) or "<li>(none yet)</li>") + "</ul>"
                    for heading, items in p.lists)
    steps = "".join(f"<li>{e(s)}</li>" for s in STEPS)
    space = '<div style="border:1px solid #8a8a8a;border-radius:4px;min-height:7rem;margin:.3rem 0 1rem"></div>'
    protocol = "".join(f"<h3>{e(heading)}</h3><p><em>{e(prompt)}</em></p>{space}"
                       for heading, prompt in PROTOCOL.items())
    body = (
        f"<h1>Critical friend: {e(p.title)}</h1><p>{e(_INTRO)}</p>"
        f"<h2>The challenge</h2><ul>{facts}</ul>"
        "<h2>Who decides what</h2><table><thead><tr><th scope=\"col\">Part of the work</th>"
        f"<th scope=\"col\">Who decides</th><th scope=\"col\">Guardrail</th></tr></thead><tbody>{rows}</tbody></table>"
        f"{lists}<h2>How to give feedback (about 20 minutes)</h2><ol>{steps}</ol>{protocol}"
        f'<hr><p class="muted">{e(" ".join(p.credits))}</p>'
    )
    return page_html(f"Critical friend: {p.title}", body)
