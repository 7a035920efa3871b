"""The guard with the class in memory: find a roster's names, IDs, logins and emails in plkit's
own exports and the teacher's saved choices (:func:`find_leaks`, :func:`guard`).

Matching ignores case, accents and punctuation, and knows both "Last, First" and "First Last".
Single name parts shorter than 3 letters (and ordinary words, :data:`~plkit.privacy.words.COMMON`)
are not searched alone, so a student called "Al" or "Will" does not flag every report. Findings
never repeat the identifier: they say where and what kind, with initials only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plkit.errors import PlkitError
from plkit.privacy.words import COMMON, name_forms, normalise_text, texts, values

__all__ = ["Leak", "PrivacyError", "find_leaks", "guard"]

_MAX_NGRAM = 6


class PrivacyError(PlkitError):
    """Something that identifies a student was found in what is about to be shared."""


@dataclass(frozen=True)
class Leak:
    """One identifier found: where, what kind, and the student's initials (never the value)."""

    source: str
    kind: str  # "name", "name part", "id", "login", "email"
    hint: str
    student: str


def _initials(entry: Mapping[str, Any]) -> str:
    name = (values(entry, "name") or [""])[0]
    parts = [p for p in re.split(r"[\s,]+", name) if p]
    return ".".join(p[0].upper() for p in parts) + "." if parts else "?"


_Patterns = dict[str, tuple[str, str, str]]  # normalised text -> (kind, student, hint)


def _add(pats: _Patterns, text: str, kind: str, student: str, hint: str, min_len: int = 3) -> None:
    """Add one identifier unless it is too short, too long or too common to search for."""
    norm = normalise_text(text)
    if len(norm.replace(" ", "")) < min_len or len(norm.split()) > _MAX_NGRAM:
        return
    if kind == "name part" and (norm in COMMON or norm in pats):
        return
    if kind == "id" and norm.isdigit() and len(norm) < 4:
        return
    pats.setdefault(norm, (kind, student, hint))


def _add_contacts(pats: _Patterns, entry: Mapping[str, Any], student: str, hint: str) -> None:
    """A student's emails, logins and IDs."""
    for email in values(entry, "emails") + values(entry, "email"):
        _add(pats, email, "email", student, hint)
    for login in values(entry, "logins") + values(entry, "login"):
        _add(pats, login, "login", student, hint)
    for ident in values(entry, "ids") + values(entry, "id"):
        _add(pats, ident.lstrip("#"), "id", student, hint)


def _add_names(pats: _Patterns, entry: Mapping[str, Any], student: str, hint: str) -> None:
    fulls, parts = name_forms(entry)
    for full in fulls:
        _add(pats, full, "name", student, hint)
    for part in parts:
        _add(pats, part, "name part", student, hint)


def _patterns(roster: Any) -> _Patterns:
    roster = getattr(roster, "roster", roster)
    pats: _Patterns = {}
    for student, entry in roster.items():
        hint = _initials(entry)
        _add_contacts(pats, entry, student, hint)
        _add_names(pats, entry, student, hint)
    return pats


def find_leaks(paths_or_texts: Iterable[Any] | str | os.PathLike[str], roster: Any) -> list[Leak]:
    """Every roster identifier found in the given files, folders or texts.

    ``roster`` is a :class:`plkit.classdata.Gradebook` or its ``.roster`` mapping (pseudonym ->
    ``name``/``first``/``last``/``ids``/``logins``/``emails``). A string that names an existing
    file or folder is read (folders recursively, zip-based files member by member); any other
    string is searched as text. One finding per source, student and kind.
    """
    if isinstance(paths_or_texts, (str, os.PathLike)):
        paths_or_texts = [paths_or_texts]
    pats = _patterns(roster)
    leaks: list[Leak] = []
    if not pats:
        return leaks
    longest = max(len(p.split()) for p in pats)
    for source, text in texts(paths_or_texts):
        tokens = normalise_text(text).split()
        seen: set[tuple[str, str]] = set()
        covered = [False] * len(tokens)  # tokens inside a longer match are not matched again
        for size in range(longest, 0, -1):
            for i in range(len(tokens) - size + 1):
                hit = pats.get(" ".join(tokens[i : i + size]))
                if hit is None or any(covered[i : i + size]):
                    continue
                covered[i : i + size] = [True] * size
                kind, student, hint = hit
                if (student, kind) in seen or (kind == "name part" and (student, "name") in seen):
                    continue
                seen.add((student, kind))
                leaks.append(Leak(source, kind, hint, student))
    return leaks


def guard(paths: Iterable[Any] | str | os.PathLike[str], roster: Any) -> None:
    """Raise :class:`PrivacyError` if any roster identifier appears in ``paths``."""
    leaks = find_leaks(paths, roster)
    if not leaks:
        return
    kinds = sorted({leak.kind for leak in leaks})
    sources = sorted({leak.source for leak in leaks})
    where = sources[0] if len(sources) == 1 else f"{sources[0]} and {len(sources) - 1} other places"
    raise PrivacyError(
        f"Found {len(leaks)} student identifiers ({', '.join(kinds)}) in {where}; remove them "
        "(use pseudonyms or aggregates) before sharing."
    )
