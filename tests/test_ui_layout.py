"""Layout pieces that need no browser: the stylesheet's rules for issue 17 and wide tables'
focusable region (tests/test_browser_layout.py proves them in Chromium)."""

from __future__ import annotations

import doctest

import plkit.ui.tables
from plkit.ui.style import CSS
from plkit.ui.tables import table_region


def test_table_region_is_a_labelled_focusable_region() -> None:
    out = table_region('<table class="plkit-table"></table>', 'Who said "yes"')
    assert out.startswith('<div class="plkit-table-scroll" role="region" tabindex="0" '
                          'aria-label="Who said &quot;yes&quot;">')
    assert out.endswith('<table class="plkit-table"></table></div>')
    assert doctest.testmod(plkit.ui.tables).failed == 0


def test_stylesheet_lets_content_use_the_width_and_rows_grow() -> None:
    assert "max-width: 52rem" not in CSS  # the old narrow column
    assert "max-width: 75ch" in CSS  # prose keeps a readable line length
    assert "minmax(min(100%, 24rem), 1fr)" in CSS  # two cards where they fit, one on a tablet
    assert ".plkit .widget-vbox > * { flex-shrink: 0; }" in CSS  # a column's rows never squeezed
    assert CSS.count("{") == CSS.count("}")
