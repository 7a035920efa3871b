"""Participants of a workshop, read from a roster CSV (id, first name, last name, email).

The whole file is checked before anything is written, so a bad row leaves nothing half-done.

>>> [p.id for p in parse_roster(b"id,first name,last name,email\\nana,Ana,Lopez,ana@example.org\\n")]
['ana']
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from plkit.errors import RosterError
from plkit.exchange import check_id

__all__ = ["Participant", "parse_roster", "read_roster", "check_id"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ALIASES = {
    "id": {"id", "participant id", "student id", "username", "user", "login"},
    "first_name": {"first name", "first_name", "firstname", "given name"},
    "last_name": {"last name", "last_name", "lastname", "surname", "family name"},
    "email": {"email", "e-mail", "email address"},
}


@dataclass(frozen=True)
class Participant:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.id


def _decode(data: bytes) -> str:
    """The roster's text: UTF-8 (with or without BOM), else Windows' cp1252; one kind of newline."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows(text: str) -> list[list[str]]:
    """The non-blank rows, split on the delimiter the first non-blank line uses most."""
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    delim = max([",", ";", "\t"], key=first.count)
    return [r for r in csv.reader(io.StringIO(text), delimiter=delim) if any(c.strip() for c in r)]


def _columns(header: list[str], name: str) -> dict[str, int]:
    """Which column holds each field (the first column whose name is one of the field's aliases)."""
    names = [h.strip().lower() for h in header]
    cols: dict[str, int] = {}
    for i, h in enumerate(names):
        for key, aliases in _ALIASES.items():
            if h in aliases and key not in cols:
                cols[key] = i
    if "id" not in cols:
        raise RosterError(f"{name} has no 'id' column in its first row; the columns are id, "
                          "first name, last name, email.")
    return cols


def _cell(row: list[str], cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    return row[i].strip() if i is not None and i < len(row) else ""


def _participant(row: list[str], cols: dict[str, int], n: int, name: str,
                 seen: dict[str, int]) -> Participant:
    """Row ``n`` as a participant, checked against the rows before it (``seen``: id -> row)."""
    raw_id = _cell(row, cols, "id")
    pid = check_id(raw_id, f"Row {n} of {name}: the id") if raw_id else ""
    if not pid:
        raise RosterError(f"Row {n} of {name} has no id; give every participant one.")
    key = pid.lower()
    if key in seen:
        raise RosterError(f"Row {n} of {name} repeats the id {pid} from row {seen[key]}; "
                          "ids must be unique.")
    email = _cell(row, cols, "email")
    if email and not _EMAIL.match(email):
        raise RosterError(f"Row {n} of {name} has an email that is not an address ({email}); "
                          "fix it or leave it blank.")
    seen[key] = n
    return Participant(pid, _cell(row, cols, "first_name"), _cell(row, cols, "last_name"), email)


def parse_roster(data: bytes, name: str = "the roster") -> list[Participant]:
    rows = _rows(_decode(data))
    if not rows:
        raise RosterError(f"{name} is empty; it needs a header row (id, first name, last name, "
                          "email) and one row per participant.")
    cols = _columns(rows[0], name)
    seen: dict[str, int] = {}
    out = [_participant(row, cols, n, name, seen) for n, row in enumerate(rows[1:], start=2)]
    if not out:
        raise RosterError(f"{name} has a header row but no participants under it.")
    return out


def read_roster(path: str | Path) -> list[Participant]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RosterError(f"The roster {p} could not be read ({exc.strerror}); check the path.") from None
    return parse_roster(data, p.name)
