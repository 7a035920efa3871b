"""The impact report on Guskey's five levels (plkit.facilitator.impact and impact_report): each
level's measures from hand-made collected answers, the paired knowledge check and its interval,
suppression under three participants per measure, the CSV's columns and formula safety, the HTML's
table per level with a text alternative for each chart, and the files written for the CLI."""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence
from scipy import stats

from plkit.cli import main
from plkit.content import Catalog, load_catalog
from plkit.content.knowledge import score
from plkit.errors import WorkshopError
from plkit.facilitator.collected import Collected
from plkit.facilitator.impact import LEVELS, NOT_ENOUGH, SNAPSHOTS_KEY, Bar, Measure, measures, paired_interval
from plkit.facilitator.impact_report import COLUMNS, chart_svg, impact_csv, impact_html, impact_text, write_impact
from plkit.home import RELEASE_FILE as HOME_RELEASE_FILE
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.looking_back.keys import KEYS as LOOKING_BACK
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workshop.config import Workshop
from plkit.workshop.course import RELEASE_FILE, parse_due

CAT: Catalog = load_catalog(use_settings=False)
ITEMS = CAT.knowledge
TIME, RELEVANCE, TRY, WONDER = "exit.time-well-spent", "exit.relevance", "exit.try-first", "exit.wonder"


def answers(right: int) -> dict[str, str]:
    """A knowledge check with the first ``right`` items right and the rest wrong."""
    out = {}
    for i, item in enumerate(ITEMS):
        wrong = next(o.id for o in item.options if o.id != item.answer)
        out[item.id] = item.answer if i < right else wrong
    return out


def by_measure(rows: list[Measure]) -> dict[str, Measure]:
    return {m.measure: m for m in rows}


def run(by_workbook: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Measure]:
    return by_measure(measures(Collected(by_workbook), CAT))


KNOWLEDGE = "Knowledge check: change in items right (same participants)"


# -- level 2: scoring and pairing ---------------------------------------------------------------

def knowledge_workshop() -> dict[str, dict[str, dict[str, Any]]]:
    pre = {"a": 4, "b": 6, "c": 9, "d": 8}
    post = {"a": 7, "b": 10, "c": 10, "d": 12}
    start = {p: {START["knowledge_pre"]: answers(r)} for p, r in pre.items()}
    start["e"] = {START["knowledge_pre"]: answers(5)}  # only the first check
    start["f"] = {START["knowledge_pre"]: {"no-such-item": "x"}}  # nothing that is an answer
    back = {p: {LOOKING_BACK["knowledge_post"]: answers(r)} for p, r in post.items()}
    back["f"] = {LOOKING_BACK["knowledge_post"]: answers(11)}  # so only the second
    back["g"] = {LOOKING_BACK["knowledge_post"]: answers(3)}  # only the second
    return {"start-here": start, "looking-back": back}


def test_the_knowledge_check_pairs_each_participant_with_themselves() -> None:
    data = knowledge_workshop()
    m = run(data)[KNOWLEDGE]
    assert m.n == 4
    # scored with plkit.content.knowledge, as the Looking back page scores it
    before = [score(data["start-here"][p][START["knowledge_pre"]], ITEMS).right for p in "abcd"]
    after = [score(data["looking-back"][p][LOOKING_BACK["knowledge_post"]], ITEMS).right for p in "abcd"]
    assert before == [4, 6, 9, 8] and after == [7, 10, 10, 12]
    assert m.value.startswith(f"3.0 more items right of {len(ITEMS)}; 95% interval: ")
    assert "Mean 6.8 before, 9.8 after." in m.note
    # unpaired participants are counted apart, never dropped silently
    assert "2 took only the second check and 1 only the first" in m.note
    assert [b.text for b in m.bars] == [f"6.8 of {len(ITEMS)}", f"9.8 of {len(ITEMS)}"]


def test_the_interval_is_scipys_paired_t_interval() -> None:
    interval = paired_interval([4, 6, 9, 8], [7, 10, 10, 12])
    assert interval is not None
    low, high = interval
    ci = stats.ttest_rel([7, 10, 10, 12], [4, 6, 9, 8]).confidence_interval(0.95)
    assert (low, high) == pytest.approx((ci.low, ci.high))
    m = run(knowledge_workshop())[KNOWLEDGE]
    assert f"95% interval: {abs(low):.1f} more to {high:.1f} more" in m.value


def test_the_interval_against_a_hand_checked_example() -> None:
    # differences 2, 3, 2, 3: mean 2.5, sd sqrt(1/3), se 0.288675; t(0.975, df 3) = 3.182446
    interval = paired_interval([1, 2, 4, 4], [3, 5, 6, 7])
    assert interval is not None
    low, high = interval
    assert low == pytest.approx(2.5 - 3.182446 * 0.288675, abs=1e-4)
    assert high == pytest.approx(2.5 + 3.182446 * 0.288675, abs=1e-4)
    assert (round(low, 4), round(high, 4)) == (1.5813, 3.4187)


def test_no_interval_without_spread_or_pairs_and_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert paired_interval([1, 2, 3], [3, 4, 5]) is None  # every pair +2
        assert paired_interval([1], [2]) is None
    same = {"start-here": {p: {START["knowledge_pre"]: answers(3)} for p in "abc"},
            "looking-back": {p: {LOOKING_BACK["knowledge_post"]: answers(5)} for p in "abc"}}
    m = run(same)[KNOWLEDGE]
    assert m.value == f"2.0 more items right of {len(ITEMS)}; no interval: every pair changed by the same amount"


def test_item_shares_are_of_the_same_people_before_and_after() -> None:
    rows = run(knowledge_workshop())
    first = next(m for name, m in rows.items() if name.startswith("Knowledge item 1. "))
    # item 1 is right for a, b, c, d both times (each got at least one right)
    assert (first.n, first.value) == (4, "100% before, 100% after")
    fifth = next(m for name, m in rows.items() if name.startswith("Knowledge item 5. "))
    # right before for b, c, d (6, 9, 8 right), after for all four
    assert (fifth.n, fifth.value) == (4, "75% before, 100% after")
    items = [m for name, m in rows.items() if name.startswith("Knowledge item ")]
    assert len(items) == len(ITEMS)


# -- suppression --------------------------------------------------------------------------------

def everything_for(people: str, low: bool) -> dict[str, dict[str, dict[str, Any]]]:
    """Answers at every level for ``people``; ``low`` changes every value they gave."""
    r = 1 if low else 5
    ids = [n.id for n in CAT.nightmares]
    snap = {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.2, "RL.2": 0.4}},
            "after": {"taken": "2026-10-01", "standards": {"RL.1": 0.1 if low else 0.9, "RL.2": 0.4}}}
    checkin = {CHECKIN["steps"]: {ids[0]: {"status": "not-yet" if low else "done"}},
               CHECKIN["presence"]: {ids[0]: "0" if low else "3"},
               CHECKIN["support"]: {"time": r, "coaching": r, "evaluation": r}}
    day = {TIME: r, RELEVANCE: r, TRY: "my secret plan" if low else "", WONDER: "Ana Lopez"}
    return {
        "start-here": {p: {**day, START["knowledge_pre"]: answers(1 if low else 9)} for p in people},
        "looking-back": {p: {**day, LOOKING_BACK["knowledge_post"]: answers(12 if low else 2)} for p in people},
        "nightmares": {p: {**day, NIGHTMARES["ratings"]: {ids[0]: {"presence": "3" if low else "0", "impact": "3"}},
                           NIGHTMARES["top_three"]: [ids[0]]} for p in people},
        "classdata": {p: {SNAPSHOTS_KEY: snap} for p in people},
        "checkin-2w": {p: checkin for p in people},
        "checkin-6w": {p: checkin for p in people},
    }


@pytest.mark.parametrize("people", ["", "a", "ab"])
def test_under_three_participants_every_measure_shows_nothing(people: str) -> None:
    rows = measures(Collected(everything_for(people, low=True)), CAT)
    assert {m.level for m in rows} == set(LEVELS)
    for m in rows:
        assert m.n is None and not m.shown and m.value == NOT_ENOUGH and m.bars == ()
        # nothing in the note depends on the answers: the only figure is the minimum, 3
        assert set(re.findall(r"\d+", m.note)) <= {"3"}, m.note
    # and the rows are the same whatever those participants answered
    assert rows == measures(Collected(everything_for(people, low=False)), CAT)
    for line in list(csv.reader(io.StringIO(impact_csv(rows))))[1:]:
        assert line[2] == "" and line[3] == NOT_ENOUGH


def test_suppression_is_per_measure() -> None:
    data = everything_for("abc", low=False)
    data["checkin-6w"] = {p: data["checkin-6w"][p] for p in "ab"}  # two at six weeks
    rows = measures(Collected(data), CAT)
    six = [m for m in rows if "six weeks on" in m.measure]
    two = [m for m in rows if "two weeks on" in m.measure]
    assert six and all(not m.shown for m in six)
    assert two and all(m.shown and m.n == 3 for m in two)
    assert by_measure(rows)["Time well spent, all workbooks"].value == "5.0 of 5"


def test_words_participants_wrote_are_never_shown() -> None:
    rows = measures(Collected(everything_for("abc", low=True)), CAT)
    out = impact_csv(rows) + impact_html(rows) + impact_text(rows)
    assert "secret plan" not in out and "Ana Lopez" not in out
    for p in "abc":
        assert f">{p}<" not in out and f",{p}," not in out
    wrote = by_measure(rows)["Wrote what they will try first (exit tickets)"]
    assert (wrote.n, wrote.value) == (3, "3 of 3 (100%)")


# -- levels 1, 3, 4, 5 ----------------------------------------------------------------------------

def test_reactions_overall_is_the_mean_of_each_participants_mean() -> None:
    data = {"defining": {"a": {TIME: 5}, "b": {TIME: 4}, "c": {TIME: 3, RELEVANCE: True}},
            "nightmares": {"a": {TIME: 1}, "b": {TIME: 2}, "d": {TIME: "5"}}}
    rows = run(data)
    # a: (5+1)/2 = 3, b: 3, c: 3; d's "5" is not a rating
    assert (rows["Time well spent, all workbooks"].n, rows["Time well spent, all workbooks"].value) == (3, "3.0 of 5")
    assert rows["Time well spent: Defining personalized learning"].value == "4.0 of 5"
    assert not rows["Time well spent: Fifteen nightmares"].shown  # two ratings only
    assert not rows["Relevance, all workbooks"].shown  # True is not a rating


def test_support_steps_presence_and_class_snapshots() -> None:
    ids = [n.id for n in CAT.nightmares]
    titles = {n.id: n.title for n in CAT.nightmares}
    people = "abcd"
    day = {p: {NIGHTMARES["ratings"]: {ids[1]: {"presence": "3", "impact": "3"}}, NIGHTMARES["top_three"]: [ids[1]]}
           for p in people}
    status = {"a": "done", "b": "done", "c": "started", "d": "not-yet"}
    now = {"a": "1", "b": "2", "c": "3", "d": "not-sure"}
    two = {p: {CHECKIN["steps"]: {ids[1]: {"status": status[p]}}, CHECKIN["presence"]: {ids[1]: now[p]},
               CHECKIN["support"]: {"time": i + 1, "coaching": 5, "evaluation": None}}
           for i, p in enumerate(people)}

    def snap(after: float | None) -> dict[str, Any]:
        before = {"taken": "2026-09-01", "standards": {"RL.1": 0.5, "RL.2": 0.5}}
        if after is None:
            return {"before": before}
        return {"before": before, "after": {"taken": "2026-10-01", "standards": {"RL.1": after, "RL.2": 0.5}}}

    classes = {"a": snap(0.7), "b": snap(0.5), "c": snap(0.3), "d": snap(0.9), "e": snap(None)}
    rows = run({"nightmares": day, "checkin-2w": two, "classdata": {p: {SNAPSHOTS_KEY: s} for p, s in classes.items()}})
    assert rows["Support: time, two weeks on"].value == "2.5 of 5"
    assert rows["Support: coaching or support, two weeks on"].n == 4
    assert not rows["Support: evaluation, two weeks on"].shown
    steps = rows["First steps of the action plans, two weeks on"]
    assert steps.value == "50% done, 25% started, 25% not yet (of 4 steps)"
    presence = rows[f"Presence of “{titles[ids[1]]}”, two weeks on"]
    assert presence.n == 3 and presence.value.startswith("1.0 lower (from 3.0 on the day to 2.0;")
    # level 5: class changes +10, 0, -10, +20 points (the mean over the two standards)
    median = rows["Change in the share of students ready, per class (median)"]
    assert median.n == 4 and median.value.startswith("5.0 points higher (middle half: ")
    assert "1 kept only one snapshot so far" in median.note and "not a controlled comparison" in median.note.lower()
    split = rows["Classes whose share of students ready rose, stayed or fell"]
    assert split.value == "2 rose, 1 stayed within 1 point, 1 fell"


def test_every_note_says_what_it_can_and_cannot_show() -> None:
    rows = measures(Collected(everything_for("abcd", low=False)), CAT)
    assert {m.level for m in rows if m.shown} == set(LEVELS)
    for m in rows:
        assert len(m.note.split()) >= 10, m


# -- CSV and HTML ---------------------------------------------------------------------------------

def test_csv_has_exactly_the_columns_and_neutralises_formulas() -> None:
    rows = [Measure(1, "=HYPERLINK(\"x\")", 3, "+2 more", "-1 @note"), Measure(2, "@SUM(A1)", None, NOT_ENOUGH, "ok")]
    table = list(csv.reader(io.StringIO(impact_csv(rows))))
    assert table[0] == list(COLUMNS) == ["level", "measure", "n", "value", "note"]
    assert table[1] == ["1", "'=HYPERLINK(\"x\")", "3", "'+2 more", "'-1 @note"]
    assert table[2] == ["2", "'@SUM(A1)", "", NOT_ENOUGH, "ok"]


def _images(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)


def test_html_has_a_table_per_level_and_a_text_alternative_for_each_chart() -> None:
    rows = measures(Collected(everything_for("abcd", low=False)), CAT)
    page = impact_html(rows, "pl-day")
    assert page.count("<table>") == 5 and page.count("<caption>") == 5
    for level in LEVELS:
        assert f"<caption>Level {level}: the measures" in page
    images = _images(page)
    assert len(images) == 5 and page.count("<img") == 5
    for svg64, alt in images:
        assert alt.startswith("Bar chart of level ") and len(alt) > 40
        svg = base64.b64decode(svg64).decode("utf-8")
        assert svg.startswith("<svg") and "href" not in svg and "<script" not in svg
    assert "Content-Security-Policy" in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "The chart's figures are in the table below." in page


def test_a_level_with_nothing_shown_has_no_chart_but_its_table() -> None:
    page = impact_html(measures(Collected({}), CAT))
    assert "<img" not in page and page.count("<table>") == 5 and NOT_ENOUGH in page


def test_chart_text_is_escaped_and_bars_stay_on_the_axis() -> None:
    svg = chart_svg([Measure(1, "<b>&", 3, "v", "n", (Bar("x<", 1.7, "9 & 9"), Bar("y", -1, "0")))])
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "9 &amp; 9" in svg
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="14" fill="#1f5f8b"', svg)]
    assert widths == [430.0, 0.0]


# -- files for plkit workshop impact ------------------------------------------------------------

@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    Workshop(root, "pl-day", f"sqlite:///{root / 'gradebook.db'}", root / "exchange").save()
    return root


def test_write_impact_writes_csv_and_html(workshop: Path, tmp_path: Path) -> None:
    rows, written = write_impact(workshop, tmp_path / "out" / "impact.csv", tmp_path / "impact.html")
    assert [p.name for p in written] == ["impact.csv", "impact.html"]
    assert (tmp_path / "out" / "impact.csv").read_text(encoding="utf-8").startswith("level,measure,n,value,note\n")
    assert "Workshop pl-day: impact on Guskey" in (tmp_path / "impact.html").read_text(encoding="utf-8")
    assert rows and all(not m.shown for m in rows)


def test_bad_paths_are_one_sentence_and_nothing_is_written(workshop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(WorkshopError) as err:
        write_impact(workshop, folder, tmp_path / "ok.html")
    assert_one_sentence(str(err.value))
    assert "is a folder" in str(err.value)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WorkshopError) as err:
        write_impact(workshop, tmp_path / "ok.csv", blocker / "impact.html")
    assert_one_sentence(str(err.value))
    assert not (tmp_path / "ok.csv").exists() and not (tmp_path / "ok.html").exists()
    with pytest.raises(WorkshopError) as err:
        write_impact(tmp_path / "not-a-workshop", tmp_path / "x.csv")
    assert_one_sentence(str(err.value))


# -- releasing a check-in with a due date (the nbgrader part is in test_impact_workshop.py) -------

def test_the_release_file_is_the_one_the_home_page_reads() -> None:
    assert RELEASE_FILE == HOME_RELEASE_FILE == "plkit-release.json"


@pytest.mark.parametrize("bad", ["15/03/2027", "2027-02-30", "20270315", "next week", ""])
def test_a_bad_due_date_is_one_sentence_before_anything_is_released(workshop: Path, bad: str) -> None:
    assert parse_due("2027-03-15").isoformat() == "2027-03-15"
    with pytest.raises(WorkshopError) as err:
        parse_due(bad)
    assert_one_sentence(str(err.value))
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        assert main(["workshop", "release", str(workshop), "checkin-2w", "--due", bad]) == 2
    assert_one_sentence(out.getvalue().removeprefix("plkit: "))
    assert not (workshop / "release").exists()
