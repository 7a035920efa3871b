"""Challenge cards: a teacher version (the whole design and its checks) and a student version
(in words a student understands), each as Markdown and as a one-page HTML file.

>>> from plkit.workbooks.challenges.model import Challenge
>>> c = Challenge.new("c1", "Plastic-free lunch")
>>> student_card_markdown(c).splitlines()[0]
'# Your challenge: Plastic-free lunch'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from plkit.content import Catalog, load_catalog
from plkit.content.model import Stage
from plkit.ui.printable import page_html
from plkit.workbooks.challenges.guardrails import Check, run_checks
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, SELF_CHECK, WHO, Challenge, clean_text
from plkit.workbooks.challenges.standards import Standard

__all__ = [
    "teacher_card_markdown",
    "teacher_card_html",
    "student_card_markdown",
    "student_card_html",
]

# How a student reads each dimension.
_STUDENT_DIM = {
    "task": "what exactly you work on",
    "process": "how you go about the work",
    "research": "how and where you research",
    "assessment": "how your work is assessed",
    "evidence": "what you make to show your learning",
    "collaboration": "who you work with and what role you take",
}
_STUDENT_CHECK = {
    "self": "You check your own work",
    "peer": "A classmate gives you feedback",
    "teacher": "Your teacher checks in with you",
}


@dataclass(frozen=True)
class _Facts:
    """What both cards show, in words: outcomes as labels, names from the content catalog."""

    catalog: Catalog
    outcomes: list[str]
    dims: dict[str, str]
    stage: Stage | None
    habits: list[str]
    checks: list[Check]


def _facts(c: Challenge, standards: Sequence[Standard]) -> _Facts:
    cat = load_catalog()
    by_code = {s.code: s for s in standards}
    d = c.data
    return _Facts(
        catalog=cat,
        outcomes=[by_code[o].label if o in by_code else o for o in d["outcomes"]],
        dims={x.id: x.name for x in cat.dimensions},
        stage=next((s for s in cat.gradual_release if s.id == d.get("stage")), None),
        habits=[h.name for h in cat.habits if h.id in d["habits"]],
        checks=run_checks(c, None, {x.id: x.name for x in cat.dimensions}),
    )


def _student_lines(c: Challenge) -> dict[str, list[str]]:
    d = c.data
    choose: list[str] = []
    within: list[str] = []
    teacher: list[str] = []
    for dim in DIMENSIONS:
        who, rail = c.who(dim), c.guardrail(dim)
        if who == "free":
            choose.append(f"You decide {_STUDENT_DIM[dim]}.")
        elif who == "guardrails":
            within.append(f"You choose {_STUDENT_DIM[dim]}, within these limits: {rail}"
                          if rail else f"You choose {_STUDENT_DIM[dim]}, within limits your "
                          "teacher will share.")
        else:
            teacher.append(f"Your teacher sets {_STUDENT_DIM[dim]}.")
    checks = [f"{_STUDENT_CHECK[k]}: {clean_text(v)}" for k, v in d["checkpoints"].items() if clean_text(v)]
    success = [r["criterion"] for r in d["rubric"] if r["criterion"]]
    return {"choose": choose + within, "teacher": teacher, "checks": checks, "success": success}


def _student_intro(d: dict[str, Any]) -> list[str]:
    """The big question, the product and the audience, each a bold line when written."""
    out: list[str] = []
    for label, key in (("The big question", "driving_question"), ("What you will make", "product"),
                       ("Who it is for, beyond our class", "audience")):
        if clean_text(d[key]):
            out += [f"**{label}:** {clean_text(d[key])}", ""]
    return out


def _bullets(heading: str, items: Sequence[str]) -> list[str]:
    """A section of bullet points, or nothing when there is nothing to list."""
    return ["## " + heading, ""] + [f"- {x}" for x in items] + [""] if items else []


def student_card_markdown(c: Challenge, standards: Sequence[Standard] = (),
                          today: date | None = None) -> str:
    f = _facts(c, standards)
    s = _student_lines(c)
    d = c.data
    out = [f"# Your challenge: {c.title}", "", *_student_intro(d)]
    out += _bullets("What you will learn", f.outcomes)
    out += _bullets("What you get to choose", s["choose"])
    out += _bullets("What your teacher sets", s["teacher"])
    out += _bullets("How you will check your progress", s["checks"])
    out += _bullets("What great work looks like", s["success"])
    if f.habits:
        out += ["## Habits you will practise", "", ", ".join(f.habits) + ".", ""]
    if clean_text(d["timeline"]):
        out += ["## When", "", clean_text(d["timeline"]), ""]
    out += ["---", "", f"Made with plkit on {(today or date.today()).isoformat()}.", ""]
    return "\n".join(out)


def teacher_card_markdown(c: Challenge, standards: Sequence[Standard] = (),
                          today: date | None = None) -> str:
    f = _facts(c, standards)
    d = c.data
    dims = f.dims
    out = [f"# Challenge design: {c.title}", ""]
    for label, key in (("Driving question", "driving_question"), ("For", "for_whom"),
                       ("Audience or use beyond the classroom", "audience"), ("Product", "product"),
                       ("Timeline", "timeline")):
        if clean_text(d[key]):
            out.append(f"- **{label}:** {clean_text(d[key])}")
    if f.stage:
        out.append(f"- **Gradual release stage:** {f.stage.name}")
    out += ["", "## Desired outcomes", ""] + ([f"- {o}" for o in f.outcomes] or ["- (none yet)"])
    out += ["", "## Who decides", "", "| Dimension | Who decides | Guardrail |", "|---|---|---|"]
    for dim in DIMENSIONS:
        rail = " ".join(c.guardrail(dim).replace("|", "/").split())
        out.append(f"| {dims.get(dim, dim)} | {WHO[c.who(dim)]} | {rail} |")
    out += ["", "## Formative checkpoints", ""]
    out += [f"- **{CHECKPOINTS[k]}:** {clean_text(v)}" for k, v in d["checkpoints"].items()
            if clean_text(v)] or ["- (none yet)"]
    out += ["", "## Success criteria", ""]
    out += [f"- {r['criterion']} (assesses: {', '.join(r['outcomes']) or 'no outcome'})"
            for r in d["rubric"] if r["criterion"]] or ["- (none yet)"]
    if f.habits:
        out += ["", "## Habits of Mind", "", ", ".join(f.habits) + "."]
    notes = [(SELF_CHECK[k].split(":")[0], clean_text(v)) for k, v in d["self_check"].items() if clean_text(v)]
    if notes:
        out += ["", "## Meaningful, authentic, rigorous", ""] + [f"- **{k}:** {v}" for k, v in notes]
    out += ["", "## Guardrail checks", ""]
    out += [f"- {'Pass' if k.ok else 'To fix'}: {k.title}" + ("" if k.ok else f". {k.fix}")
            for k in f.checks]
    out += ["", "---", "", f"Made with plkit on {(today or date.today()).isoformat()}. Habits of "
            f"Mind from {f.catalog.cite('costa-kallick-habits-of-mind')}.", ""]
    return "\n".join(out)


def _md_to_html(md: str) -> str:
    """The card's Markdown as HTML, with any HTML typed by the teacher escaped and any image
    (``![words](http://...)``) shown as its words: a card fetches nothing when it is opened
    (:func:`plkit.ui.printable.page_html` removes anything else that could)."""
    import mistune  # deferred: only the web-page cards need it, not the Markdown ones or the checks

    class WordsForImages(mistune.HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            return text  # the image's words, already escaped

    render = mistune.create_markdown(renderer=WordsForImages(escape=True), plugins=["table"])
    return str(render(md))


def student_card_html(c: Challenge, standards: Sequence[Standard] = (),
                      today: date | None = None) -> str:
    return page_html(f"Your challenge: {c.title}", _md_to_html(student_card_markdown(c, standards, today)))


def teacher_card_html(c: Challenge, standards: Sequence[Standard] = (),
                      today: date | None = None) -> str:
    return page_html(f"Challenge design: {c.title}", _md_to_html(teacher_card_markdown(c, standards, today)))
