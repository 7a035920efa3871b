"""The privacy guard: find any roster name, ID, login or email in what is about to leave.

Matching ignores case, accents and punctuation, and knows both "Last, First" and "First Last".
Single name parts shorter than 3 letters (and a few common words) are not searched alone, so a
student called "Al" or "Will" does not flag every report. Findings never repeat the identifier:
they say where and what kind, with initials only.

>>> roster = {"k1": {"name": "Pérez, Ana", "ids": ["#20931"], "emails": ["ana.p@school.org"]}}
>>> [f.kind for f in find_leaks(["Report for ana PEREZ", "id 20931", "all clear"], roster)]
['name', 'id']
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plkit.errors import PlkitError

__all__ = ["MIN_RESPONSES", "Leak", "PrivacyError", "find_leaks", "guard", "normalise_text"]

#: Participants' own answers are shown to a facilitator only aggregated, and never for fewer
#: responses than this.
MIN_RESPONSES = 3

_MAX_NGRAM = 6
# Words too common (or too much our own report vocabulary) to flag as a lone name part.
_COMMON = set(
    """will may mark max rose grace joy hope faith june april august summer autumn dawn
    chase hunter young white brown green black gray grey long hall king wood page
    standard score scores ready group groups mean mode latest average highest mastery item items
    student students class section total points possible status missing excused evidence
    power law growth profile none nan true false and the for with not yet""".split()
)


class PrivacyError(PlkitError):
    """Something that identifies a student was found in what is about to be shared."""


@dataclass(frozen=True)
class Leak:
    """One identifier found: where, what kind, and the student's initials (never the value)."""

    source: str
    kind: str  # "name", "name part", "id", "login", "email"
    hint: str
    student: str


def normalise_text(text: str) -> str:
    """Fold case and accents, and turn punctuation runs into single spaces.

    >>> normalise_text("Pérez, ANA  <ana.p@x.org>")
    'perez ana ana p x org'
    """
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _values(entry: Mapping[str, Any], key: str) -> list[str]:
    v = entry.get(key)
    if v is None or v == "":
        return []
    return [str(x) for x in v] if isinstance(v, (list, tuple, set)) else [str(v)]


def _initials(entry: Mapping[str, Any]) -> str:
    name = (_values(entry, "name") or [""])[0]
    parts = [p for p in re.split(r"[\s,]+", name) if p]
    return ".".join(p[0].upper() for p in parts) + "." if parts else "?"


_Patterns = dict[str, tuple[str, str, str]]  # normalised text -> (kind, student, hint)


def _add(pats: _Patterns, text: str, kind: str, student: str, hint: str, min_len: int = 3) -> None:
    """Add one identifier unless it is too short, too long or too common to search for."""
    norm = normalise_text(text)
    if len(norm.replace(" ", "")) < min_len or len(norm.split()) > _MAX_NGRAM:
        return
    if kind == "name part" and (norm in _COMMON or norm in pats):
        return
    if kind == "id" and norm.isdigit() and len(norm) < 4:
        return
    pats.setdefault(norm, (kind, student, hint))


def _add_contacts(pats: _Patterns, entry: Mapping[str, Any], student: str, hint: str) -> None:
    """A student's emails, logins and IDs."""
    for email in _values(entry, "emails") + _values(entry, "email"):
        _add(pats, email, "email", student, hint)
    for login in _values(entry, "logins") + _values(entry, "login"):
        _add(pats, login, "login", student, hint)
    for ident in _values(entry, "ids") + _values(entry, "id"):
        _add(pats, ident.lstrip("#"), "id", student, hint)


def _add_names(pats: _Patterns, entry: Mapping[str, Any], student: str, hint: str) -> None:
    """A student's names: as written, "First Last" and "Last First" both ways, then each part."""
    first = " ".join(_values(entry, "first"))
    last = " ".join(_values(entry, "last"))
    for name in _values(entry, "name"):
        if "," in name:
            last2, first2 = name.split(",", 1)
            last, first = last or last2.strip(), first or first2.strip()
        else:
            _add(pats, name, "name", student, hint)
    if first and last:
        f, l_ = normalise_text(first), normalise_text(last)
        for full in (f"{f} {l_}", f"{l_} {f}", f"{f.split()[0]} {l_}", f"{l_} {f.split()[0]}"):
            _add(pats, full, "name", student, hint)
    parts = normalise_text(" ".join(_values(entry, "name")) + " " + first + " " + last).split()
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


def _texts(items: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(items):
        if isinstance(item, os.PathLike) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and os.path.exists(item)
        ):
            path = Path(item)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for f in files:
                yield from _file_texts(f)
        else:
            yield (f"text {i + 1}", str(item))


def _file_texts(path: Path) -> Iterator[tuple[str, str]]:
    try:
        data = path.read_bytes()
    except OSError:
        return
    if data.startswith(b"PK\x03\x04"):  # xlsx, docx, zip: read every member as text
        try:
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield (f"{path}:{name}", z.read(name).decode("utf-8", "replace"))
        except zipfile.BadZipFile:
            pass
        return
    text = data.decode("utf-8", "replace")
    if path.suffix in (".ipynb", ".json"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    yield (str(path), text)


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
    for source, text in _texts(paths_or_texts):
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
