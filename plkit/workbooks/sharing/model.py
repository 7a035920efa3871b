"""The domain of "Sharing the why": audiences, channels, the roadmap, and the formative feedback
on a draft message. No widgets.

The feedback helps a teacher think about a message to families or colleagues in the manner of the
definition builder: it names what the draft does and what it could add, never a score.

>>> from plkit.content import load_catalog
>>> fb = draft_feedback("Come and visit our class. For example, students choose how to show "
...                     "what they learned because it matters to them.", "families",
...                     load_catalog(use_settings=False).jargon)
>>> [c.id for c in fb.checks if c.ok]
['reading', 'jargon', 'why', 'example', 'invites', 'not-selling']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import textstat

from plkit.completion import word_count
from plkit.content.model import JargonTerm

__all__ = [
    "GRADE_TARGET",
    "Check",
    "Feedback",
    "draft_feedback",
    "jargon_in",
]

#: The school grade level a draft should not go above, per audience (plain language for people
#: outside education; colleagues share more of the vocabulary).
GRADE_TARGET: dict[str, float] = {"families": 8, "community": 8, "students": 6, "colleagues": 10}

_WHY = ("because", "so that", "why", "in order to", "we believe", "matters", "so they", "so our")
_EXAMPLE = ("for example", "for instance", "such as", "looks like", "last week", "this week",
            "yesterday", "this term", "in my class", "in our class", "you will see", "you'll see",
            "imagine", "recently", "one student", "a student", "our students", "picture")
_INVITE = ("visit", "come", "join", "drop by", "see for yourself", "student work", "portfolio",
           "showcase", "open house", "conversation", "talk with", "talk to", "ask", "invite",
           "we'd love", "we would love", "tell us", "your questions", "your thoughts", "share your",
           "let us know", "welcome")
_SELL = ("you must", "you should", "you need to", "trust us", "proven", "research proves",
         "research shows", "guarantee", "the best way", "no doubt", "obviously", "clearly",
         "everyone agrees", "don't worry", "do not worry", "there is no reason", "undeniabl")


@dataclass(frozen=True)
class Check:
    id: str
    ok: bool
    label: str
    advice: str


@dataclass(frozen=True)
class Feedback:
    words: int
    reading_ease: float | None
    grade: float | None
    jargon: tuple[tuple[str, tuple[str, ...]], ...]
    checks: tuple[Check, ...]

    @property
    def done(self) -> int:
        return sum(c.ok for c in self.checks)


def _has(text: str, cues: Iterable[str]) -> list[str]:
    low = f" {text.lower()} "
    return [c for c in cues if re.search(rf"(?<![a-z]){re.escape(c)}", low)]


def jargon_in(text: str, terms: Sequence[JargonTerm]) -> list[JargonTerm]:
    """The terms of ``terms`` the text uses, as whole words or phrases, in list order."""
    found = []
    for t in terms:
        if re.search(rf"(?<![\w-]){re.escape(t.term)}(?![\w-])", text, flags=re.IGNORECASE):
            found.append(t)
    return found


def _reading(text: str, audience: str | None) -> tuple[float | None, float | None, Check]:
    target = GRADE_TARGET.get(audience or "", 8)
    if word_count(text) < 20:
        return None, None, Check("reading", False, "Readability",
                                 "Write a few sentences (20 words or more) to see how easy it is to read.")
    ease = round(float(textstat.flesch_reading_ease(text)), 1)
    grade = round(float(textstat.flesch_kincaid_grade(text)), 1)
    ok = grade <= target
    label = f"Reading ease {ease:g} (higher is easier); about grade {grade:g}"
    advice = ("Easy enough to read for this audience." if ok else
              f"Aim for grade {target:g} or below: shorter sentences and everyday words help.")
    return ease, grade, Check("reading", ok, label, advice)


def draft_feedback(text: str, audience: str | None, terms: Sequence[JargonTerm],
                   why_word: str | None = None) -> Feedback:
    """What the draft does and what it could add, for ``audience`` (see :data:`AUDIENCES`)."""
    ease, grade, reading = _reading(text, audience)
    jargon = jargon_in(text, terms)
    says_why = _has(text, _WHY) or (why_word and why_word.strip() and
                                   why_word.strip().lower() in text.lower())
    checks = (
        reading,
        Check("jargon", not jargon, "Words only educators use",
              "No education jargon found." if not jargon else
              "Swap these for everyday words: " + "; ".join(
                  f"“{t.term}” (try: {', '.join(t.plain)})" for t in jargon) + "."),
        Check("why", bool(says_why), "Says why",
              "It says why the change matters." if says_why else
              "Say why: what you hope PL will do for these students (your why word can help)."),
        Check("example", bool(_has(text, _EXAMPLE)), "Shows what it looks like",
              "It gives a picture of PL in action." if _has(text, _EXAMPLE) else
              "Add one concrete example of what students do or make, so people can picture it."),
        Check("invites", bool(_has(text, _INVITE)), "Invites people in",
              "It invites people to see or talk." if _has(text, _INVITE) else
              "Invite them in: a visit, a look at student work, or a conversation."),
        Check("not-selling", not _has(text, _SELL), "Invites rather than persuades",
              "It does not try to sell the change." if not _has(text, _SELL) else
              "Phrases such as " + ", ".join(f"“{c}”" for c in _has(text, _SELL)) +
              " push people; let student work and student voices make the case instead."),
    )
    return Feedback(word_count(text), ease, grade,
                    tuple((t.term, tuple(t.plain)) for t in jargon), checks)
