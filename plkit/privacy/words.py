"""How the privacy guards read identifiers and texts: words without accents or punctuation, the
ordinary words never searched alone, the forms of a student's name, and the texts of files.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["COMMON", "fold", "words", "normalise_text", "values", "name_forms", "texts", "file_texts"]

#: Ordinary English words that are also given names or surnames, and plkit's own report words:
#: never searched for alone, only as part of a full name (the rule in :mod:`plkit.privacy`).
COMMON = frozenset(
    """will may mark max rose grace joy hope faith june april august summer autumn dawn chase hunter
    young white brown green black gray grey long hall king wood page bill frank art guy sandy rich
    price cook baker miller best strong love bell wolf fox hill lane ray sky rain river stone field
    ford march early little small short bright sharp swift moody hardy north west east south church
    street bond banks park holiday jack pat sue rob don dean bishop major judge sterling star violet
    lily iris daisy holly ivy ruby pearl amber crystal jade heather olive hazel sage ginger honey
    melody harmony destiny trinity justice liberty journey royal prince duke earl baron miles chance
    story reed brook brooks cliff dale glen forest wade drew gene carter mason turner taylor walker
    cooper parker porter potter fisher fletcher archer butler ward rice lamb bird swan nash golden
    gold silver read reading learning free hart lord day night moon sun rock english french german
    spanish england wales jordan israel china india paris florence lincoln washington mary christian
    van von der den del della dos das bin ben ibn mac saint
    standard score scores ready group groups mean mode latest average highest mastery item items
    student students class section total points possible status missing excused evidence
    power law growth profile none nan true false and the for with not yet""".split()
)


def fold(text: str) -> str:
    """Accents folded and ``\\uXXXX`` escapes decoded; case kept."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def words(text: str) -> list[tuple[str, bool]]:
    """Each word (letters and digits) of ``text``, folded, and whether it starts with a capital.

    >>> words("Pérez, ana")
    [('perez', True), ('ana', False)]
    """
    return [(w.casefold(), not w[:1].islower()) for w in re.findall(r"[^\W_]+", fold(text))]


def normalise_text(text: str) -> str:
    """Fold case and accents, and turn punctuation runs into single spaces.

    >>> normalise_text("Pérez, ANA  <ana.p@x.org>")
    'perez ana ana p x org'
    """
    return " ".join(w for w, _ in words(text))


def values(entry: Mapping[str, Any], key: str) -> list[str]:
    """The texts a roster entry holds under ``key`` (one, or a list)."""
    v = entry.get(key)
    if v is None or v == "":
        return []
    return [str(x) for x in v] if isinstance(v, (list, tuple, set)) else [str(v)]


def name_forms(entry: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """A student's full names (as written, "First Last" and "Last First" both ways, the first
    given name with the last) and the parts of all of them, normalised."""
    first = " ".join(values(entry, "first"))
    last = " ".join(values(entry, "last"))
    fulls = []
    for name in values(entry, "name"):
        if "," in name:
            last2, first2 = name.split(",", 1)
            last, first = last or last2.strip(), first or first2.strip()
        else:
            fulls.append(normalise_text(name))
    f, l_ = normalise_text(first), normalise_text(last)
    if f and l_:
        fulls += [f"{f} {l_}", f"{l_} {f}", f"{f.split()[0]} {l_}", f"{l_} {f.split()[0]}"]
    parts = normalise_text(" ".join(values(entry, "name")) + " " + first + " " + last).split()
    return fulls, parts


def texts(items: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(items):
        if isinstance(item, os.PathLike) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and os.path.exists(item)
        ):
            path = Path(item)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for f in files:
                yield from file_texts(f)
        else:
            yield (f"text {i + 1}", str(item))


def file_texts(path: Path) -> Iterator[tuple[str, str]]:
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


