"""The facilitator dashboard: live completion and the group's answers, aggregated and anonymous.

Served on its own with ``plkit serve --facilitator --workshop DIR`` (never inside an iframe, and
never from a participant's workspace). Each function is one notebook cell; all of them share one
``Dashboard`` that re-reads the gradebook and the collected answers when "Refresh" is pressed.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from plkit.content import load_catalog
from plkit.errors import PlkitError
from plkit.facilitator.actions import title
from plkit.facilitator.breakouts import breakout_groups, groups_csv
from plkit.facilitator.cached import CollectedReader
from plkit.facilitator.collected import Collected
from plkit.facilitator.impact import measures
from plkit.facilitator.impact_report import impact_csv, impact_html, levels_html, summary_html
from plkit.privacy import MIN_RESPONSES
from plkit.registry import get
from plkit.ui.download import data_uri
from plkit.ui.radiogroup import RadioGroup
from plkit.ui.shared import Html, shared_layout
from plkit.ui.style import stylesheet
from plkit.ui.tables import table_region
from plkit.workbooks.challenges.group import group_view
from plkit.workbooks.challenges.model import WHO
from plkit.workbooks.checkin.group import group_view as checkin_view
from plkit.workbooks.checkin.keys import STEP_STATUS
from plkit.workbooks.checkin.model import CHECKINS, SUPPORT
from plkit.workbooks.defining.group import definition_elements, why_words
from plkit.workbooks.nightmares.group import nightmare_heatmap
from plkit.workbooks.nightmares.model import IMPACT, PRESENCE
from plkit.workbooks.sharing.group import group_view as sharing_group_view
from plkit.workbooks.start_here.model import chosen_pathway
from plkit.workshop.config import load
from plkit.workshop.status import STATES, completion_matrix, matrix_csv, report_html

__all__ = ["Dashboard", "dashboard", "start", "completion", "why", "definitions", "nightmares",
           "challenges", "sharing", "breakouts", "checkins", "impact"]

e = html.escape


class Dashboard:
    def __init__(self, root: str | Path | None) -> None:
        self.root = Path(root) if root else None
        self.catalog = load_catalog()
        self.views: list[Callable[[], None]] = []
        self.error: str | None = None
        self.refreshed = ""
        self.ws: Any = None
        self.matrix: Any = None
        self.collected = Collected({})
        self.reader = CollectedReader()  # answers re-read only where they changed
        self._measures: tuple[object, list[Any]] = (None, [])
        self.load()

    def load(self) -> None:
        self.error = None
        if self.root is None:
            self.error = ("This dashboard needs a workshop: start it with `plkit serve --facilitator "
                          "--workshop DIR`, where DIR is the folder `plkit workshop init` created.")
            return
        try:
            self.ws = load(self.root)
            self.matrix = completion_matrix(self.ws)
        except PlkitError as exc:
            self.error = str(exc)
            return
        self.collected = self.reader.read(self.ws.root / "submitted")
        self.refreshed = datetime.now().strftime("%H:%M:%S")

    def refresh(self) -> None:
        self.load()
        for view in self.views:
            view()

    def measures(self) -> list[Any]:
        """The impact measures, computed once per change of the collected answers."""
        if self._measures[0] is not self.collected:
            self._measures = (self.collected, measures(self.collected, self.catalog))
        return self._measures[1]

    def view(self, render: Callable[[], str], answers: tuple[str, ...] | None = None) -> w.HTML:
        """An HTML section re-rendered on every refresh; one that shows only the collected answers
        of ``answers`` (workbook ids; ``("*",)``: all) only when one of them has changed (the
        reader keeps what did not change as the same objects)."""
        out = Html()
        shown: list[object] = []

        def update() -> None:
            by = self.collected.by_workbook
            key = [self.error, *((self.collected,) if answers == ("*",) else (by.get(a) for a in answers or ()))]
            if answers is None or len(key) != len(shown) or any(a is not b for a, b in zip(key, shown)):
                out.value = _error_html(self.error) if self.error else render()
                shown[:] = key

        self.views.append(update)
        update()
        return out


_DASHBOARD: Dashboard | None = None


def dashboard() -> Dashboard:
    global _DASHBOARD
    if _DASHBOARD is None:
        _DASHBOARD = Dashboard(os.environ.get("PLKIT_WORKSHOP"))
    return _DASHBOARD


def _error_html(message: str) -> str:
    return f'<p class="plkit-error" role="alert">{e(message)}</p>'


def _too_few(n: int) -> str:
    return (f"<p>Not enough responses to show yet: this view appears once at least "
            f"{MIN_RESPONSES} participants have submitted (so no answer can be traced to a "
            "person).</p>")


def _box(*children: w.Widget) -> w.VBox:
    b = w.VBox(list(children), layout=shared_layout(width="100%"))
    b.add_class("plkit")
    return b


def _link(text: str, name: str, mime: str, label: str) -> str:
    return (f'<a class="plkit-button" download="{e(name)}" href="{data_uri(text, mime)}">'
            f"{e(label)}</a>")


def start(root: str | Path | None = None) -> w.VBox:
    """Which workshop, when it was last read, and a Refresh button."""
    global _DASHBOARD
    if root is not None:
        _DASHBOARD = Dashboard(root)
    d = dashboard()
    button = w.Button(description="Refresh from the gradebook", icon="refresh",
                      layout=shared_layout(width="auto"))
    button.on_click(lambda _b: d.refresh())

    def render() -> str:
        return (f"<p>Workshop <strong>{e(d.ws.course_id)}</strong>: {len(d.matrix.participants)} "
                f"participants, {len(d.matrix.workbooks)} workbooks. Last read at "
                f'{e(d.refreshed)}.</p><p><a href="join.ipynb">The join page for participants</a> '
                "(a link and its QR code, to show or print).</p>")

    return _box(stylesheet(), d.view(render), button)


def completion() -> w.VBox:
    """Participants x workbooks: complete, incomplete, submitted (awaiting autograde), missing."""
    d = dashboard()

    def render() -> str:
        m = d.matrix
        if not m.participants:
            return "<p>No participants yet: add them under “Add a participant” above, or with a roster.</p>"
        head = "".join(f'<th scope="col">{e(title(a))}</th>' for a in m.workbooks)
        rows = "".join(
            f'<tr><th scope="row">{e(m.names.get(p, p))}{"" if m.names.get(p, p) == p else f" ({e(p)})"}</th>'
            + "".join(f"<td>{e(m.cells[(p, a)])}</td>" for a in m.workbooks) + "</tr>"
            for p in m.participants)
        totals = "".join(
            f"<li><strong>{e(title(a))}</strong>: " + ", ".join(f"{m.count(a, s)} {s}" for s in STATES)
            + "</li>" for a in m.workbooks)
        links = (_link(matrix_csv(m), "completion.csv", "text/csv", "Download the matrix (CSV)")
                 + _link(report_html(d.ws, m, summary_html(d.measures())),
                         "completion-summary.html", "text/html",
                         "Download the summary for the host school (HTML)"))
        return (f"<ul>{totals}</ul>" + table_region(
            f"<table class=\"plkit-table\"><caption>Completion by participant</caption><thead><tr><th scope="
            f"\"col\">Participant</th>{head}</tr></thead><tbody>{rows}</tbody></table>", "Completion by participant")
            + f"<p>{links}</p>")

    return _box(d.view(render))


def why() -> w.VBox:
    """The group's one-word "why", as a word view with the counts as a table."""
    d = dashboard()

    def render() -> str:
        answers = d.collected.answers("defining")
        words = why_words(answers)
        if not words:
            return _too_few(len(answers))
        top = words[0][1]
        cloud = " ".join(
            f'<span style="font-size:{1 + 1.4 * c / top:.2f}rem;margin:0 .5rem;'
            f'display:inline-block">{e(word)}</span>' for word, c in words)
        rows = "".join(f"<tr><td>{e(word)}</td><td>{c}</td></tr>" for word, c in words)
        return (f'<div class="plkit-panel" aria-hidden="true">{cloud}</div>'
                '<table class="plkit-table"><caption>Why the group chooses PL (word, how many '
                'said it)</caption><thead><tr><th scope="col">Word</th><th scope="col">'
                f"Participants</th></tr></thead><tbody>{rows}</tbody></table>")

    return _box(d.view(render, ("defining",)))


def definitions() -> w.VBox:
    """Which elements of PL the group's own definitions share."""
    d = dashboard()

    def render() -> str:
        rows = definition_elements(d.collected.answers("defining"), d.catalog.definition.elements)
        if not rows:
            return _too_few(0)
        body = "".join(
            f"<tr><td>{e(title)}</td><td>{n} of {total}</td><td><span style=\"display:inline-block;"
            f"height:.8rem;width:{8 * n / total:.2f}rem;background:#1f5f8b\"></span></td></tr>"
            for title, n, total in rows)
        return ('<table class="plkit-table"><caption>Elements in the group\'s definitions'
                '</caption><thead><tr><th scope="col">Element</th><th scope="col">Definitions '
                'covering it</th><th scope="col">Share</th></tr></thead>'
                f"<tbody>{body}</tbody></table>")

    return _box(d.view(render, ("defining",)))


def nightmares() -> w.VBox:
    """The nightmare heat map (how present, how hurtful), the group's top three, "yes, buts"."""
    d = dashboard()

    def render() -> str:
        g = nightmare_heatmap(d.collected.answers("nightmares"), d.catalog.nightmares)
        if not g.enough:
            return f"<p>{e(g.message)}</p>"
        levels = list(PRESENCE.values()) + list(IMPACT.values())

        def cell(n: int) -> str:
            shade = 255 - int(120 * n / max(1, g.responses))
            return f'<td style="background:rgb(255,{shade},{max(80, shade - 60)})">{n}</td>'

        head = "".join(f'<th scope="col">{e(x)}</th>' for x in levels)
        rows = "".join(
            f'<tr><th scope="row">{r["number"]}. {e(r["title"])}</th>'
            + "".join(cell(r["presence"][x]) for x in PRESENCE.values())
            + "".join(cell(r["impact"][x]) for x in IMPACT.values()) + "</tr>"
            for r in g.nightmares)
        top = "".join(f"<li>{e(t['title'])}: in {t['participants']} participants' top three</li>"
                      for t in g.top_three)
        yes = "".join(f"<li>{e(y)}</li>" for y in g.yes_buts) or "<li>None yet.</li>"
        return (f"<p>{e(g.message)}</p><h3>The group's top three</h3><ol>{top}</ol>"
                + table_region('<table class="plkit-table"><caption>How many participants chose each level '
                               '(presence now, then how much it would hurt)</caption><thead><tr><th scope="col">'
                               f"Nightmare</th>{head}</tr></thead><tbody>{rows}</tbody></table>", "Nightmares by level")
                + f"<h3>Questions and “yes, buts” (anonymous)</h3><ul>{yes}</ul>")

    return _box(d.view(render, ("nightmares",)))


def challenges() -> w.VBox:
    """Which parts of the work teachers open to students, and which checks fail most."""
    d = dashboard()

    def render() -> str:
        g = group_view(d.collected.answers("challenges"))
        if not g["enough"]:
            return f"<p>{e(g['message'])}</p>"
        names = {x.id: x.name for x in d.catalog.dimensions}
        head = "".join(f'<th scope="col">{e(v)}</th>' for v in WHO.values())
        rows = "".join(
            f'<tr><th scope="row">{e(names.get(dim, dim))}</th>'
            + "".join(f"<td>{counts[k]}</td>" for k in WHO) + "</tr>"
            for dim, counts in g["dimensions"].items())
        fails = "".join(f"<li>{e(k)}: fails in {n} challenge(s)</li>"
                        for k, n in sorted(g["check_failures"].items(), key=lambda kv: -kv[1]) if n)
        qs = "".join(f"<li>{e(q)}</li>" for q in g["driving_questions"][:12])
        return (f"<p>{e(g['message'])}</p><table class=\"plkit-table\"><caption>Who decides, "
                f"across the group's challenges</caption><thead><tr><th scope=\"col\">Dimension"
                f"</th>{head}</tr></thead><tbody>{rows}</tbody></table>"
                f"<h3>Guardrail checks that fail most</h3><ul>{fails or '<li>None.</li>'}</ul>"
                f"<h3>Example driving questions (anonymous)</h3><ul>{qs}</ul>")

    return _box(d.view(render, ("challenges",)))


def sharing() -> w.VBox:
    """Sharing the why: the audiences chosen most, the jargon found most often in the group's
    drafts, and the "yes, buts" heard most (counts only, never a draft)."""
    d = dashboard()

    def table(caption: str, head: str, rows: list[tuple[str, int]]) -> str:
        body = "".join(f"<tr><td>{e(label)}</td><td>{n}</td></tr>" for label, n in rows)
        return (f'<table class="plkit-table"><caption>{e(caption)}</caption><thead><tr>'
                f'<th scope="col">{e(head)}</th><th scope="col">Participants</th></tr></thead>'
                f"<tbody>{body or '<tr><td colspan=2>None yet.</td></tr>'}</tbody></table>")

    def render() -> str:
        g = sharing_group_view(d.collected.answers("sharing"), d.catalog.jargon, d.catalog.sample_questions)
        if not g.enough:
            return _too_few(g.responses)
        return (table("Who the group's messages are for", "Audience", g.audiences)
                + table("Education jargon found in the drafts", "Word or phrase", g.jargon[:12])
                + table("The \"yes, buts\" the group hears most", "Question", g.yes_buts))

    return _box(d.view(render, ("sharing",)))


def breakouts() -> w.VBox:
    """Suggested breakout groups: by shared top nightmare, by pathway, or mixed; exportable."""
    d = dashboard()
    how = RadioGroup(options=[("Mixed (different stages together)", "mixed"),
                              ("By shared top nightmare", "nightmares"),
                              ("By pathway (first workbook chosen)", "pathway")],
                     value="mixed", description="How should groups be formed?")
    size = w.BoundedIntText(value=4, min=2, max=12, description="People per group",
                            layout=w.Layout(width="16rem"))
    size.style.description_width = "initial"
    out = Html()

    def pathways() -> dict[str, str]:
        found = {}
        for pid, r in d.collected.by_workbook.get("start-here", {}).items():
            try:
                path = chosen_pathway(r)
            except Exception:  # noqa: BLE001 - a damaged answer just means "no pathway"
                continue
            first = path[0] if isinstance(path, (list, tuple)) and path else None
            first = getattr(first, "workbook", first)
            if isinstance(first, str):
                found[pid] = title(first)
        return found

    def render(*_a: Any) -> None:
        if d.error:
            out.value = _error_html(d.error)
            return
        groups = breakout_groups(d.collected, d.catalog.nightmares, how.value or "mixed",
                                 int(size.value), pathways())
        if not groups:
            out.value = "<p>No submissions collected yet, so there is no one to group.</p>"
            return
        items = "".join(
            f"<li><strong>{e(g['name'])}</strong> ({e(g['why'])}): {e(', '.join(g['members']))}</li>"
            for g in groups)
        out.value = (f"<ol>{items}</ol><p>" + _link(groups_csv(groups), "breakout-groups.csv",
                                                    "text/csv", "Download these groups (CSV)")
                     + "</p><p>Adjust by changing the method or size; move people on the day as "
                     "you see fit.</p>")

    how.observe(render, names="value")
    size.observe(render, names="value")
    d.views.append(render)
    render()
    return _box(how, size, out)


def checkins() -> w.VBox:
    """Back at school: for each check-in, how many first steps were done, started or not yet,
    the mean of each support question, and how present the group's top nightmares are now."""
    d = dashboard()

    def one(cid: str) -> str:
        g = checkin_view(d.collected.by_workbook.get(cid, {}), d.collected.by_workbook.get("nightmares", {}),
                         {n.id: n.title for n in d.catalog.nightmares})
        head = f"<h3>{e(get(cid).title)}</h3>"
        if not g.enough:
            return head + _too_few(g.responses)
        rows = [("First steps of the action plans", ", ".join(f"{g.steps[s]} {label.lower()}" for s, label
                                                              in STEP_STATUS.items()) or "not enough reports yet")]
        rows += [(f"Support: {SUPPORT[q].name.lower()} (mean, 1 to 5)", f"{mean:.1f} ({n} participants)")
                 for q, (mean, n) in g.support.items()]
        rows += [(f"How present: {p.title} (0 to 3)", f"{p.before:.1f} on the day, {p.now:.1f} now "
                  f"({p.participants} participants)") for p in g.presence]
        body = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in rows)
        return (head + f'<table class="plkit-table"><caption>{e(get(cid).title)}: {g.responses} '
                'participants answered</caption><thead><tr><th scope="col">What</th><th scope="col">'
                f"The group</th></tr></thead><tbody>{body}</tbody></table>")

    return _box(d.view(lambda: "".join(one(cid) for cid in CHECKINS), (*CHECKINS, "nightmares")))


def impact() -> w.VBox:
    """Guskey's five levels, from reactions to students: a chart and a table for each level,
    with the measures as CSV and the report as a printable page."""
    d = dashboard()

    def render() -> str:
        rows = d.measures()
        links = (_link(impact_csv(rows), "impact.csv", "text/csv", "Download the measures (CSV)")
                 + _link(impact_html(rows, d.ws.course_id), "impact.html", "text/html",
                         "Download the impact report (HTML)"))
        return f"<p>{links}</p>" + levels_html(rows, heading=3, table_class="plkit-table")

    return _box(d.view(render, ("*",)))
