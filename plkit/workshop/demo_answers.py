"""Invented answers for the demo workshop (:mod:`plkit.workshop.demo`): what a fictional
participant saves in each workbook, under the workbook's own store keys, so the real completion
rules pass or fail them. Plain data, no widgets, no files; the same seed gives the same answers.

Every text is written for a demo: it names no student and no real person.

>>> a = answers("start-here", "full", random.Random(1))
>>> sorted(a)[:3]
['exit.relevance', 'exit.time-well-spent', 'exit.try-first']
>>> from plkit.completion import evaluate
>>> evaluate("start-here", a).complete
True
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from plkit.content import Catalog, load_catalog
from plkit.page.exit_ticket import EXIT_KEYS
from plkit.registry import WORKBOOKS
from plkit.workbooks.challenges.keys import KEYS as CHALLENGES
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, SELF_CHECK
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.checkin.keys import SUPPORT_IDS
from plkit.workbooks.classdata.keys import KEYS as CLASSDATA
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.looking_back.keys import KEYS as LOOKING_BACK
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key
from plkit.workbooks.nightmares.model import IMPACT, PRESENCE
from plkit.workbooks.sharing.keys import KEYS as SHARING
from plkit.workbooks.sharing.plan import AUDIENCES, CHANNELS
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workbooks.start_here.model import EXPERIENCE, HOPES, ROLES, recommend

__all__ = ["LEVELS", "answers"]

#: How far a participant got in one workbook: ``full`` meets every completion criterion,
#: ``part`` answers some steps (and fails at least one), ``none`` opened it and saved nothing.
LEVELS = ("full", "part", "none")

_DEFINITION_PARTS = (
    ("Personalized learning at our school means", "For us, personalized learning is when"),
    ("students take more and more ownership of their learning over time,",
     "students gradually steer their own learning with voice and choice,",
     "learners co-design meaningful challenges with their teachers,"),
    ("working on authentic, rigorous challenges that matter beyond school,",
     "engaging deeply in real-world problems that stretch them,",
     "investigating questions they care about with a real audience,"),
    ("and showing mastery of the standards and goals our community shares.",
     "while staying aligned with our standards through clear guardrails.",
     "and demonstrating the outcomes we agreed on as a community."),
)
_REFLECTIONS = (
    "Some colleagues think personalized learning means every student alone on a laptop.",
    "Families worried that it meant lower standards, so we talked about mastery and evidence.",
    "People assume students simply do whatever they want, but guardrails keep the standards central.",
    "A colleague believed it needs a big budget and new furniture before anything can start.",
    "Our team confused pacing software with personalized learning for a whole year.",
)
_REFLECTIVE = (
    "We would see students choosing how to show what they know, and teachers coaching small groups.",
    "Teachers would meet weekly to look at student work together and adjust the next challenge.",
    "Our leaders would protect time for teams to try something new without fear of a bad observation.",
    "Families would hear a clear story of why we are changing and how they can take part.",
)
_FIRST_STEPS = (
    "Ask the leadership team for thirty minutes at the next staff meeting.",
    "Write a one-page definition draft with two colleagues and share it for comments.",
    "Plan one unit where students choose the product they create.",
    "Visit a classroom in a nearby school that already runs student-led conferences.",
    "Survey colleagues on which words they use for personalized learning.",
)
_YES_BUTS = (
    "Yes, but when would we find the time to plan all this?",
    "Yes, but what about the state tests in the spring?",
    "Yes, but our classes are already too big.",
    "Yes, but families expect traditional grades.",
)
_TITLES = (
    ("Plastic-free lunch", "How might we cut the plastic our lunches throw away?", "The school board"),
    ("Safer crossing", "How could we make the crossing in front of school safer?", "The town council"),
    ("Our river in numbers", "What does our data say about the health of the local river?",
     "A local conservation group"),
    ("Stories of our street", "Whose stories of our neighbourhood are missing from the library?",
     "The public library"),
    ("Fair play at recess", "How might we design games every class can join at recess?", "Younger classes"),
)
_DRAFT = (
    "Dear families, this year our classes are trying something new called personalized learning. "
    "It means your child will have more voice in how they learn and show what they know, while "
    "we keep the same high standards. Teachers still teach every day, and we check progress often "
    "with clear goals. You can help by asking your child what they chose this week and why. "
    "Please come to our open evening to see the work and ask questions.",
    "Colleagues, I would like to share why our team is exploring personalized learning. Students "
    "told us that school feels like something done to them. With clear guardrails aligned to the "
    "standards, they can make real choices and still reach the outcomes we agree on. Formative "
    "assessment and differentiation are part of it, but the key is ownership over time. I would "
    "welcome you to visit our classrooms and give us honest feedback.",
    "To the board: personalized learning is not a device programme. It is a gradual shift where "
    "students take on more responsibility for meaningful, authentic and rigorous challenges. Our "
    "pilot classes will share evidence of learning each term, including student work and mastery "
    "data by standard. We ask for protected planning time for teachers and patience while we learn "
    "together what works best for our community.",
)
_ANSWERS = (
    "We found time by replacing two whole-staff meetings with team planning sessions this term.",
    "Students still learn every standard; they simply have more choice in how they show mastery.",
    "We start small with one unit per team, so nobody has to change everything at once.",
)
_TAKE_BACK = (
    "The card sort, to start a conversation about what personalized learning is not.",
    "Our definition draft, to share with my team and improve together.",
    "One guardrailed challenge for the spring unit on ecosystems.",
    "Using class data to form flexible groups every two weeks.",
)
_TRY_FIRST = ("Share the definition with my team.", "Try one choice board next week.",
              "Ask students what they want more voice in.", "Rate the nightmares with my leadership team.")
_WONDER = ("How do other schools report progress to families?", "How do we keep this going after today?",
           "What does mastery grading look like in secondary?", "")
_NEXT_WEEK = (
    "I will meet the group that is not yet ready on citing evidence twice next week with worked examples.",
    "Next week the ready group starts an extension challenge while I coach the others in small groups.",
    "I will regroup students on Wednesday after a short check and share the groups with my co-teacher.",
)
_OBSTACLES = ("No common planning time yet.", "Report cards came first this month.", "",
              "Colleagues were keen but busy with testing.")


def _words(rng: random.Random, pool: tuple[str, ...]) -> str:
    return rng.choice(pool)


def _exit(rng: random.Random) -> dict[str, Any]:
    """An exit ticket, given by about four in five who finish a workbook."""
    if rng.random() < 0.2:
        return {}
    return {EXIT_KEYS["time"]: rng.choice((2, 3, 4, 4, 5, 5)), EXIT_KEYS["relevance"]: rng.choice((3, 4, 4, 5, 5)),
            EXIT_KEYS["try_first"]: _words(rng, _TRY_FIRST), EXIT_KEYS["wonder"]: _words(rng, _WONDER)}


def _knowledge(cat: Catalog, rng: random.Random, right: int) -> dict[str, str]:
    """The knowledge check with ``right`` items answered right (which ones varies)."""
    items = list(cat.knowledge)
    good = set(rng.sample(range(len(items)), min(right, len(items))))
    return {it.id: it.answer if i in good else rng.choice([o.id for o in it.options if o.id != it.answer])
            for i, it in enumerate(items)}


def _start_here(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    a: dict[str, Any] = {
        START["role"]: rng.choice([v for _, v in ROLES]),
        START["experience"]: rng.choice([v for _, v in EXPERIENCE]),
        START["hopes"]: rng.sample([v for _, v in HOPES], rng.randint(1, 3)),
        START["worries"]: rng.sample([n.id for n in cat.nightmares], rng.randint(1, 3)),
        START["knowledge_pre"]: _knowledge(cat, rng, rng.randint(4, 11)),
    }
    if rng.random() < 0.3:
        a[START["hopes_other"]] = "Time with colleagues from other schools."
    if level == "part":
        return {k: v for k, v in a.items() if k != START["role"]}
    order = recommend(a, WORKBOOKS).ids
    if rng.random() < 0.4:  # some choose their own order: pathways differ
        order = rng.sample(order, len(order))
        a[START["pathway"]] = {"order": order, "source": "own"}
    else:
        a[START["pathway"]] = {"order": order, "source": "recommended"}
    return {**a, **_exit(rng)}


def _defining(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    cards = deck(cat)
    wrong = set(rng.sample(range(len(cards)), rng.randint(0, 4)))
    sort = {c.id: c.statement.kind if i not in wrong else ("isnt" if c.statement.kind == "is" else "is")
            for i, c in enumerate(cards)}
    a: dict[str, Any] = {
        DEFINING["compare"]: rng.choice([cat.definition.id, *(x.id for x in cat.definition.alternatives)]),
        DEFINING["card_sort"]: sort,
        DEFINING["own_definition"]: " ".join(rng.choice(part) for part in _DEFINITION_PARTS),
        DEFINING["why_word"]: rng.choice([w.word for w in cat.why_words] + ["agency", "belonging"]),
        DEFINING["misunderstandings"]: rng.sample([m.id for m in cat.misunderstandings], 2),
        DEFINING["reflection"]: _words(rng, _REFLECTIONS),
    }
    if level == "part":
        a[DEFINING["card_sort"]] = dict(list(sort.items())[: len(sort) // 2])
        a.pop(DEFINING["reflection"])
        return a
    return {**a, **_exit(rng)}


def _ratings(cat: Catalog, rng: random.Random, everyone: bool) -> dict[str, dict[str, str]]:
    presence, impact = [p for p in PRESENCE if p != "not-sure"], [i for i in IMPACT if i != "not-sure"]
    out = {}
    for n in cat.nightmares:
        if not everyone and rng.random() < 0.5:
            continue
        if rng.random() < 0.08:
            out[n.id] = {"presence": "not-sure", "impact": "not-sure"}
        else:
            out[n.id] = {"presence": rng.choice(presence), "impact": rng.choice(impact)}
    return out


def _nightmares(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    ratings = _ratings(cat, rng, everyone=level == "full")
    a: dict[str, Any] = {NIGHTMARES["ratings"]: ratings, NIGHTMARES["view"]: rng.choice(("one", "all")),
                         NIGHTMARES["yes_buts"]: _words(rng, _YES_BUTS)}
    if level == "part":
        return a
    top = sorted(ratings, key=lambda nid: -int(ratings[nid]["presence"].replace("not-sure", "0"))
                 * int(ratings[nid]["impact"].replace("not-sure", "0")))[:3]
    a[NIGHTMARES["top_three"]] = top
    a[plan_key(top[0], "first-step")] = _words(rng, _FIRST_STEPS)
    a[plan_key(top[0], "who")] = rng.choice(("My grade-level team", "The leadership team", "Two colleagues"))
    a[plan_key(top[0], "by-when")] = rng.choice(("End of this month", "Before the winter break", "In two weeks"))
    a[NIGHTMARES["reflective"]] = _words(rng, _REFLECTIVE)
    a[NIGHTMARES["not_fail"]] = "We would keep going even when the first attempt felt messy."
    return {**a, **_exit(rng)}


def _challenge(rng: random.Random, cid: str, level: str) -> dict[str, Any]:
    title, question, audience = rng.choice(_TITLES)
    outcome = rng.choice(("SCI.5.ECO.1", "MATH.5.DATA.1", "ELA.5.W.1"))
    dims = {d: {"who": "teacher", "guardrail": ""} for d in DIMENSIONS}
    dims["evidence"] = {"who": "guardrails", "guardrail": "A poster, a short video or a live pitch"}
    if rng.random() < 0.5:
        dims["process"] = {"who": "guardrails", "guardrail": "Choose a role within the team"}
    done = level == "full"
    return {
        "id": cid, "title": title, "driving_question": question, "for_whom": rng.choice(("Grade 5", "Grade 7")),
        "audience": audience, "product": rng.choice(("A proposal and a pitch", "A short documentary", "A data poster")),
        "outcomes": [outcome], "dimensions": dims, "stage": None,
        "checkpoints": {k: ("Day 3: a checklist against the criteria" if done and k == "self" else "")
                        for k in CHECKPOINTS},
        "rubric": [{"criterion": "Uses evidence from our own investigation", "outcomes": [outcome]}] if done else [],
        "habits": [], "timeline": "Three weeks in the spring term" if done else "",
        "self_check": {k: "" for k in SELF_CHECK}, "critical_friend": {},
    }


def _challenges(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    cid = f"c{rng.getrandbits(32):08x}"
    a: dict[str, Any] = {
        CHALLENGES["strategy"]: rng.choice([s.id for s in cat.strategies]),
        CHALLENGES["index"]: [cid], CHALLENGES["current"]: cid,
        challenge_key(cid): _challenge(rng, cid, level),
    }
    return a if level == "part" else {**a, **_exit(rng)}


def _sharing(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    questions = [q.id for q in cat.sample_questions]
    a: dict[str, Any] = {
        SHARING["audience"]: rng.choice(list(AUDIENCES)),
        SHARING["draft"]: _words(rng, _DRAFT),
        SHARING["heard"]: rng.sample(questions, rng.randint(1, 3)),
        SHARING["own_yes_buts"]: _words(rng, _YES_BUTS),
        SHARING["answer_to"]: rng.choice(questions),
        SHARING["answer"]: _words(rng, _ANSWERS),
        SHARING["roadmap"]: [{"who": "Families", "message": "Why we are changing", "channel": rng.choice(CHANNELS),
                              "when": "Before the open evening", "return": "The school website"}],
    }
    if level == "part":
        a[SHARING["draft"]] = " ".join(a[SHARING["draft"]].split()[:25])
        a.pop(SHARING["roadmap"])
        return a
    return {**a, **_exit(rng)}


def _classdata(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    standards = ("RL.1", "RL.2", "W.1", "L.2")  # the demo class's
    before = {s: round(rng.uniform(0.2, 0.6), 2) for s in standards}
    a: dict[str, Any] = {
        CLASSDATA["loaded"]: {"source": "demo", "layout": "long"},
        CLASSDATA["method"]: {"method": rng.choice(("highest", "latest", "average", "decaying_average")),
                              "mastery": 3, "min_evidence": 2},
        CLASSDATA["min_n"]: 5,
        CLASSDATA["snapshots"]: {"before": {"taken": "2026-09-14", "min_n": 5, "standards": before}},
    }
    if level == "part":
        return a
    a[CLASSDATA["groups"]] = {"standard": rng.choice(standards), "max_size": 4, "confirmed": True}
    a[CLASSDATA["reflection"]] = _words(rng, _NEXT_WEEK)
    a[CLASSDATA["snapshots"]]["after"] = {"taken": "2026-11-02", "min_n": 5, "standards": {
        s: (None if rng.random() < 0.1 else round(min(1.0, v + rng.uniform(-0.05, 0.25)), 2))
        for s, v in before.items()}}
    return {**a, **_exit(rng)}


def _looking_back(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    post = _knowledge(cat, rng, rng.randint(8, len(cat.knowledge)))
    if level == "part":
        return {LOOKING_BACK["knowledge_post"]: dict(list(post.items())[:5])}
    return {LOOKING_BACK["knowledge_post"]: post, LOOKING_BACK["take_back"]: _words(rng, _TAKE_BACK), **_exit(rng)}


def _checkin(cat: Catalog, level: str, rng: random.Random) -> dict[str, Any]:
    nightmares = rng.sample([n.id for n in cat.nightmares], 3)
    a: dict[str, Any] = {
        CHECKIN["steps"]: {nightmares[0]: {"status": rng.choice(("done", "done", "started", "not-yet")),
                                           "obstacle": _words(rng, _OBSTACLES)}},
        CHECKIN["presence"]: {n: rng.choice(("0", "1", "1", "2", "3", "not-sure")) for n in nightmares},
        CHECKIN["happened"]: "We tried a choice board in one unit and students asked for more.",
        CHECKIN["support"]: {q: rng.randint(1, 5) for q in SUPPORT_IDS},
    }
    if level == "part":
        a[CHECKIN["support"]] = {SUPPORT_IDS[0]: rng.randint(1, 5)}
        return a
    a[CHECKIN["next"]] = {nightmares[0]: {"first-step": _words(rng, _FIRST_STEPS), "by-when": "Next month"}}
    a[CHECKIN["evidence"]] = "Student reflections and two pieces of work from the unit."
    return a


_BUILDERS: dict[str, Callable[[Catalog, str, random.Random], dict[str, Any]]] = {
    "start-here": _start_here, "defining": _defining, "nightmares": _nightmares, "challenges": _challenges,
    "sharing": _sharing, "classdata": _classdata, "looking-back": _looking_back,
    "checkin-2w": _checkin, "checkin-6w": _checkin,
}


def answers(workbook: str, level: str, rng: random.Random, catalog: Catalog | None = None) -> dict[str, Any]:
    """What a fictional participant saves in ``workbook`` at ``level`` (one of :data:`LEVELS`)."""
    if level == "none":
        return {}
    return _BUILDERS[workbook](catalog or load_catalog(use_settings=False), level, rng)
