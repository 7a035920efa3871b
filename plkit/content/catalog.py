"""The catalog: every piece of PL content plkit teaches, loaded and cross-checked."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from plkit.content.model import (
    Advice,
    Component,
    Definition,
    Dimension,
    Guideline,
    Habit,
    JargonTerm,
    KnowledgeItem,
    Misunderstanding,
    Nightmare,
    Pillar,
    Prompt,
    Quality,
    Question,
    SampleQuestion,
    Source,
    Stage,
    Strategy,
    Tension,
    WhyWord,
)

__all__ = ["Catalog", "SECTIONS", "LIST_KEYS"]

# section name -> (file it lives in, record type, is it a list)
SECTIONS: dict[str, tuple[str, type, bool]] = {
    "sources": ("sources.yaml", Source, True),
    "definition": ("definition.yaml", Definition, False),
    "components": ("components.yaml", Component, True),
    "pillars": ("pillars.yaml", Pillar, True),
    "qualities": ("qualities.yaml", Quality, True),
    "guidelines": ("guidelines.yaml", Guideline, True),
    "faq": ("faq.yaml", Question, True),
    "sample_questions": ("faq.yaml", SampleQuestion, True),
    "habits": ("habits.yaml", Habit, True),
    "nightmares": ("nightmares.yaml", Nightmare, True),
    "nightmare_prompts": ("nightmares.yaml", Prompt, True),
    "why_words": ("why.yaml", WhyWord, True),
    "why_prompt": ("why.yaml", Prompt, False),
    "dimensions": ("personalizable.yaml", Dimension, True),
    "gradual_release": ("personalizable.yaml", Stage, True),
    "misunderstandings": ("misunderstandings.yaml", Misunderstanding, True),
    "tensions": ("manageable.yaml", Tension, True),
    "strategies": ("manageable.yaml", Strategy, True),
    "jargon": ("jargon.yaml", JargonTerm, True),
    "messaging": ("communication.yaml", Advice, True),
    "knowledge": ("knowledge.yaml", KnowledgeItem, True),
}

#: The keys ``plkit content show --format json`` always prints first.
LIST_KEYS = ("components", "pillars", "qualities", "guidelines", "faq", "habits", "nightmares")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            key = "is" if f.name == "is_" else f.name
            out[key] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Catalog:
    sources: list[Source]
    definition: Definition
    components: list[Component]
    pillars: list[Pillar]
    qualities: list[Quality]
    guidelines: list[Guideline]
    faq: list[Question]
    sample_questions: list[SampleQuestion]
    habits: list[Habit]
    nightmares: list[Nightmare]
    nightmare_prompts: list[Prompt]
    why_words: list[WhyWord]
    why_prompt: Prompt
    dimensions: list[Dimension]
    gradual_release: list[Stage]
    misunderstandings: list[Misunderstanding]
    tensions: list[Tension]
    strategies: list[Strategy]
    jargon: list[JargonTerm]
    messaging: list[Advice]
    knowledge: list[KnowledgeItem]

    def to_dict(self) -> dict[str, Any]:
        """The whole catalog as plain JSON-ready data, ``definition`` first."""
        out: dict[str, Any] = {"definition": _plain(self.definition)}
        for key in LIST_KEYS:
            out[key] = _plain(getattr(self, key))
        for key in SECTIONS:
            if key not in out:
                out[key] = _plain(getattr(self, key))
        return out

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def cite(self, source_id: str) -> str:
        """A short attribution line, e.g. "Zmuda, Curtis & Ullman, Learning Personalized (2015)"."""
        try:
            s = self.source(source_id)
        except KeyError:
            return source_id
        who = f"{s.authors}, " if s.authors else ""
        year = f" ({s.year})" if s.year else ""
        return f"{who}{s.title}{year}"

    def component(self, component_id: str) -> Component:
        for c in self.components:
            if c.id == component_id:
                return c
        raise KeyError(component_id)
