"""The facilitator's view of the group's definitions and why words: which elements the definitions
share and the most frequent why words, never a definition itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from plkit.privacy import MIN_RESPONSES
from plkit.workbooks.defining.model import coverage

__all__ = ["why_words", "definition_elements"]


def _norm_word(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip(".!?,;:\"'“”").lower())


def why_words(responses: Sequence[Mapping[str, Any]], key: str = "defining.why-word",
              min_responses: int = MIN_RESPONSES) -> list[tuple[str, int]]:
    """The group's one-word "why", most frequent first; empty below the minimum."""
    words = [_norm_word(r[key]) for r in responses if isinstance(r.get(key), str) and r[key].strip()]
    if len(words) < min_responses:
        return []
    return sorted(Counter(words).items(), key=lambda kv: (-kv[1], kv[0]))


def definition_elements(responses: Sequence[Mapping[str, Any]], elements: Sequence[Any],
                        key: str = "defining.own-definition",
                        min_responses: int = MIN_RESPONSES) -> list[tuple[str, int, int]]:
    """(element title, definitions covering it, definitions) for each element; empty below
    the minimum. Which elements the group's definitions share, never the definitions."""

    texts = [r[key] for r in responses if isinstance(r.get(key), str) and r[key].strip()]
    if len(texts) < min_responses:
        return []
    counts: Counter[str] = Counter()
    for t in texts:
        for c in coverage(t, elements):
            if c.covered:
                counts[c.id] += 1
    return sorted(((e.title, counts.get(e.id, 0), len(texts)) for e in elements),
                  key=lambda x: (-x[1], x[0]))
