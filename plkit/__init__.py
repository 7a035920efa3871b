"""plkit: interactive professional-development workbooks on personalized learning.

Importing plkit touches no files, environment or global library state; submodules load on first
use so that a workbook page starts fast.

>>> import plkit
>>> plkit.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "cards",
    "classdata",
    "classdata_workbook",
    "challenge",
    "challenge_cards",
    "challenges",
    "completion",
    "content",
    "dashboard",
    "define",
    "definition",
    "facilitation",
    "cardsort",
    "home",
    "intake",
    "nightmares",
    "plan_card",
    "privacy",
    "priorities",
    "overview",
    "session",
    "paths",
    "settings",
    "standards",
    "start_here",
    "store",
    "ui",
    "workbooks",
]

_LAZY = {name for name in __all__ if name != "__version__"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"plkit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'plkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
