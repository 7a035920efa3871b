"""Store keys of the check-in workbooks (two and six weeks on). Both check-ins save the same keys,
each in its own answers file; the impact report reads them, so they never change.

Values, per key:

- ``checkin.steps``: ``{nightmare id: {"status": "done" | "started" | "not-yet", "obstacle": text}}``
- ``checkin.happened``, ``checkin.evidence``: text
- ``checkin.next``: ``{nightmare id: {"first-step": text, "by-when": text}}``; a participant who had
  no action plan writes their own next step under the id :data:`OWN`
- ``checkin.presence``: ``{nightmare id: "0" | "1" | "2" | "3" | "not-sure"}``
- ``checkin.support``: ``{"time": 1-5, "coaching": 1-5, "evaluation": 1-5}``
- ``checkin.challenges``: ``{challenge id: {"status": "yes" | "partly" | "not-yet", "note": text}}``
"""

from __future__ import annotations

from typing import Any

from plkit.completion import TEXT, answers_schema, nullable

__all__ = ["KEYS", "STEP_STATUS", "CHALLENGE_STATUS", "PRESENCE_VALUES", "SUPPORT_IDS", "OWN", "SCHEMA"]

KEYS = {
    "steps": "checkin.steps",
    "happened": "checkin.happened",
    "evidence": "checkin.evidence",
    "next": "checkin.next",
    "presence": "checkin.presence",
    "support": "checkin.support",
    "challenges": "checkin.challenges",
}

#: Did you take the first step: value -> label.
STEP_STATUS: dict[str, str] = {"done": "Done", "started": "Started", "not-yet": "Not yet"}
#: Did you run the challenge: value -> label.
CHALLENGE_STATUS: dict[str, str] = {"yes": "Yes", "partly": "Partly", "not-yet": "Not yet"}
#: How present a nightmare is, on the Fifteen nightmares workbook's scale (its labels are in
#: :data:`plkit.workbooks.checkin.model.PRESENCE`).
PRESENCE_VALUES = ("0", "1", "2", "3", "not-sure")
#: The three questions on support from the school or district (each answered 1 to 5).
SUPPORT_IDS = ("time", "coaching", "evaluation")
#: The item id of a next step written by someone who came to the check-in without a plan.
OWN = "own"


def _one_of(values: Any) -> dict[str, Any]:
    return {"enum": [*values, None]}


_SCALE = {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 1, "maximum": 5}]}
_PER_ITEM = {"maxProperties": 200}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["steps"]: nullable({"type": "object", **_PER_ITEM, "additionalProperties": nullable({
        "type": "object", "properties": {"status": _one_of(STEP_STATUS), "obstacle": TEXT}})}),
    KEYS["happened"]: TEXT,
    KEYS["evidence"]: TEXT,
    KEYS["next"]: nullable({"type": "object", **_PER_ITEM, "additionalProperties": nullable({
        "type": "object", "properties": {"first-step": TEXT, "by-when": TEXT}})}),
    KEYS["presence"]: nullable({"type": "object", **_PER_ITEM, "additionalProperties": _one_of(PRESENCE_VALUES)}),
    KEYS["support"]: nullable({"type": "object", "properties": dict.fromkeys(SUPPORT_IDS, _SCALE)}),
    KEYS["challenges"]: nullable({"type": "object", **_PER_ITEM, "additionalProperties": nullable({
        "type": "object", "properties": {"status": _one_of(CHALLENGE_STATUS), "note": TEXT}})}),
})
