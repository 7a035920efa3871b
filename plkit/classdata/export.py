"""Safe exports: cells that a spreadsheet would run as a formula are neutralised.

>>> neutralise(pd.DataFrame({"note": ["=HYPERLINK(1)", "ok", "-3", 4]}))["note"].tolist()
["'=HYPERLINK(1)", 'ok', "'-3", 4]
"""

from __future__ import annotations

import pandas as pd

__all__ = ["neutralise", "to_csv_bytes"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) starting with = + - @ tab or CR get a leading '."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).map(_safe)
    out.columns = [_safe(c) for c in out.columns]
    return out


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs read accents) of the neutralised table."""
    text: str = neutralise(table).to_csv(index=False)
    return text.encode("utf-8-sig")
