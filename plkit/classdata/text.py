"""Text files: their encoding, line endings and separator.

>>> decode(b"\\xef\\xbb\\xbfsep=;\\r\\na;b\\r1,5;2\\r")
'sep=;\\na;b\\n1,5;2\\n'
>>> sep_line(decode(b"sep=;\\na;b\\n"))
('a;b\\n', ';')
"""

from __future__ import annotations

import csv
import io
import re

__all__ = ["decode", "sep_line", "sniff", "utf16"]

_SEP_LINE = re.compile(r"\A[ \t]*sep=(.)[ \t]*\n")  # Excel's first line naming the separator


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 (with a BOM, or plainly so: every
    other byte of the start zero), else Windows-1252.

    Line endings become ``\\n`` (bare CR files from old Mac exports exist).

    >>> decode(b"\\xef\\xbb\\xbfa;b\\r1;2\\r")
    'a;b\\n1;2\\n'
    >>> decode("Jos\\u00e9".encode("cp1252"))
    'José'
    """
    wide = utf16(data)
    if wide:
        text = data.decode(wide, errors="replace").lstrip("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf16(data: bytes) -> str | None:
    """The UTF-16 codec ``data`` is in (by its BOM, or by the zero bytes of mostly-ASCII text)."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    head = data[:4096]
    half = len(head) // 2
    if half >= 8 and len(data) % 2 == 0:
        if head[1::2].count(0) >= 0.9 * half and head[0::2].count(0) == 0:
            return "utf-16-le"
        if head[0::2].count(0) >= 0.9 * half and head[1::2].count(0) == 0:
            return "utf-16-be"
    return None


def sniff(text: str) -> str:
    """The separator (``,`` ``;`` or tab): one counts only if every line has the same field count.

    >>> sniff("a;b;c\\n1,5;2;3\\n"), sniff("a,b\\n1,2\\n"), sniff("a\\tb\\n1\\t2\\n")
    (';', ',', '\\t')
    """
    head = text[:65536]
    truncated = len(text) > len(head)
    best: tuple[int, int, str] | None = None
    fallback: tuple[int, str] = (1, ",")
    for rank, sep in enumerate([",", ";", "\t"]):
        records = [r for r in csv.reader(io.StringIO(head), delimiter=sep) if any(c.strip() for c in r)]
        records = records[:30] if not truncated else records[: min(30, max(1, len(records) - 1))]
        counts = [len(r) for r in records]
        if not counts:
            continue
        if len(set(counts)) == 1 and counts[0] > 1:
            if best is None or counts[0] > best[0]:
                best = (counts[0], -rank, sep)
        common = max(set(counts), key=counts.count)
        if common > fallback[0]:
            fallback = (common, sep)
    return best[2] if best else fallback[1]


def sep_line(text: str) -> tuple[str, str | None]:
    """Excel's ``sep=;`` first line: the separator it names, and the text after it."""
    match = _SEP_LINE.match(text)
    if not match:
        return text, None
    return text[match.end():], match.group(1)
