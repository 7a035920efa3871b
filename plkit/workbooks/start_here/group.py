"""The facilitator's view of the pathways chosen in Start here: anonymous counts per first workbook."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plkit.workbooks.start_here.model import chosen_pathway

__all__ = ["PathwayGroups", "pathway_groups"]


@dataclass(frozen=True)
class PathwayGroups:
    """Anonymous counts of participants by the first workbook of their chosen pathway."""


    responses: int
    counts: tuple[tuple[str, int], ...]
    message: str


def pathway_groups(all_responses: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]],
                   min_group: int = 3) -> PathwayGroups:
    """How many participants start their chosen pathway with each workbook, for breakouts.


    ``all_responses`` is one responses mapping per participant (a mapping of participant ->
    responses is accepted too; the participants are dropped at once). Only confirmed pathways
    count; with fewer than ``min_group`` of them, only a message is returned.


    >>> groups = pathway_groups([{KEYS["pathway"]: {"order": ["defining"]}}])
    >>> groups.counts, groups.responses
    ((), 1)
    """
    if isinstance(all_responses, Mapping):
        all_responses = list(all_responses.values())
    firsts = [order[0] for r in all_responses
              if isinstance(r, Mapping) and (order := chosen_pathway(r))]
    n = len(firsts)
    if n < min_group:
        return PathwayGroups(n, (), f"Fewer than {min_group} participants have chosen a pathway "
                                    f"so far ({n}); groups appear from {min_group}.")
    counts: dict[str, int] = {}
    for wb in firsts:
        counts[wb] = counts.get(wb, 0) + 1
    ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return PathwayGroups(n, ranked, f"{n} participants have chosen a pathway.")
