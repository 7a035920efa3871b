"""Suggested breakout groups for the day. They name participants (the facilitator runs the day with
them), never what any one of them wrote.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from plkit.facilitator.collected import Collected
from plkit.workbooks.nightmares.model import top_three

__all__ = ["breakout_groups", "groups_csv"]


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    """Split into groups of about ``size``; a short last group is spread over the others."""
    if not ids:
        return []
    n = max(1, round(len(ids) / max(1, size)))
    groups: list[list[str]] = [[] for _ in range(n)]
    for i, pid in enumerate(ids):
        groups[i % n].append(pid)
    return groups


def _by_top_nightmare(collected: Collected, nightmares: Sequence[Any], everyone: list[str],
                      size: int) -> list[dict[str, Any]]:
    """People whose top nightmare is the same together; the rest in mixed-concern groups."""
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


def _by_pathway(everyone: list[str], pathways: Mapping[str, str] | None, size: int) -> list[dict[str, Any]]:
    """People starting on the same workbook together."""
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


def _mixed(collected: Collected, everyone: list[str], size: int) -> list[dict[str, Any]]:
    """Sort by how many workbooks each person has submitted, then deal like cards."""
    done = Counter(p for wb in collected.by_workbook.values() for p in wb)
    ranked = sorted(everyone, key=lambda p: (-done[p], p))
    n = max(1, round(len(ranked) / max(1, size)))
    groups: list[list[str]] = [[] for _ in range(n)]
    for i, pid in enumerate(ranked):
        lap, pos = divmod(i, n)
        groups[pos if lap % 2 == 0 else n - 1 - pos].append(pid)
    return [{"name": f"Mixed group {i}", "members": g, "why": "Mixes how far people have got"}
            for i, g in enumerate(groups, 1) if g]


def breakout_groups(collected: Collected, nightmares: Sequence[Any], how: str = "mixed",
                    size: int = 4, pathways: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Suggested breakout groups of about ``size`` participants.

    ``how``: "nightmares" puts people whose top nightmare is the same together; "pathway" puts
    people starting on the same workbook together (from ``pathways``: participant -> first
    workbook); "mixed" deals people out so each group mixes how far along they are.
    Each group: {"name", "members", "why"}.
    """
    everyone = sorted({p for wb in collected.by_workbook.values() for p in wb})
    if how == "nightmares":
        return _by_top_nightmare(collected, nightmares, everyone, size)
    if how == "pathway":
        return _by_pathway(everyone, pathways, size)
    return _mixed(collected, everyone, size)


def groups_csv(groups: Sequence[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["group", "participant", "why"])
    for g in groups:
        for m in g["members"]:
            w.writerow([g["name"], m, g["why"]])
    return buf.getvalue()
