"""Open Badges 3.0 credentials for participants who completed what an achievement requires.

The record of what was issued lives in ``<workshop>/badges/issued.json``; :func:`earners` reads
it (the facilitator's dashboard lists who earned a badge from it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plkit.errors import WorkshopError
from plkit.workshop.config import Workshop, load

__all__ = ["Earner", "RECORD", "earners"]

#: The record of issued credentials, relative to the workshop folder.
RECORD = Path("badges") / "issued.json"
SCHEMA = 1


@dataclass(frozen=True)
class Earner:
    """One credential issued: who, for which achievement, when (ISO date), and whether revoked."""

    participant: str
    achievement: str
    issued: str
    revoked: bool


def _workshop(ws: Workshop | str | Path) -> Workshop:
    return ws if isinstance(ws, Workshop) else load(ws)


def read_record(ws: Workshop) -> dict[str, Any]:
    """The record of issued credentials (an empty one when none were issued yet)."""
    path = ws.root / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"schema": SCHEMA, "credentials": []}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise WorkshopError(f"{path} could not be read as plkit's record of badges; restore it "
                            "from a backup (the issued badges themselves are unchanged).") from None
    if not isinstance(data, dict) or not isinstance(data.get("credentials"), list):
        raise WorkshopError(f"{path} is not plkit's record of badges; restore it from a backup.")
    return data


def earners(ws: Workshop | str | Path) -> list[Earner]:
    """Everyone who was issued a credential, in the order they were issued, revoked ones included
    (``revoked=True``). An empty list when no badge was issued yet.

    ``ws`` is a workshop or its folder.
    """
    record = read_record(_workshop(ws))
    return [Earner(str(c["participant"]), str(c["achievement_name"]), str(c["issued"])[:10],
                   bool(c.get("revoked"))) for c in record["credentials"]]
