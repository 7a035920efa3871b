"""The "what PL is / what it isn't" card sort: order, checking and feedback. No widgets.

>>> from plkit.content import load_catalog
>>> cards = deck(load_catalog(use_settings=False))
>>> len(cards)
16
>>> check(cards[0], cards[0].statement.kind).correct
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from plkit.content.catalog import Catalog
from plkit.content.model import Component, Statement

__all__ = ["Card", "Feedback", "deck", "check", "tally", "CHOICES"]

#: What a participant can answer for a card: value -> label shown.
CHOICES = {"is": "What PL is", "isnt": "What PL isn't"}


@dataclass(frozen=True)
class Card:
    component: Component
    statement: Statement

    @property
    def id(self) -> str:
        return self.statement.id


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


def deck(catalog: Catalog) -> list[Card]:
    """Every statement, in a fixed mixed order (the same for everyone, never grouped by answer)."""
    cards = [Card(c, s) for c in catalog.components for s in c.statements]
    return sorted(cards, key=lambda card: hashlib.sha256(card.id.encode()).hexdigest())


def check(card: Card, choice: str | None) -> Feedback:
    """Feedback for one sorted card: right or not, and why, naming its component."""
    if choice not in CHOICES:
        return Feedback(False, "")
    right = choice == card.statement.kind
    label = CHOICES[card.statement.kind]
    where = label[:1].lower() + label[1:]  # "what PL is": the acronym keeps its capitals
    lead = "Yes" if right else f"Look again: this one is {where}"
    return Feedback(right, f"{lead}. {card.statement.feedback} ({card.component.name})")


def tally(cards: list[Card], answers: Mapping[str, str]) -> tuple[int, int, int]:
    """(sorted, matching the source, total)."""
    done = [c for c in cards if answers.get(c.id) in CHOICES]
    right = [c for c in done if answers[c.id] == c.statement.kind]
    return len(done), len(right), len(cards)
