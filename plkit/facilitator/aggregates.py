"""What the facilitator sees of the group, computed from collected submissions. No widgets.

Every view of answers is aggregated and anonymous, and shows nothing for fewer than
``MIN_RESPONSES`` responses. Breakout groups name participants (the facilitator runs the day
with them), never what any one of them wrote.

>>> why_words([{"defining.why-word": "Equity"}, {"defining.why-word": "equity "}], min_responses=2)
[('equity', 2)]
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from plkit.errors import StoreError
from plkit.store import RESPONSES_FILE, read_document

__all__ = [
    "MIN_RESPONSES",
    "Collected",
    "collect_responses",
    "why_words",
    "definition_elements",
    "nightmare_heatmap",
    "breakout_groups",
    "groups_csv",
]

MIN_RESPONSES = 3


@dataclass
class Collected:
    """{workbook: {participant: responses}} plus files that could not be read (counted only)."""

    by_workbook: dict[str, dict[str, dict[str, Any]]]
    unreadable: int = 0

    def answers(self, workbook: str) -> list[dict[str, Any]]:
        """The responses for one workbook, in no particular participant order."""
        return [r for _, r in sorted(self.by_workbook.get(workbook, {}).items())]

    def participants(self, workbook: str) -> list[str]:
        return sorted(self.by_workbook.get(workbook, {}))


def collect_responses(submitted_dir: str | Path) -> Collected:
    """Read ``submitted/<participant>/<workbook>/plkit-responses.json`` (nbgrader's layout)."""
    root = Path(submitted_dir)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    bad = 0
    if root.is_dir():
        for path in sorted(root.glob(f"*/*/{RESPONSES_FILE}")):
            workbook, participant = path.parent.name, path.parent.parent.name
            try:
                doc = read_document(path)
            except StoreError:
                bad += 1
                continue
            out.setdefault(workbook, {})[participant] = {
                k: v["value"] for k, v in doc["responses"].items()
            }
    return Collected(out, bad)


def _norm_word(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip(".!?,;:\"'“”").lower())


def why_words(responses: Sequence[Mapping[str, Any]], key: str = "defining.why-word",
              min_responses: int = MIN_RESPONSES) -> list[tuple[str, int]]:
    """The group's one-word "why", most frequent first; empty below the minimum."""
    words = [_norm_word(r[key]) for r in responses if isinstance(r.get(key), str) and r[key].strip()]
    if len(words) < min_responses:
        return []
    return sorted(Counter(words).items(), key=lambda kv: (-kv[1], kv[0]))


def definition_elements(responses: Sequence[Mapping[str, Any]], elements: Sequence[Any],
                        key: str = "defining.own-definition",
                        min_responses: int = MIN_RESPONSES) -> list[tuple[str, int, int]]:
    """(element title, definitions covering it, definitions) for each element; empty below
    the minimum. Which elements the group's definitions share, never the definitions."""
    from plkit.workbooks.defining.model import coverage

    texts = [r[key] for r in responses if isinstance(r.get(key), str) and r[key].strip()]
    if len(texts) < min_responses:
        return []
    counts = Counter()
    for t in texts:
        for c in coverage(t, elements):
            if c.covered:
                counts[c.id] += 1
    return sorted(((e.title, counts.get(e.id, 0), len(texts)) for e in elements),
                  key=lambda x: (-x[1], x[0]))


def nightmare_heatmap(responses: Sequence[Mapping[str, Any]], nightmares: Sequence[Any],
                      min_responses: int = MIN_RESPONSES) -> Any:
    """The nightmares group view (counts per presence and impact level, top three)."""
    from plkit.workbooks.nightmares.model import group_view

    return group_view(responses, nightmares, min_group=min_responses)


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    """Split into groups of about ``size``; a short last group is spread over the others."""
    if not ids:
        return []
    n = max(1, round(len(ids) / max(1, size)))
    groups: list[list[str]] = [[] for _ in range(n)]
    for i, pid in enumerate(ids):
        groups[i % n].append(pid)
    return groups


def breakout_groups(collected: Collected, nightmares: Sequence[Any], how: str = "mixed",
                    size: int = 4, pathways: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Suggested breakout groups of about ``size`` participants.

    ``how``: "nightmares" puts people whose top nightmare is the same together; "pathway" puts
    people starting on the same workbook together (from ``pathways``: participant -> first
    workbook); "mixed" deals people out so each group mixes how far along they are.
    Each group: {"name", "members", "why"}.
    """
    from plkit.workbooks.nightmares.model import top_three

    everyone = sorted({p for wb in collected.by_workbook.values() for p in wb})
    if how == "nightmares":
        order = [n.id for n in nightmares]
        titles = {n.id: n.title for n in nightmares}
        by_top: dict[str, list[str]] = {}
        for pid, r in collected.by_workbook.get("nightmares", {}).items():
            top = top_three(r, order)
            by_top.setdefault(top[0] if top else "", []).append(pid)
        out = []
        leftovers: list[str] = sorted(p for p in everyone
                                      if p not in {q for v in by_top.values() for q in v})
        for nid, members in sorted(by_top.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if not nid or len(members) < 2:
                leftovers += members
                continue
            for i, g in enumerate(_chunks(sorted(members), size), 1):
                out.append({"name": f"{titles.get(nid, nid)} {i}", "members": g,
                            "why": f"Top nightmare: {titles.get(nid, nid)}"})
        for i, g in enumerate(_chunks(sorted(leftovers), size), 1):
            out.append({"name": f"Mixed concerns {i}", "members": g,
                        "why": "No shared top nightmare yet"})
        return out
    if how == "pathway":
        by_path: dict[str, list[str]] = {}
        for pid in everyone:
            by_path.setdefault((pathways or {}).get(pid, ""), []).append(pid)
        out = []
        for wid, members in sorted(by_path.items()):
            label = wid or "no pathway chosen"
            for i, g in enumerate(_chunks(members, size), 1):
                out.append({"name": f"Starting with {label} {i}", "members": g,
                            "why": f"First workbook: {label}"})
        return out
    # mixed: sort by how many workbooks each person has submitted, then deal like cards
    done = Counter(p for wb in collected.by_workbook.values() for p in wb)
    ranked = sorted(everyone, key=lambda p: (-done[p], p))
    n = max(1, round(len(ranked) / max(1, size)))
    groups: list[list[str]] = [[] for _ in range(n)]
    for i, pid in enumerate(ranked):
        lap, pos = divmod(i, n)
        groups[pos if lap % 2 == 0 else n - 1 - pos].append(pid)
    return [{"name": f"Mixed group {i}", "members": g, "why": "Mixes how far people have got"}
            for i, g in enumerate(groups, 1) if g]


def groups_csv(groups: Sequence[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["group", "participant", "why"])
    for g in groups:
        for m in g["members"]:
            w.writerow([g["name"], m, g["why"]])
    return buf.getvalue()
