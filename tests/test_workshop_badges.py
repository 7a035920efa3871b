"""Open Badges 3.0 credentials for a workshop's participants (plkit.workshop.badges)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.errors import WorkshopError
from plkit.workshop.badges import RECORD, Earner, earners
from plkit.workshop.config import Workshop


def _workshop(tmp_path: Path) -> Workshop:
    return Workshop(tmp_path, "pl-test", f"sqlite:///{tmp_path / 'gradebook.db'}", tmp_path / "exchange")


def test_earners_of_a_workshop_without_badges(tmp_path: Path) -> None:
    assert earners(_workshop(tmp_path)) == []


def test_earners_read_the_record(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    (tmp_path / RECORD).parent.mkdir()
    (tmp_path / RECORD).write_text(json.dumps({"schema": 1, "credentials": [
        {"participant": "ana", "achievement": "pathway", "achievement_name": "Pathway completed",
         "issued": "2026-11-30T14:00:00Z", "revoked": None},
        {"participant": "ben", "achievement": "pathway", "achievement_name": "Pathway completed",
         "issued": "2026-11-30T14:00:00Z", "revoked": "2026-12-01T09:00:00Z"},
    ]}))
    assert earners(ws) == [Earner("ana", "Pathway completed", "2026-11-30", False),
                           Earner("ben", "Pathway completed", "2026-11-30", True)]


def test_a_damaged_record_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / RECORD).parent.mkdir()
    (tmp_path / RECORD).write_text("{ not json")
    with pytest.raises(WorkshopError) as err:
        earners(_workshop(tmp_path))
    assert_one_sentence(str(err.value))
