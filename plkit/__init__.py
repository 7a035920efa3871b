"""plkit: interactive professional-development workbooks on personalized learning.

Importing plkit touches no files, environment or global library state; submodules load on first
use so that a workbook page starts fast.

A notebook cell calls its page by a short name: ``plkit.define.card_sort()`` is
:func:`plkit.workbooks.defining.page.card_sort`. The short names are the ones the shipped
notebooks (and districts' copies of them) have always used; :data:`PAGES` maps each to its module.

>>> import plkit
>>> plkit.__version__
'0.1.0'
>>> plkit.define.__name__
'plkit.workbooks.defining.page'
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

__version__ = "0.1.0"

#: The names notebooks call, and the page module each stands for.
PAGES: dict[str, str] = {
    "home": "plkit.home",
    "start_here": "plkit.workbooks.start_here.page",
    "define": "plkit.workbooks.defining.page",
    "nightmares": "plkit.workbooks.nightmares.page",
    "challenges": "plkit.workbooks.challenges.page",
    "sharing": "plkit.workbooks.sharing.page",
    "classdata_workbook": "plkit.workbooks.classdata.page",
    "looking_back": "plkit.workbooks.looking_back.page",
    "checkin_2w": "plkit.workbooks.checkin.two_weeks",
    "checkin_6w": "plkit.workbooks.checkin.six_weeks",
    "dashboard": "plkit.facilitator.dashboard",
    "overview": "plkit.facilitator.overview",
    "join": "plkit.facilitator.join_page",
    "day": "plkit.facilitator.day",
}

__all__ = ["__version__", "PAGES", *PAGES]


class _GradedPage(ModuleType):
    """A page while nbgrader executes its notebook: every cell does nothing.

    nbgrader runs every cell of a submitted notebook before its hidden check, which reads only the
    saved answers. Building the page there (its content, widgets and styles) would cost each
    submission about a second and show nothing to anyone, so under ``NBGRADER_EXECUTION`` the
    names notebooks call are cells that return None."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _nothing


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


def __getattr__(name: str) -> ModuleType:
    if name in PAGES:
        if os.environ.get("NBGRADER_EXECUTION"):
            return _GradedPage(f"plkit.{name} (under nbgrader)")
        module = importlib.import_module(PAGES[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module 'plkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
