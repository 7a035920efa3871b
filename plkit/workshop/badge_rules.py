"""What an Open Badges achievement requires of a participant, and how it is said in words.

Achievements (``--achievement``):

- ``pathway`` (the default): "Start here" and every day workbook of the pathway the participant
  chose in "Start here" (read from their collected submission); a participant who confirmed no
  pathway needs every released day workbook. Follow-up workbooks (the check-ins) never count, and
  workbooks that were not released are never required.
- ``day``: every released day workbook, for everyone.
- a comma-separated list of workbook ids, such as ``defining,nightmares``: those workbooks.

The words are built from the workbooks' titles and their completion criteria's labels; evidence is
named by the title of what the participant takes away (never their answers).

>>> [w for w in required("day", None, ["start-here", "defining", "checkin-2w"])]
['start-here', 'defining']
>>> required("pathway", ["nightmares", "classdata"], ["start-here", "defining", "nightmares"])
['start-here', 'nightmares']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plkit.completion import criteria_for
from plkit.errors import StoreError, WorkbookNotFound, WorkshopError
from plkit.registry import WORKBOOKS, get
from plkit.store import RESPONSES_FILE, read_document
from plkit.workbooks.start_here.keys import START_HERE
from plkit.workbooks.start_here.model import FOLLOW_UP, chosen_pathway

__all__ = ["ACHIEVEMENTS", "Wording", "EVIDENCE", "check_achievement", "pathway_of", "required", "third_person",
           "wording"]

#: The named achievements and their names on the badge.
ACHIEVEMENTS = {
    "pathway": "Personalized learning: my pathway completed",
    "day": "Personalized learning: every workbook of the day completed",
}

#: What a participant takes away from each workbook: the evidence a credential names (title only).
EVIDENCE = {
    "start-here": "My pathway through the day",
    "defining": "Definition card",
    "nightmares": "Action plan for the top three nightmares",
    "challenges": "Challenge card (for me and for my students)",
    "sharing": "Communication roadmap",
    "classdata": "Flexible groups plan from my class data",
    "looking-back": "What changed for me today",
    "checkin-2w": "Check-in plan, two weeks on",
    "checkin-6w": "Check-in plan, six weeks on",
}


def check_achievement(achievement: str) -> str:
    """``achievement`` as given, checked (one sentence if it names no achievement or workbook)."""
    a = achievement.strip()
    if a in ACHIEVEMENTS:
        return a
    ids = [w.strip() for w in a.split(",") if w.strip()]
    if not ids:
        raise WorkshopError("Give --achievement as pathway, day or workbook ids separated by commas.")
    for w in ids:
        try:
            get(w)
        except WorkbookNotFound:
            raise WorkshopError(f"--achievement names '{w}', which is neither pathway, day nor a workbook id; "
                                f"workbook ids are {', '.join(wb.id for wb in WORKBOOKS)}.") from None
    return ",".join(ids)


def _day(released: Sequence[str]) -> list[str]:
    return [w for w in released if _stage(w) != FOLLOW_UP]


def _stage(workbook: str) -> str:
    try:
        return get(workbook).stage
    except WorkbookNotFound:
        return FOLLOW_UP  # a workbook plkit does not know is never required by a named achievement


def required(achievement: str, pathway: Sequence[str] | None, released: Sequence[str]) -> list[str]:
    """The workbooks ``achievement`` requires of a participant whose chosen pathway is ``pathway``
    (None: they confirmed none), among the ``released`` ones, in the order of ``released``."""
    day = _day(released)
    if achievement == "day" or (achievement == "pathway" and pathway is None):
        return day
    if achievement == "pathway":
        assert pathway is not None
        wanted = {START_HERE, *pathway}
        return [w for w in day if w in wanted]
    wanted = set(achievement.split(","))
    return [w for w in released if w in wanted]


def pathway_of(submitted: Path, participant: str) -> list[str] | None:
    """The pathway ``participant`` confirmed in their collected "Start here" (None if none, or
    if it cannot be read)."""
    path = submitted / participant / START_HERE / RESPONSES_FILE
    try:
        doc = read_document(path)
    except StoreError:
        return None
    answers: Mapping[str, Any] = {k: v["value"] for k, v in doc["responses"].items()}
    return chosen_pathway(answers, WORKBOOKS)


@dataclass(frozen=True)
class Wording:
    name: str
    description: str
    criteria: str
    evidence: tuple[tuple[str, str], ...]  # (name, description) per workbook


_THIRD_PERSON = ((re.compile(r"\byou have\b"), "they have"), (re.compile(r"\byou will\b"), "they will"),
                 (re.compile(r"\byour\b"), "their"), (re.compile(r"\byou\b"), "they"))


def third_person(label: str) -> str:
    """A criterion's label, written to the participant, as a credential says it about them.

    >>> third_person("Said how much experience you have with PL"), third_person("Wrote your school's definition")
    ('Said how much experience they have with PL', "Wrote their school's definition")
    """
    for pattern, words in _THIRD_PERSON:
        label = pattern.sub(words, label)
    return label


def _criteria_labels(workbook: str) -> list[str]:
    try:
        return [third_person(c.label) for c in criteria_for(workbook)({})]
    except (WorkbookNotFound, ImportError):
        return []


def wording(achievement: str, workbooks: Sequence[str], title: str) -> Wording:
    """The achievement's name, description, criteria and evidence for a participant who had to
    complete ``workbooks`` in the workshop called ``title``."""
    titles = {w: get(w).title for w in workbooks}
    name = ACHIEVEMENTS.get(achievement) or "Personalized learning: " + ", ".join(titles.values())
    which = {"pathway": "the workbooks of their own pathway", "day": "every workbook of the day"}.get(
        achievement, "the workbooks " + ", ".join(titles.values()))
    description = (f"Completed {which} at {title}, each one checked by the workbook's completion rules "
                   "on the answers the participant submitted.")
    parts = []
    for w in workbooks:
        labels = _criteria_labels(w)
        parts.append(f"{titles[w]}" + (f" ({'; '.join(labels)})" if labels else ""))
    criteria = "Completed each of these workbooks: " + ". ".join(parts) + "."
    evidence = tuple((EVIDENCE.get(w, titles[w]), f"Taken away from the workbook {titles[w]}.") for w in workbooks)
    return Wording(name, description, criteria, evidence)
