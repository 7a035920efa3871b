"""Live feedback on a written definition of PL: which elements it covers and which it misses.

Plain functions, no widgets.

>>> from plkit.content import load_catalog
>>> els = load_catalog(use_settings=False).definition.elements
>>> cov = coverage("Students drive meaningful, rigorous challenges toward clear outcomes.", els)
>>> [c.id for c in cov if c.covered][:2]
['student-driven', 'meaningful']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plkit.completion import word_count
from plkit.content.model import Element

__all__ = ["ElementCoverage", "normalise", "coverage", "summary", "word_count"]

# "personalized learning" itself contains "personal"; it says nothing about which elements a
# definition covers, so it is removed before matching.
_SELF = re.compile(r"\bpersonali[sz](?:ed|ing|ation)\b(?:\s+learning)?")


def normalise(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed, the term being defined blanked."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("’", "'").replace("-", " ")
    text = _SELF.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class ElementCoverage:
    id: str
    title: str
    covered: bool
    matched: tuple[str, ...]  # the words found in the text
    hint: str


@functools.lru_cache(maxsize=1024)
def _pattern(keyword: str) -> re.Pattern[str]:
    """The compiled search for one keyword, built once per keyword (the live checklist and the
    facilitator's definitions view call it for every element of every definition)."""
    kw = normalise(keyword)
    # each keyword is a stem: it must start a word, and may be followed by more letters
    return re.compile(r"(?<![a-z0-9])" + re.escape(kw).replace(r"\ ", r"\s+") + r"[a-z]*")


def coverage(text: str, elements: Sequence[Element]) -> list[ElementCoverage]:
    """For each element: is it covered by ``text``, and by which words."""
    norm = normalise(text)
    out = []
    for el in elements:
        found = (_pattern(kw).search(norm) for kw in el.keywords)
        # the words as the teacher wrote them (whole words, not the stems we look for)
        matched = tuple(dict.fromkeys(m.group(0) for m in found if m))
        out.append(ElementCoverage(el.id, el.title, bool(matched), matched, el.hint))
    return out


def summary(cov: Iterable[ElementCoverage]) -> str:
    """One sentence a teacher reads under their definition."""
    cov = list(cov)
    got = [c.title for c in cov if c.covered]
    if not got:
        return "Start writing: the checklist lights up as your definition touches each element."
    if len(got) == len(cov):
        return f"Your definition touches all {len(cov)} elements."
    return f"Your definition touches {len(got)} of {len(cov)} elements."
