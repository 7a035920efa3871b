"""The shareable report's self-check reads what a person reads: the page's text and the CSVs' cells.

The privacy guard (:func:`plkit.privacy.find_leaks`) matches words. Run over a report's raw HTML
it also read the markup (``aria-label``, ``lang="en"``, ``line-height``, ``role="img"``,
``http://www.w3.org/2000/svg``) and the report's own wording ("change per assessment"), so a
class with a student named Aria, Lang, Line, Img or Per could never get its report. Here the
guard gets only:

- the HTML's text content (:func:`visible_text`: no tags, attributes, CSS, scripts or the
  drawing's metadata; entities decoded), and every CSV's cells, row by row;
- with the report's own words taken out (:func:`runs`): the words the report writes itself,
  whatever the class, are split off, so a student named like one of them is still found by
  full name, ID or email, and by any other name part, but not by that ordinary word. The own
  words come from a reference report of an invented class (the caller renders it), so they are
  exactly the report's wording, never a word of a real class's data. Numbers under
  :data:`MIN_ID_DIGITS` digits are the report's counts, percents and dates.

>>> visible_text('<p lang="en" style="line-height:1">Mean &amp; n</p><style>p{}</style>')
'Mean & n'
>>> runs("Mean change per assessment: Aria Lang", frozenset({"mean", "change", "per", "assessment"}))
['aria lang']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from typing import Any

from plkit.privacy import Leak, find_leaks, normalise_text

__all__ = ["MIN_ID_DIGITS", "csv_rows", "leaks", "runs", "visible_text", "words"]

_HIDDEN = {"style", "script", "metadata", "template", "noscript"}
#: Shorter numbers in a report are its own counts, percents, scores and years, never taken for an
#: ID (the rule :mod:`plkit.privacy` keeps for free text); longer ones are still checked.
MIN_ID_DIGITS = 5


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.split(":")[-1] in _HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag.split(":")[-1] in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(page: str) -> str:
    """The text of an HTML page as a person reads it, one text node per line."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    return "\n".join(parser.parts)


def csv_rows(data: bytes) -> list[str]:
    """Each row of a CSV (UTF-8, BOM or not) as its cells on lines of their own."""
    text = data.decode("utf-8-sig", "replace")
    return ["\n".join(row) for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def words(texts: Iterable[str]) -> frozenset[str]:
    """The words (as the guard compares them) of ``texts``, numbers left out."""
    return frozenset(w for t in texts for w in normalise_text(t).split() if not w.isdigit())


def runs(text: str, own: frozenset[str]) -> list[str]:
    """The stretches of ``text`` between the report's own words, as the guard's words."""
    out: list[str] = []
    current: list[str] = []
    for word in normalise_text(text).split():
        if word in own or (word.isdigit() and len(word) < MIN_ID_DIGITS):
            if current:
                out.append(" ".join(current))
            current = []
        else:
            current.append(word)
    if current:
        out.append(" ".join(current))
    return out


def leaks(page: str, tables: Sequence[bytes], roster: Any, own: frozenset[str]) -> list[Leak]:
    """Identifiers of ``roster`` in what a person reads of ``page`` and ``tables``."""
    pieces = [visible_text(page), *(row for data in tables for row in csv_rows(data))]
    # Each stretch ends with a line break: the guard reads a one-line string that names an
    # existing path as that file, and a stretch of words might.
    texts = [r + "\n" for piece in pieces for r in runs(piece, own)]
    return find_leaks(texts, roster) if texts else []
