"""The guardrail checks as the designer shows them: the panel at the top of the form (every
check, with what to do for a failing one) and the one-line reminder at its foot."""

from __future__ import annotations

import html
from collections.abc import Sequence

from plkit.workbooks.challenges.guardrails import Check

__all__ = ["checks_html", "checks_footer_html"]


def checks_html(checks: Sequence[Check]) -> str:
    """Every check: passing ones by title, failing ones with why and what to do; a live summary."""
    passed = sum(c.ok for c in checks)
    e = html.escape
    items = []
    for c in checks:
        if c.ok:
            items.append(f'<li class="plkit-check-yes"><strong>Passes:</strong> {e(c.title)}</li>')
        else:
            items.append(
                f'<li class="plkit-check-no"><strong>Needs work:</strong> {e(c.title)}. '
                f"{e(c.explanation)} <em>What to do:</em> {e(c.fix)}</li>"
            )
    head = (f"All {len(checks)} guardrail checks pass." if passed == len(checks)
            else f"{passed} of {len(checks)} guardrail checks pass.")
    return (f'<p role="status" aria-live="polite"><strong>{e(head)}</strong></p>'
            f"<ul>{''.join(items)}</ul>")


def checks_footer_html(checks: Sequence[Check]) -> str:
    """The reminder under the form: all pass, or the titles of the checks still failing.

    >>> checks_footer_html([Check("a", True, "Aims", "", ""), Check("b", False, "Has <b>", "", "")])
    '<p><strong>Guardrail checks still to work on</strong> (details at the top of the form): Has &lt;b&gt;.</p>'
    """
    failing = [c.title for c in checks if not c.ok]
    if not failing:
        return "<p><strong>Guardrail checks:</strong> all pass.</p>"
    return (f"<p><strong>Guardrail checks still to work on</strong> (details at the top of the "
            f"form): {html.escape('; '.join(failing))}.</p>")
