"""The demo workshop (``plkit workshop demo``): fictional participants who fetched, answered and
submitted through the real exchange, collected and graded with the real nbgrader; enough answers
that every dashboard section and the impact report show something; the fast grading shortcut
read by the status matrix exactly as real autograde; the same seed, the same demo."""

from __future__ import annotations

import csv
import doctest
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence
from nbgrader.api import Gradebook
from test_workshop_integration import run_main

from plkit.classdata.demo import demo_gradebook
from plkit.completion import evaluate
from plkit.content import load_catalog
from plkit.errors import WorkshopError
from plkit.exchange import RECORD
from plkit.facilitator.collected import Collected, collect_responses
from plkit.facilitator.impact import NOT_ENOUGH, measures
from plkit.privacy.roster import find_leaks
from plkit.registry import WORKBOOKS
from plkit.workbooks.checkin.group import group_view as checkin_view
from plkit.workbooks.defining.group import why_words
from plkit.workbooks.looking_back.group import group_view as knowledge_view
from plkit.workbooks.nightmares.group import group_view as nightmares_view
from plkit.workbooks.sharing.group import group_view as sharing_view
from plkit.workbooks.start_here.group import pathway_groups
from plkit.workshop import demo, demo_answers
from plkit.workshop.config import Workshop, load
from plkit.workshop.demo_answers import answers
from plkit.workshop.status import Matrix, completion_matrix

pytestmark = pytest.mark.slow

SEED = 7
#: The workbooks of the real-against-fast comparison: a day workbook, the closing one, a check-in.
SOME = ["start-here", "looking-back", "checkin-2w"]


def cells(m: Matrix) -> dict[tuple[str, str], str]:
    return dict(m.cells)


def texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*texts(k), *texts(v))]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


@pytest.fixture(scope="module")
def cli_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str, str]]:
    root = tmp_path_factory.mktemp("demo") / "workshop"
    result = run_main("workshop", "demo", str(root), "--participants", "10", "--seed", str(SEED), "--grade", "fast")
    return root, result


@pytest.fixture(scope="module")
def fast_demo(cli_demo: tuple[Path, tuple[int, str, str]]) -> Workshop:
    root, (rc, out, err) = cli_demo
    assert rc == 0, err
    return load(root)


@pytest.fixture(scope="module")
def collected(fast_demo: Workshop) -> Collected:
    return collect_responses(fast_demo.root / "submitted")


def test_the_command_says_what_it_made(cli_demo: tuple[Path, tuple[int, str, str]]) -> None:
    root, (rc, out, err) = cli_demo
    assert rc == 0, err
    assert f"Demo workshop 'pl-demo' is ready in {root}: 10 fictional participants" in out
    assert "Traceback" not in err and "Warning" not in err


def test_the_roster_is_fictional_with_reserved_email_domains(fast_demo: Workshop) -> None:
    rows = list(csv.DictReader(io.StringIO((fast_demo.root / demo.ROSTER_FILE).read_text(encoding="utf-8"))))
    assert len(rows) == 10
    for row in rows:
        assert "fictional" in row["note"]
        assert row["email"].rsplit("@", 1)[1] in ("example.org", "example.com", "example.net")
    with Gradebook(fast_demo.db_url, fast_demo.course_id) as gb:
        assert sorted(s.id for s in gb.students) == sorted(r["id"] for r in rows)
    assert "fictional" in (fast_demo.root / demo.README_FILE).read_text(encoding="utf-8")


def test_participants_submitted_through_the_exchange(fast_demo: Workshop) -> None:
    inbound = fast_demo.exchange / fast_demo.course_id / "inbound"
    sent = {p.name.split("+")[1] for p in inbound.iterdir()}
    assert sent == {wb.id for wb in WORKBOOKS}  # every workbook, check-ins included, was submitted
    for sid in {p.name.split("+")[0] for p in inbound.iterdir()}:
        record = json.loads((fast_demo.root / demo.WORKSPACES / sid / RECORD).read_text(encoding="utf-8"))
        assert record  # the participant's own record of what they submitted, as the app keeps it


def test_some_complete_everything_some_part_some_nothing(fast_demo: Workshop) -> None:
    m = completion_matrix(fast_demo)
    states = {p: {m.cells[(p, w)] for w in m.workbooks} for p in m.participants}
    assert any(s == {"complete"} for s in states.values())
    assert any(s == {"missing"} for s in states.values())  # never submitted
    assert any("incomplete" in s and "complete" not in s for s in states.values())  # submitted empty
    assert any({"complete", "incomplete"} <= s for s in states.values())
    for w in m.workbooks:
        assert m.count(w, "complete") >= 3, w
        assert m.count(w, "submitted") == 0, w  # every submission graded


def test_every_dashboard_section_and_the_impact_report_show_something(collected: Collected) -> None:
    cat = load_catalog(use_settings=False)
    assert len(why_words(collected.answers("defining"))) >= 1
    assert pathway_groups(collected.by_workbook["start-here"]).counts
    pathways = {json.dumps(r["start.pathway"]["order"]) for r in collected.answers("start-here")
                if "start.pathway" in r}
    assert len(pathways) >= 2  # participants chose different pathways
    night = nightmares_view(collected.answers("nightmares"), cat.nightmares)
    assert night.enough and night.top_three and night.yes_buts
    sharing = sharing_view(collected.answers("sharing"), cat.jargon, cat.sample_questions)
    assert sharing.enough and sharing.audiences and sharing.yes_buts
    by = collected.by_workbook
    knowledge = knowledge_view(by["start-here"], by["looking-back"], cat.knowledge)
    assert knowledge.enough and knowledge.pairs >= 3
    for checkin in ("checkin-2w", "checkin-6w"):
        view = checkin_view(collected.by_workbook[checkin], collected.by_workbook["nightmares"])
        assert view.enough and view.steps and view.support, checkin
    rows = {r.measure: r for r in measures(collected, cat)}
    for level in (1, 2, 3, 4, 5):
        shown = [r for r in rows.values() if r.level == level and r.value != NOT_ENOUGH]
        assert shown, f"level {level} shows nothing"


def test_answers_name_no_student_and_no_participant(fast_demo: Workshop, collected: Collected) -> None:
    words = [t for by in collected.by_workbook.values() for r in by.values() for t in texts(r)]
    assert words
    assert find_leaks(words, demo_gradebook().roster) == []
    with Gradebook(fast_demo.db_url, fast_demo.course_id) as gb:
        names = {n for s in gb.students for n in (s.first_name, s.last_name)}
    joined = " ".join(words)
    assert not [n for n in names if n and n in joined]


def test_the_same_seed_gives_the_same_answers_and_another_seed_others() -> None:
    cat = load_catalog(use_settings=False)
    for wb in WORKBOOKS:
        one = answers(wb.id, "full", random.Random("a"), cat)
        assert one == answers(wb.id, "full", random.Random("a"), cat)
        assert evaluate(wb.id, one).complete
        assert not evaluate(wb.id, answers(wb.id, "part", random.Random("a"), cat)).complete
    plans = [demo.plan(i, [wb.id for wb in WORKBOOKS], seed) for seed in (1, 2) for i in range(10)]
    assert plans[:10] != plans[10:]
    assert demo.roster(5, 1) == demo.roster(5, 1) != demo.roster(5, 2)


def test_a_used_folder_or_bad_numbers_are_one_sentence(fast_demo: Workshop, tmp_path: Path) -> None:
    rc, out, err = run_main("workshop", "demo", str(fast_demo.root), "--grade", "fast")
    assert rc == 2
    assert_one_sentence(err.removeprefix("plkit: "))
    for kwargs in ({"participants": 0}, {"grade": "quick"}, {"workbooks": ["nope"]}):
        with pytest.raises(WorkshopError) as caught:
            demo.create(tmp_path / "new", **kwargs)  # type: ignore[arg-type]
        assert_one_sentence(str(caught.value))
    assert not (tmp_path / "new").exists()


def test_fast_grading_reads_the_same_as_real_autograde(tmp_path: Path) -> None:
    real = demo.create(tmp_path / "real", participants=5, seed=SEED, workbooks=SOME)
    fast = demo.create(tmp_path / "fast", participants=5, seed=SEED, workbooks=SOME, grade="fast")
    assert (real.root / "autograded").is_dir() and not (fast.root / "autograded").exists()
    m_real, m_fast = completion_matrix(real), completion_matrix(fast)
    assert cells(m_real) == cells(m_fast)
    assert {"complete", "incomplete", "missing"} <= set(m_real.cells.values())
    # the same seed, the same answers
    same = collect_responses(real.root / "submitted").by_workbook
    assert same == collect_responses(fast.root / "submitted").by_workbook
    with Gradebook(real.db_url, real.course_id) as a, Gradebook(fast.db_url, fast.course_id) as b:
        for wid in SOME:
            for sub in a.assignment_submissions(wid):
                other = b.find_submission(wid, sub.student.id)
                assert (sub.score, sub.max_score, sub.needs_manual_grade) == \
                    (other.score, other.max_score, other.needs_manual_grade)
                assert sub.timestamp == other.timestamp or sub.timestamp is not None


def test_the_docstring_example_runs() -> None:
    result = doctest.testmod(demo_answers)
    assert result.attempted > 0 and result.failed == 0
