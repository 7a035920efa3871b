"""The workshop's impact on Guskey's five levels of PD evaluation (Educational Leadership 59(6),
2002): 1 reactions, 2 learning, 3 organisation support, 4 use of new knowledge and skills,
5 student learning outcomes. Plain functions from the collected answers to one row per measure;
no widgets (:mod:`plkit.facilitator.impact_report` renders them as CSV and HTML).

Every measure is about a group, never a person: one with fewer than
:data:`plkit.privacy.MIN_RESPONSES` participants shows only "not enough responses yet", with no
count and nothing in its note that depends on the answers. Words participants wrote are at most
counted. Each note says what the measure can show and what it cannot: evidence, not proof.

>>> from plkit.content import load_catalog
>>> from plkit.facilitator.collected import Collected
>>> rows = measures(Collected({"defining": {p: {"exit.relevance": 4} for p in "abc"}}),
...                 load_catalog(use_settings=False))
>>> [(m.measure, m.n, m.value) for m in rows if m.measure == "Relevance, all workbooks"]
[('Relevance, all workbooks', 3, '4.0 of 5')]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from plkit.content import Catalog
from plkit.content.knowledge import change, score
from plkit.facilitator.collected import Collected
from plkit.page.exit_ticket import EXIT_KEYS
from plkit.privacy import MIN_RESPONSES
from plkit.registry import WORKBOOKS
from plkit.workbooks.checkin.keys import SUPPORT_IDS
from plkit.workbooks.checkin.model import CHECKINS, SUPPORT, presence_now, reported_steps, support_answers, top_three
from plkit.workbooks.checkin.snapshots import read_snapshots
from plkit.workbooks.looking_back.keys import KEYS as LOOKING_BACK
from plkit.workbooks.looking_back.keys import LOOKING_BACK as LOOKING_BACK_ID
from plkit.workbooks.looking_back.model import item_label
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workbooks.start_here.keys import START_HERE

__all__ = ["LEVELS", "NOT_ENOUGH", "Bar", "Measure", "measures", "paired_interval", "SNAPSHOTS_KEY",
           "STAYED_WITHIN"]

#: Guskey's five levels: number -> what the level asks about.
LEVELS: dict[int, str] = {
    1: "Participants' reactions",
    2: "Participants' learning",
    3: "Organisation support and change",
    4: "Participants' use of new knowledge and skills",
    5: "Student learning outcomes",
}
#: The value of a measure with too few participants.
NOT_ENOUGH = "not enough responses yet"
#: Where the class-data workbook keeps its aggregate class snapshots.
SNAPSHOTS_KEY = "classdata.snapshots"
#: A class whose share of students ready moved less than this (percentage points) "stayed".
STAYED_WITHIN = 1.0
_STEPS = {"done": "done", "started": "started", "not-yet": "not yet"}
_HIGHER = ("{} higher", "{} lower")
_EVIDENCE = "Evidence to discuss, not proof that the workshop caused it (Guskey)."


class Bar(NamedTuple):
    """One bar of a level's chart: its label, its length (0 to 1 of the axis) and its figure."""

    label: str
    length: float
    text: str


@dataclass(frozen=True)
class Measure:
    """One row of the impact report. ``n`` is None when too few participants answered."""

    level: int
    measure: str
    n: int | None
    value: str
    note: str
    bars: tuple[Bar, ...] = ()

    @property
    def shown(self) -> bool:
        return self.n is not None


def _withheld(level: int, name: str, who: str) -> Measure:
    """A measure with too few participants: no count, no value, a note that says nothing of them."""
    return Measure(level, name, None, NOT_ENOUGH,
                   f"Shown once at least {MIN_RESPONSES} participants {who}, so that no answer can be "
                   "traced to a person.")


def _rating(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
    return int(value) if ok else None


def _mean(values: Iterable[float]) -> float:
    return float(np.mean(np.fromiter(values, dtype=float)))


def _of5(level: int, name: str, values: Sequence[float], note: str, who: str) -> Measure:
    """The mean of ratings on a 1 to 5 scale."""
    if len(values) < MIN_RESPONSES:
        return _withheld(level, name, who)
    mean = _mean(values)
    return Measure(level, name, len(values), f"{mean:.1f} of 5", note,
                   (Bar("mean", (mean - 1) / 4, f"{mean:.1f} of 5"),))


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def paired_interval(before: Sequence[float], after: Sequence[float],
                    confidence: float = 0.95) -> tuple[float, float] | None:
    """The confidence interval of the mean of ``after - before`` (a paired t interval, from
    scipy.stats.ttest_rel); None with fewer than two pairs or when every pair changed by the
    same amount (no spread, so no interval).

    >>> [round(x, 2) for x in paired_interval([1, 2, 4, 4], [3, 5, 6, 7])]
    [1.58, 3.42]
    """
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diff = a - b
    if len(diff) < 2 or np.ptp(diff) == 0:
        return None
    # deferred: scipy.stats takes about 1 s to import; only a shown paired measure needs it
    from scipy import stats

    ci = stats.ttest_rel(a, b).confidence_interval(confidence)
    low, high = float(ci.low), float(ci.high)
    return (low, high) if math.isfinite(low) and math.isfinite(high) else None


def _more(x: float, up: str = "{} more", down: str = "{} fewer", same: str = "no change") -> str:
    """A change in words, with no sign to read: ``2.3 more``, ``0.4 fewer``, ``no change``."""
    if round(x, 1) == 0:
        return same
    return (up if x > 0 else down).format(f"{abs(x):.1f}")


# -- level 1: reactions (exit tickets) --------------------------------------------------------

def _reactions(collected: Collected) -> list[Measure]:
    out: list[Measure] = []
    order = [wb for wb in WORKBOOKS if wb.id in collected.by_workbook]
    for key, name, scale in (("time", "Time well spent", "1 not at all to 5 very well"),
                             ("relevance", "Relevance", "1 not at all to 5 very relevant")):
        per: dict[str, dict[str, int]] = {}
        for wb in order:
            for who, answers in collected.by_workbook[wb.id].items():
                r = _rating(answers.get(EXIT_KEYS[key]))
                if r is not None:
                    per.setdefault(wb.id, {})[who] = r
        people: dict[str, list[int]] = {}
        for ratings in per.values():
            for who, r in ratings.items():
                people.setdefault(who, []).append(r)
        out.append(_of5(1, f"{name}, all workbooks", [_mean(v) for v in people.values()],
                        f"Exit tickets ({scale}): the mean of each participant's own mean over the "
                        "workbooks they rated. The exit ticket is optional, so those who answered may "
                        "not be typical. Reactions only: how the day felt, not what was learned or used.",
                        "have rated a workbook"))
        for wb in order:
            if wb.id in per:
                out.append(_of5(1, f"{name}: {wb.title}", list(per[wb.id].values()),
                                f"This workbook's exit ticket ({scale}); optional, so those who "
                                "answered may not be typical.", "have rated this workbook"))
    out.extend(_wrote(collected))
    return out


def _wrote(collected: Collected) -> list[Measure]:
    """How many wrote what they will try first, and what they still wonder (never the words)."""
    answered: set[str] = set()
    wrote: dict[str, set[str]] = {"try_first": set(), "wonder": set()}
    for by_person in collected.by_workbook.values():
        for who, answers in by_person.items():
            if any(answers.get(k) not in (None, "") for k in EXIT_KEYS.values()):
                answered.add(who)
            for key, people in wrote.items():
                if isinstance(answers.get(EXIT_KEYS[key]), str) and answers[EXIT_KEYS[key]].strip():
                    people.add(who)
    out = []
    for key, name in (("try_first", "Wrote what they will try first"),
                      ("wonder", "Wrote what they still wonder about")):
        title = f"{name} (exit tickets)"
        if len(answered) < MIN_RESPONSES:
            out.append(_withheld(1, title, "have answered an exit ticket"))
            continue
        k, n = len(wrote[key]), len(answered)
        out.append(Measure(1, title, n, f"{k} of {n} ({_pct(k / n)})",
                           "Participants who answered any exit-ticket question. Counted only: the words "
                           "stay in their own answers and are never shown here.",
                           (Bar("wrote", k / n, _pct(k / n)),)))
    return out


# -- level 2: learning (the knowledge check, paired) --------------------------------------------

def _learning(collected: Collected, catalog: Catalog) -> list[Measure]:
    items = catalog.knowledge
    pre_all = collected.by_workbook.get(START_HERE, {})
    post_all = collected.by_workbook.get(LOOKING_BACK_ID, {})
    pre = {p: a.get(START["knowledge_pre"]) for p, a in pre_all.items()}
    post = {p: a.get(LOOKING_BACK["knowledge_post"]) for p, a in post_all.items()}
    took_pre = {p for p, v in pre.items() if score(v, items).answered}
    took_post = {p for p, v in post.items() if score(v, items).answered}
    pairs = [change(pre[p], post[p], items) for p in sorted(took_pre & took_post)]
    apart = (f"{len(took_post - took_pre)} took only the second check and {len(took_pre - took_post)} "
             "only the first; they are counted apart and are in no share here.")
    name = "Knowledge check: change in items right (same participants)"
    if len(pairs) < MIN_RESPONSES:
        return [_withheld(2, name, "have taken both checks")]
    total = len(items) or 1
    before = [c.before.right if c.before else 0 for c in pairs]
    after = [c.now.right for c in pairs]
    mb, ma = _mean(before), _mean(after)
    ci = paired_interval(before, after)
    interval = (f"; 95% interval: {_more(ci[0])} to {_more(ci[1])}" if ci
                else "; no interval: every pair changed by the same amount")
    right = f"items right of {total}"
    out = [Measure(2, name, len(pairs), _more(ma - mb, "{} more " + right, "{} fewer " + right,
                                              "no change in " + right) + interval,
                   f"Each participant's first attempt (Start here, before anything else, no feedback) "
                   f"against their own second (Looking back, end of the day); an item not answered "
                   f"counts as not right. Mean {mb:.1f} before, {ma:.1f} after. {apart} The interval "
                   "(paired t, scipy) says how precisely this group's mean change is known; the same "
                   "questions were asked twice the same day, so it shows short-term learning, not "
                   "lasting knowledge or use. " + _EVIDENCE,
                   (Bar("before", mb / total, f"{mb:.1f} of {total}"),
                    Bar("after", ma / total, f"{ma:.1f} of {total}")))]
    for number, item in enumerate(items, 1):
        answered = (c.items[number - 1] for c in pairs)  # change() keeps the check's order
        both = [(i.before, i.now) for i in answered if i.before is not None and i.now is not None]
        label = f"Knowledge item {item_label(number, item, catalog)}: share right"
        if len(both) < MIN_RESPONSES:
            out.append(_withheld(2, label, "have answered this item in both checks"))
            continue
        sb, sa = _mean(float(b) for b, _ in both), _mean(float(a) for _, a in both)
        out.append(Measure(2, label, len(both), f"{_pct(sb)} before, {_pct(sa)} after",
                           "Among the participants who answered this item in both checks. One "
                           "question per idea: a change on one item is a hint for the next workshop, "
                           "not a finding.", (Bar("before", sb, _pct(sb)), Bar("after", sa, _pct(sa)))))
    return out


# -- level 3: organisation support (check-ins) ----------------------------------------------------

def _support(collected: Collected) -> list[Measure]:
    out = []
    for cid, checkin in CHECKINS.items():
        answers = list(collected.by_workbook.get(cid, {}).values())
        for q in SUPPORT_IDS:
            values = [float(v) for a in answers if (v := support_answers(a).get(q)) is not None]
            scale = SUPPORT[q]
            out.append(_of5(3, f"Support: {scale.name.lower()}, {checkin.weeks_on}", values,
                            f"“{scale.question}” (1 {scale.labels[0].lower()} to 5 "
                            f"{scale.labels[4].lower()}). Teachers' own report of their school's "
                            "conditions, not an observation; those who answered the check-in may "
                            "differ from those who did not.", "have answered it at this check-in"))
    return out


# -- level 4: use (first steps, presence of the group's top nightmares) ---------------------------

def _steps(collected: Collected) -> list[Measure]:
    out = []
    for cid, checkin in CHECKINS.items():
        name = f"First steps of the action plans, {checkin.weeks_on}"
        reports = [s for a in collected.by_workbook.get(cid, {}).values() if (s := reported_steps(a))]
        if len(reports) < MIN_RESPONSES:
            out.append(_withheld(4, name, "have reported a first step at this check-in"))
            continue
        counts = Counter(s for r in reports for s in r.values())
        total = sum(counts.values())
        shares = {s: counts[s] / total for s in _STEPS}
        out.append(Measure(4, name, len(reports),
                           ", ".join(f"{_pct(shares[s])} {label}" for s, label in _STEPS.items())
                           + f" (of {total} steps)",
                           "Each participant reports, in their own judgement, on up to three first "
                           "steps of their own plan from Fifteen nightmares. Done says a step was "
                           "taken, not how well or with what effect on students.",
                           tuple(Bar(label, shares[s], _pct(shares[s])) for s, label in _STEPS.items())))
    return out


def _presence_on_the_day(answers: Mapping[str, Any], nightmare: str) -> int | None:
    ratings = answers.get(NIGHTMARES["ratings"])
    r = ratings.get(nightmare) if isinstance(ratings, Mapping) else None
    p = r.get("presence") if isinstance(r, Mapping) else None
    return int(p) if p in ("0", "1", "2", "3") else None


def _presence(collected: Collected, catalog: Catalog) -> list[Measure]:
    day = collected.by_workbook.get("nightmares", {})
    order = [n.id for n in catalog.nightmares]
    chosen = [t for a in day.values() if (t := top_three(a, order))]
    if len(chosen) < MIN_RESPONSES:
        return [_withheld(4, "Presence of the group's top nightmares", "have chosen a top three")]
    counted = Counter(n for t in chosen for n in t)
    top = sorted(counted, key=lambda n: (-counted[n], order.index(n)))[:3]
    titles = {n.id: n.title for n in catalog.nightmares}
    out = []
    for nid in top:
        for cid, checkin in CHECKINS.items():
            name = f"Presence of “{titles[nid]}”, {checkin.weeks_on}"
            pairs = []
            for who, answers in collected.by_workbook.get(cid, {}).items():
                now, then = presence_now(answers, nid), _presence_on_the_day(day.get(who, {}), nid)
                if then is not None and now in ("0", "1", "2", "3"):
                    pairs.append((then, int(now)))
            if len(pairs) < MIN_RESPONSES:
                out.append(_withheld(4, name, "have rated it on the day and at this check-in"))
                continue
            mb, ma = _mean(b for b, _ in pairs), _mean(a for _, a in pairs)
            out.append(Measure(4, name, len(pairs),
                               f"{_more(ma - mb, *_HIGHER)} (from {mb:.1f} on the day to "
                               f"{ma:.1f}; 0 not present to 3 very present)",
                               f"One of the group's top three nightmares on the day (in {counted[nid]} "
                               "participants' top three). Participants who rated it on the day and again "
                               "at this check-in; 'not sure' is left out. Lower is what the plans aim for, "
                               "but teachers rate their own school, and much else changes in six weeks. "
                               + _EVIDENCE, (Bar("on the day", mb / 3, f"{mb:.1f} of 3"),
                                             Bar("now", ma / 3, f"{ma:.1f} of 3"))))
    return out


# -- level 5: student learning (class snapshots) ------------------------------------------------

def _classes(collected: Collected) -> list[Measure]:
    changes, one = [], 0
    for answers in collected.by_workbook.get("classdata", {}).values():
        s = read_snapshots(answers.get(SNAPSHOTS_KEY))
        if s.state == "both" and s.changes:
            changes.append(_mean(c.points for c in s.changes))
        elif s.state != "none":
            one += 1
    median_name = "Change in the share of students ready, per class (median)"
    split_name = "Classes whose share of students ready rose, stayed or fell"
    if len(changes) < MIN_RESPONSES:
        return [_withheld(5, n, "have kept a class snapshot before and after") for n in (median_name, split_name)]
    n = len(changes)
    q1, median, q3 = (float(x) for x in np.percentile(changes, [25, 50, 75]))
    rose = sum(c >= STAYED_WITHIN for c in changes)
    fell = sum(c <= -STAYED_WITHIN for c in changes)
    kinds = (("rose", rose), (f"stayed within {STAYED_WITHIN:g} point", n - rose - fell), ("fell", fell))
    caution = ("Teacher-reported aggregate snapshots from the class-data workbook (share of students "
               "at the mastery threshold per standard, suppressed where the class was small), each "
               "class's change the mean over the standards with a share both times. Not a controlled "
               "comparison: classes, standards, dates and roll-up methods differ, and students grow "
               f"over weeks without any PD. {one} kept only one snapshot so far. " + _EVIDENCE)
    return [Measure(5, median_name, n, f"{_more(median, '{} points higher', '{} points lower')} (middle half: "
                    f"{_more(q1, *_HIGHER)} to {_more(q3, *_HIGHER)})", caution),
            Measure(5, split_name, n, ", ".join(f"{k} {label}" for label, k in kinds), caution,
                    tuple(Bar(label, k / n, str(k)) for label, k in kinds))]


def measures(collected: Collected, catalog: Catalog) -> list[Measure]:
    """Every measure of the impact report, level 1 to 5, from the collected answers."""
    return [*_reactions(collected), *_learning(collected, catalog), *_support(collected),
            *_steps(collected), *_presence(collected, catalog), *_classes(collected)]
