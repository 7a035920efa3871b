"""Widgets of "Analysing your class data": load a class, confirm or map its columns, link items
to standards, choose the roll-up, and see mastery, groups, profiles, growth and gaps.

Each concept has its own module; this one gathers the page's main classes:

- :mod:`~plkit.workbooks.classdata.model`: :class:`ClassData`, the class in memory (no widgets);
- :mod:`~plkit.workbooks.classdata.loading`: upload or demo, and the file's layout and columns;
- :mod:`~plkit.workbooks.classdata.standards`: each assessment's standard;
- :mod:`~plkit.workbooks.classdata.method`: the roll-up method and mastery threshold;
- :mod:`~plkit.workbooks.classdata.views`: what the loaded class shows (mastery, groups, ...);
- :mod:`~plkit.workbooks.classdata.controls`: alerts, status lines, stacked labels.

Privacy: the gradebook (names, ids, scores) lives in :class:`ClassData`, in kernel memory only.
Only the teacher's choices go to the response store, and :meth:`ClassData.save` refuses any value
in which the privacy guard finds a student identifier.
"""

from __future__ import annotations

from plkit.workbooks.classdata.controls import alert_html
from plkit.workbooks.classdata.loading import ColumnsPanel, LoadPanel
from plkit.workbooks.classdata.method import MethodPanel
from plkit.workbooks.classdata.model import ClassData
from plkit.workbooks.classdata.standards import StandardsPanel

__all__ = ["ClassData", "LoadPanel", "ColumnsPanel", "StandardsPanel", "MethodPanel", "alert_html"]
