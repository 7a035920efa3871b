"""Wide data tables on a tablet: the table scrolls sideways inside a box of its own that the
keyboard can reach, never the page (WCAG 1.4.10 Reflow exempts data tables; axe-core's
``scrollable-region-focusable`` asks that such a box take focus)."""

from __future__ import annotations

import html

__all__ = ["table_region"]


def table_region(table_html: str, label: str) -> str:
    """``table_html`` inside a labelled, focusable region that scrolls sideways when the table is
    wider than the page (styled by ``.plkit-table-scroll`` in :mod:`plkit.ui.style`).

    >>> table_region("<table></table>", "Done")
    '<div class="plkit-table-scroll" role="region" tabindex="0" aria-label="Done"><table></table></div>'
    """
    return (f'<div class="plkit-table-scroll" role="region" tabindex="0" aria-label="{html.escape(label)}">'
            f"{table_html}</div>")
