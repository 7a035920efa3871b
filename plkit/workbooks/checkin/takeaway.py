"""What a participant takes away from a check-in: their action plan as it stands now (each first
step and how it went, the next step and by when, how present the nightmare is now), what happened,
their evidence, the support they had, their challenges and, when kept, their class before and
after. One page, as printable HTML and as Markdown."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from plkit.ui.printable import page_html
from plkit.workbooks.checkin.keys import CHALLENGE_STATUS, KEYS, OWN, STEP_STATUS
from plkit.workbooks.checkin.model import (
    PRESENCE,
    SUPPORT,
    Checkin,
    Day,
    Planned,
    challenge_status,
    entry,
    next_steps,
    presence_now,
    step_status,
    support_answers,
    text,
)
from plkit.workbooks.checkin.snapshots import read_snapshots

__all__ = ["title", "plan_markdown", "plan_html"]


def title(checkin: Checkin) -> str:
    return f"My personalized learning action plan, {checkin.weeks_on}"


@dataclass(frozen=True)
class _Section:
    heading: str
    items: tuple[tuple[str, str], ...] = ()  # (label, text); a blank label is a plain paragraph
    table: tuple[tuple[str, ...], ...] = ()  # first row: the column headings


def _when(step: str, by_when: str) -> str:
    return f"{step} (by {by_when})" if by_when else step


def _nightmare(r: Mapping[str, Any], p: Planned, checkin: Checkin) -> _Section:
    items = [("First step " + ("as revised at the last check-in" if p.revised else "planned on the day"),
              _when(p.first_step, p.by_when) or "(none written)")]
    status = step_status(r, p.id)
    items.append(("Taken", STEP_STATUS[status] if status else "Not answered yet"))
    obstacle = text(entry(r, KEYS["steps"], p.id).get("obstacle"))
    if obstacle and status != "done":
        items.append(("What got in the way", obstacle))
    nxt = next_steps(r).get(p.id)
    items.append((f"Next step ({checkin.weeks_on})", _when(nxt["first-step"], nxt["by-when"]) if nxt
                  else "Not written yet"))
    now = presence_now(r, p.id)
    then = f" (before: {PRESENCE[p.presence]})" if p.presence else ""
    items.append(("How present it is now", (PRESENCE[now] if now else "Not rated yet") + then))
    return _Section(f"Nightmare {p.number}: {p.title}", tuple(items))


def _sections(r: Mapping[str, Any], day: Day, checkin: Checkin) -> list[_Section]:
    out = [_nightmare(r, p, checkin) for p in day.planned]
    own = next_steps(r).get(OWN)
    if own:
        out.append(_Section("My next step", (("", _when(own["first-step"], own["by-when"])),)))
    for key, heading in (("happened", "What I tried and what happened"), ("evidence", "My evidence")):
        if text(r.get(KEYS[key])):
            out.append(_Section(heading, (("", text(r.get(KEYS[key]))),)))
    support = support_answers(r)
    if support:
        out.append(_Section("Support I had", tuple(
            (SUPPORT[q].name, f"{v} of 5 ({SUPPORT[q].labels[v - 1]})") for q, v in support.items())))
    runs = [(t, challenge_status(r, cid), text(entry(r, KEYS["challenges"], cid).get("note")))
            for cid, t in day.challenges]
    if any(s or note for _, s, note in runs):
        out.append(_Section("My challenges", tuple(
            (t, " - ".join(x for x in (CHALLENGE_STATUS[s] if s else "", note) if x) or "Not answered yet")
            for t, s, note in runs)))
    snaps = read_snapshots(day.snapshots)
    if snaps.changes:
        rows = tuple((c.standard, f"{c.before:.0%}", f"{c.after:.0%}", f"{c.points:+.1f}") for c in snaps.changes)
        out.append(_Section(f"My class: students ready, {snaps.before or 'before'} and {snaps.after or 'after'}",
                            table=(("Standard", "Before", "After", "Change (points)"), *rows)))
    return out


def plan_markdown(responses: Mapping[str, Any], day: Day, checkin: Checkin, today: date | None = None) -> str:
    """The plan as Markdown."""
    lines = [f"# {title(checkin)}", "", f"_{(today or date.today()).isoformat()}_", ""]
    sections = _sections(responses, day, checkin)
    if not sections:
        lines += ["_Nothing written yet._", ""]
    for s in sections:
        lines += [f"## {s.heading}", ""]
        for label, value in s.items:
            one_line = value.replace("\n", " ")
            lines.append(f"- **{label}:** {one_line}" if label else value)
        if s.table:
            lines += ["| " + " | ".join(s.table[0]) + " |", "|" + "---|" * len(s.table[0])]
            lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in s.table[1:]]
        lines.append("")
    return "\n".join(lines)


def plan_html(responses: Mapping[str, Any], day: Day, checkin: Checkin, today: date | None = None) -> str:
    """The same plan as one printable, self-contained page."""
    e = html.escape
    parts = [f"<h1>{e(title(checkin))}</h1>", f'<p class="muted">{(today or date.today()).isoformat()}</p>']
    sections = _sections(responses, day, checkin)
    if not sections:
        parts.append("<p><em>Nothing written yet.</em></p>")
    for s in sections:
        parts.append(f"<h2>{e(s.heading)}</h2>")
        items = [(label, value) for label, value in s.items if label]
        parts += [f"<p>{e(value)}</p>" for label, value in s.items if not label]
        if items:
            parts.append("<ul>" + "".join(f"<li><strong>{e(label)}:</strong> {e(value)}</li>"
                                          for label, value in items) + "</ul>")
        if s.table:
            head = "".join(f'<th scope="col">{e(c)}</th>' for c in s.table[0])
            body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in s.table[1:])
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return page_html(title(checkin), "".join(parts))
