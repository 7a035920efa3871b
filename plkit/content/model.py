"""Typed records for plkit's content. No I/O here: see ``plkit.content.loader``."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Source",
    "DefinitionPart",
    "Element",
    "Alternative",
    "Definition",
    "Statement",
    "Component",
    "Pillar",
    "Quality",
    "Guideline",
    "Question",
    "SampleQuestion",
    "Habit",
    "Nightmare",
    "Prompt",
    "WhyWord",
    "Dimension",
    "Stage",
    "Misunderstanding",
    "Tension",
    "Strategy",
    "JargonTerm",
    "Advice",
    "Option",
    "KnowledgeItem",
    "KNOWLEDGE_KINDS",
]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    authors: str = ""
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class DefinitionPart:
    id: str
    title: str
    summary: str
    source: str


@dataclass(frozen=True)
class Element:
    """One idea a written definition of PL may cover, with the words that signal it."""

    id: str
    title: str
    keywords: list[str]
    hint: str
    source: str
    part: str | None = None


@dataclass(frozen=True)
class Alternative:
    id: str
    title: str
    summary: str
    source: str
    quote: str = ""


@dataclass(frozen=True)
class Definition:
    id: str
    quote: str
    summary: str
    source: str
    parts: list[DefinitionPart]
    elements: list[Element]
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass(frozen=True)
class Statement:
    """A card in the "is / isn't" sort."""

    id: str
    kind: str  # "is" or "isnt"
    text: str
    feedback: str


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    is_: str
    isnt: str
    source: str
    statements: list[Statement]


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Quality:
    id: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Guideline:
    id: str
    number: int
    audience: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    question: str
    summary: str
    source: str


@dataclass(frozen=True)
class SampleQuestion:
    id: str
    text: str
    source: str
    #: Nightmares and frequently asked questions that speak to this "yes, but" (ids).
    nightmares: list[str] = field(default_factory=list)
    faq: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Habit:
    id: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Nightmare:
    id: str
    number: int
    title: str
    summary: str
    example: str
    component: str
    source: str


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class WhyWord:
    id: str
    word: str
    source: str


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    summary: str
    guardrail_example: str
    source: str


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Misunderstanding:
    id: str
    text: str
    correction: str
    source: str
    component: str | None = None


@dataclass(frozen=True)
class Tension:
    """A real difficulty of personalizing learning that a teacher has to hold in mind."""

    id: str
    name: str
    summary: str
    source: str


@dataclass(frozen=True)
class Strategy:
    """A way schools make personalized learning manageable, with an example where there is one."""

    id: str
    name: str
    summary: str
    source: str
    example: str = ""


@dataclass(frozen=True)
class JargonTerm:
    """An education term families and community members may not share, with plain alternatives.

    ``term`` is matched as a whole word or phrase, case-insensitively; ``plain`` lists words to
    use instead."""

    id: str
    term: str
    plain: list[str]
    source: str


@dataclass(frozen=True)
class Advice:
    """What the sources say about bringing one audience along (``colleagues`` or ``families``)."""

    id: str
    audience: str
    name: str
    summary: str
    source: str


#: The kinds of knowledge-check item: kind -> what the item asks, as a participant reads it.
KNOWLEDGE_KINDS: dict[str, str] = {
    "is-or-isnt": "Is this personalized learning, and why?",
    "nightmare": "Which nightmare does this story show?",
    "guardrail": "Which guardrail check does this challenge fail?",
    "roll-up": "Which roll-up method fits this teacher's goal?",
    "challenge": "What makes a challenge meaningful, authentic and rigorous?",
}


@dataclass(frozen=True)
class Option:
    """One answer a knowledge-check item offers."""

    id: str
    text: str


@dataclass(frozen=True)
class KnowledgeItem:
    """A scenario question of the knowledge check (Guskey's level 2: what participants learned).

    ``answer`` is the id of the right option; ``explanation`` says why, as feedback. A
    ``nightmare`` item's option ids are nightmare ids; a ``guardrail`` item's are the guardrail
    checks' ids; a ``roll-up`` item's are roll-up method names; ``component`` names the PL
    component an ``is-or-isnt`` item is about."""

    id: str
    kind: str
    scenario: str
    options: list[Option]
    answer: str
    explanation: str
    source: str
    component: str | None = None
