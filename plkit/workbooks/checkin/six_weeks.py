"""The page of the check-in six weeks after the day (``checkin-6w``): the shared check-in page
(:mod:`plkit.workbooks.checkin.page`) bound to this workbook's id, so it saves into its own
answers file. Notebooks call it as ``plkit.checkin_6w.<cell>()``."""

from __future__ import annotations

from plkit.workbooks.checkin.page import checkin_page

__all__ = ["WORKBOOK", "start", "plan", "first_steps", "what_happened", "next_steps", "support", "challenges",
           "class_data", "progress", "download", "submit", "PAGE"]

_PAGE = checkin_page("checkin-6w")
WORKBOOK = _PAGE.workbook
start = _PAGE.start
#: The page's cells in the notebook's order (the ones that read no other workbook are built ahead).
PAGE = _PAGE.cells
(plan, first_steps, what_happened, next_steps, support, challenges, class_data, progress, download,
 submit) = PAGE
