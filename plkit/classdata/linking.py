"""Which item a name in a standards file means: as the gradebook names it ("Quiz 1") or as the
export heads its column ("Quiz 1 (1001)"), with case and spacing ignored.

>>> resolve(["Quiz 1 (1001)", "quiz  2", "Essay", "Quiz 9"], ["Quiz 1", "Quiz 2", "Essay"], {"Quiz 1": "Quiz 1 (1001)"})
({'Quiz 1 (1001)': 'Quiz 1', 'quiz  2': 'Quiz 2', 'Essay': 'Essay'}, ['Quiz 9'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["examples", "resolve"]

_WITH_ID = re.compile(r"^(?P<title>.*\S)\s*\((?P<id>\d+)\)$")


def _loose(text: str) -> str:
    return " ".join(str(text).casefold().split())


def resolve(names: Iterable[str], items: Iterable[str], sources: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """``({name: item}, names that match no item)``; ``sources`` maps items to their column headers."""
    known = set(str(i) for i in items)
    exact = {i: i for i in known} | {h: i for i, h in sources.items() if i in known}
    loose: dict[str, str] = {}
    for header, known_item in exact.items():
        loose.setdefault(_loose(header), known_item)
    found: dict[str, str] = {}
    missing: list[str] = []
    for name in names:
        text = str(name).strip()
        item: str | None = exact.get(text) or loose.get(_loose(text))
        match = _WITH_ID.match(text) if item is None else None
        if match:
            item = loose.get(_loose(match.group("title")))
        if item is None:
            missing.append(text)
        else:
            found[name] = item
    return found, missing


def examples(names: Iterable[str], limit: int = 5) -> str:
    """Up to ``limit`` names for a message: ``'Quiz 8, Quiz 9'`` or ``'A, B, C, D, E and 3 more'``."""
    shown = list(dict.fromkeys(str(n) for n in names))
    text = ", ".join(shown[:limit])
    return text + (f" and {len(shown) - limit} more" if len(shown) > limit else "")
