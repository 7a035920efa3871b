"""Completion criteria of the "Defining personalized learning" workbook, from saved answers alone.

The progress display, the submit panel and nbgrader's hidden test cell all call :func:`criteria`
(through :func:`plkit.completion.evaluate`). Imports nothing heavy: nbgrader runs it for every
submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plkit.completion import MIN_REFLECTION_WORDS, Criterion, is_one_of, word_count
from plkit.content import load_catalog
from plkit.workbooks.defining.cardsort import CHOICES, deck
from plkit.workbooks.defining.keys import KEYS

__all__ = ["criteria", "MIN_DEFINITION_WORDS"]

MIN_DEFINITION_WORDS = 12


def criteria(r: Mapping[str, Any]) -> list[Criterion]:
    cards = deck(load_catalog())
    sort = r.get(KEYS["card_sort"])
    sorted_n = sum(1 for c in cards if isinstance(sort, Mapping) and is_one_of(sort.get(c.id), CHOICES))
    words = word_count(r.get(KEYS["own_definition"]))
    why = word_count(r.get(KEYS["why_word"]))  # punctuation alone is no word
    refl = word_count(r.get(KEYS["reflection"]))
    compare = r.get(KEYS["compare"])
    return [
        Criterion(
            "compare",
            "Chose the definition closest to your school's",
            isinstance(compare, str) and bool(compare.strip()),
            "Pick the definition closest to how your school talks about PL.",
        ),
        Criterion(
            "card-sort",
            f"Sorted all {len(cards)} statements",
            sorted_n == len(cards),
            f"Sort the remaining {len(cards) - sorted_n} statements.",
        ),
        Criterion(
            "own-definition",
            "Wrote your school's definition",
            words >= MIN_DEFINITION_WORDS,
            f"Write at least {MIN_DEFINITION_WORDS} words for your definition (now {words}).",
        ),
        Criterion("why-word", "Gave your one-word why", why > 0, "Add your one word or phrase."),
        Criterion(
            "reflection",
            "Reflected on misunderstandings",
            refl >= MIN_REFLECTION_WORDS,
            f"Write at least {MIN_REFLECTION_WORDS} words about a misunderstanding you have met.",
            step="misunderstandings",
        ),
    ]
