"""A standards file: which standard each item gives evidence on, from a table with the columns
``item`` and ``standard`` (CSV, any separator, or .xlsx).

It is read like a gradebook (the same limits, decoding and separators), row by row: a row with a
missing field or a blank cell links nothing, extra fields are ignored, an item linked to two
different standards is refused (never one of them silently), and items may be named as the
gradebook names them or as the export heads its columns (see :mod:`plkit.classdata.linking`).

>>> read_standards_bytes(b"Item;Standard\\r\\nQuiz 1 (1001);RL.1\\r\\nQuiz 2\\r\\n", "standards.csv")
{'Quiz 1 (1001)': 'RL.1'}
"""

from __future__ import annotations

import os
from pathlib import Path

from plkit.classdata import limits
from plkit.classdata.cells import unwrap_formula
from plkit.classdata.model import GradebookError
from plkit.classdata.read import read_table

__all__ = ["read_standards", "read_standards_bytes"]

_ITEM = ("item", "assessment", "assignment", "assignment title", "title")
_STANDARD = ("standard", "outcome", "standard code", "learning outcome name")


def _cell(value: object) -> str:
    return unwrap_formula(str(value).strip()).strip()


def read_standards_bytes(data: bytes, name: str) -> dict[str, str]:
    """The item -> standard map in ``data`` (a file called ``name``, for messages)."""
    try:
        table, _sep = read_table(data)
    except GradebookError as exc:
        if "limit" in str(exc):
            raise
        raise GradebookError(
            f"The standards file {name} is not a table; save it as a CSV with the columns item and standard."
        ) from None
    header = [" ".join(_cell(h).replace("\ufeff", "").casefold().split()) for h in table.iloc[0]]
    item = next((header.index(a) for a in _ITEM if a in header), None)
    standard = next((header.index(a) for a in _STANDARD if a in header), None)
    if item is None or standard is None:
        raise GradebookError(f"The standards file {name} needs two columns named item and standard.")
    links: dict[str, str] = {}
    for row in table.iloc[1:].itertuples(index=False):
        key, value = _cell(row[item]), _cell(row[standard])
        if key and value and links.setdefault(key, value) != value:
            raise GradebookError(
                f"The standards file {name} links '{key}' to two standards ({links[key]} and {value}); here an "
                "item gives evidence on one standard, so keep one row for it."
            )
    if not links:
        raise GradebookError(f"The standards file {name} links no item to a standard; give one row per item "
                             "with its standard.")
    return links


def read_standards(path: str | os.PathLike[str]) -> dict[str, str]:
    """The item -> standard map in the file at ``path``."""
    p = Path(path)
    if not p.is_file():
        raise GradebookError(f"There is no standards file at {p}; give a CSV with item and standard columns.")
    return read_standards_bytes(limits.read_file(p), p.name)
