"""The read-only parts of a check-in page as HTML: the plan from the day, what to do without one,
and the class before and after. Plain functions of plain data (tests read their text)."""

from __future__ import annotations

import html

from plkit.workbooks.checkin.model import PRESENCE, Day, Planned
from plkit.workbooks.checkin.snapshots import Snapshots
from plkit.workbooks.nightmares.keys import PLAN_FIELDS

__all__ = ["plan_panel_html", "no_plan_html", "snapshots_html"]

e = html.escape


def _planned(p: Planned) -> str:
    items = "".join(f"<li><strong>{e(PLAN_FIELDS[part])}:</strong> {e(v)}</li>" for part, v in p.plan.items())
    if p.revised:
        when = f" (by {p.by_when})" if p.by_when else ""
        items += (f"<li><strong>Revised at the last check-in:</strong> {e(p.first_step)}{e(when)}</li>")
    if p.presence:
        items += f"<li><strong>How present it was when you last rated it:</strong> {e(PRESENCE[p.presence])}</li>"
    return f"<h3>Nightmare {p.number}: {e(p.title)}</h3><ul>{items}</ul>"


def _challenges(d: Day) -> str:
    if not d.challenges:
        return ""
    items = "".join(f"<li>{e(t)}</li>" for _, t in d.challenges)
    return f"<p><strong>Your challenges from Designing guardrailed challenges:</strong></p><ul>{items}</ul>"


def plan_panel_html(d: Day) -> str:
    """The participant's plan from the day (and revisions since), as the page opens with it."""
    revised = (" Where you revised a first step at the last check-in, the questions ask about the revised "
               "step." if d.revised else "")
    intro = ("<p>Here is the plan you wrote in Fifteen nightmares for your top three. The questions below "
             f"follow it, nightmare by nightmare.{revised}</p>")
    return ('<section class="plkit-panel" aria-label="Your action plan"><h3>Your action plan</h3>' + intro
            + "".join(_planned(p) for p in d.planned) + _challenges(d) + "</section>")


def no_plan_html(d: Day, nightmares_link: str) -> str:
    """What to do when there is no action plan on this computer."""
    return ('<section class="plkit-panel" aria-label="No action plan yet">'
            "<p><strong>There is no action plan from Fifteen nightmares on this computer yet.</strong> "
            "You can still check in, in either of two ways:</p><ul>"
            f"<li>open {nightmares_link}, rate the nightmares and write a plan for your top three, then "
            "open this page again: your plan will be here;</li>"
            "<li>or write below what you have tried since the day, and what you will do next.</li></ul>"
            "<p>Either way, the three questions on support further down are for you too.</p>"
            + _challenges(d) + "</section>")


def snapshots_html(s: Snapshots, classdata_link: str) -> str:
    """The change per standard between two class snapshots, or how to keep them."""
    keep = ("A snapshot keeps only the share of your students ready on each standard, never a name, "
            "and leaves out any group too small to show.")
    if s.state == "none":
        return (f"<p>Did students learn more? To see it here, keep a snapshot of your class in "
                f"{classdata_link} as soon as you can, and another a few weeks later. {keep} This part "
                "then shows the change on each standard.</p>")
    if s.state == "one":
        taken = f" on {e(s.before or s.after or '')}" if (s.before or s.after) else ""
        return (f"<p>You kept one snapshot of your class{taken}. Keep another in {classdata_link} a few "
                f"weeks later, and this part shows the change on each standard. {keep}</p>")
    if not s.changes:
        return ("<p>Your two class snapshots have no standard with a share in both, so there is no "
                "change to show (groups too small to show are left out).</p>")
    before, after = e(s.before or "before"), e(s.after or "after")
    rows = "".join(f"<tr><th scope=\"row\">{e(c.standard)}</th><td>{c.before:.0%}</td><td>{c.after:.0%}</td>"
                   f"<td>{c.points:+.1f}</td></tr>" for c in s.changes)
    left = (f"<p>{s.left_out} standard{'s are' if s.left_out != 1 else ' is'} not shown: too few students "
            "to show, or in one snapshot only.</p>" if s.left_out else "")
    return ('<table class="plkit-table"><caption>Share of your students ready on each standard</caption>'
            f'<thead><tr><th scope="col">Standard</th><th scope="col">Before ({before})</th>'
            f'<th scope="col">After ({after})</th><th scope="col">Change (percentage points)</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>{left}"
            "<p>A change over a few weeks is a hint, not proof: much besides your plan moves a class. "
            "Read it with your evidence above.</p>")
