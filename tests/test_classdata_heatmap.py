"""The mastery heat map (students x standards) with its table alternative, and the private group
list download: on the teacher's own screen and machine only, never in anything saved or shared."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from test_classdata_report import canary_class

from plkit.classdata import read_gradebook
from plkit.classdata.heatmap import MAX_ANNOTATED, MAX_LABELLED, heatmap_summary, heatmap_svg, heatmap_table
from plkit.classdata.report import display_name, write_report
from plkit.classdata.summary import MethodChoice, analyse
from plkit.page import session
from plkit.store import MemoryStore
from plkit.workbooks.classdata import page as cw


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret"))
    session.reset()
    yield
    session.reset()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("classdata", "ana")


def small_table() -> pd.DataFrame:
    return pd.DataFrame({
        "student": ["k2", "k2", "k1", "k1", "k3"],
        "standard": ["RL.1", "W.1", "RL.1", "W.1", "RL.1"],
        "rollup": [3.456, 2.0, np.nan, 1.25, 3.0],
        "evidence": [3, 2, 0, 1, 2],
        "status": ["ready", "not_yet", "insufficient_evidence", "not_yet", "ready"],
    })


def names(gb: object) -> list[str]:
    out = []
    for entry in gb.roster.values():  # type: ignore[attr-defined]
        out += [entry["name"], entry["first"], entry["last"], *entry["ids"], *entry["emails"]]
    return [x for x in out if x]


# --- the library -------------------------------------------------------------------------------


def test_table_alternative_holds_the_same_cells_sorted_by_label() -> None:
    table = heatmap_table(small_table(), {"k1": "Zoe", "k2": "ana", "k3": "Bo"})
    assert list(table.columns) == ["student", "RL.1", "W.1"]
    assert table["student"].tolist() == ["ana", "Bo", "Zoe"]  # case-insensitive order
    assert table.loc[0, "RL.1"] == "3.46 ready to move on" and table.loc[0, "W.1"] == "2.00 not yet"
    assert table.loc[1, "W.1"] == "no evidence"  # no cell at all for Bo on W.1
    assert table.loc[2, "RL.1"] == "no result, needs more evidence"
    assert heatmap_table(small_table())["student"].tolist() == ["k1", "k2", "k3"]  # pseudonyms


def test_summary_counts_cells_and_names_no_student() -> None:
    text = heatmap_summary(small_table())
    assert text == ("Mastery heat map of 3 students by 2 standards: 2 of 6 cells ready to move on, "
                    "2 not yet, 1 needs more evidence, 1 with no evidence.")
    assert not re.search(r"\bk[123]\b", text)
    assert heatmap_summary(small_table().iloc[0:0]) == "Mastery heat map: nothing to show yet."


def test_svg_is_hidden_from_screen_readers_keeps_text_and_changes_no_global_state() -> None:
    before = dict(matplotlib.rcParams)
    svg = heatmap_svg(small_table(), {"k1": "Zoe Quint", "k2": "Ana Ruiz", "k3": "Bo Lund"})
    assert dict(matplotlib.rcParams) == before
    assert svg.startswith('<svg aria-hidden="true" focusable="false"')
    for text in ("Zoe Quint", "Ana Ruiz", "Bo Lund", "RL.1", "W.1", "3.5", "Roll-up (0 to 4)", "3 mastery"):
        assert f">{text}<" in svg or text in svg, text
    # ids are prefixed, so several drawings on one page never collide; every reference resolves
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    assert ids and all(i.startswith("hm-") for i in ids)
    refs = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    assert refs <= ids
    assert heatmap_svg(small_table()) == heatmap_svg(small_table())  # deterministic


def test_large_class_keeps_the_drawing_light_and_the_table_complete() -> None:
    n = MAX_LABELLED + 5
    m = pd.DataFrame({"student": [f"s{i:04d}" for i in range(n)], "standard": "RL.1",
                      "rollup": np.linspace(0, 4, n), "evidence": 2, "status": "not_yet"})
    svg = heatmap_svg(m)
    assert "s0001" not in svg and f"{n} students (see the table)" in svg
    assert len(heatmap_table(m)) == n
    mid = m.iloc[: MAX_ANNOTATED + 1]
    assert "Too many students to mark each cell" in heatmap_svg(mid)


# --- the workbook ------------------------------------------------------------------------------


def test_mastery_view_shows_the_heat_map_and_its_table(store: MemoryStore) -> None:
    data = cw.state(store)
    view = cw.mastery(store)
    data.load_demo()
    gb = data.gb
    body = view.body.value
    assert body.count("<figure") == 2  # the chart per standard, then the heat map
    heat = body[body.index("Who is ready to move on"):]
    assert f'<div role="img" aria-label="{view.heatmap_summary}">' in heat
    assert view.heatmap_summary.startswith("Mastery heat map of 24 students by 4 standards")
    assert '<svg aria-hidden="true"' in heat and "the heat map&#x27;s data" in heat
    first = display_name(gb, gb.students[0])
    assert first in heat  # names on the teacher's own screen, from memory
    view.hide.value = True  # sharing the screen: pseudonyms only
    hidden = view.body.value
    identifiers = names(gb)
    assert identifiers
    assert not [x for x in identifiers if x in hidden]
    assert gb.students[0] in hidden
    saved = json.dumps(store.all(), ensure_ascii=False)
    assert not [x for x in identifiers if x in saved] and "heat" not in saved


def test_heat_map_never_reaches_shareable_output(store: MemoryStore, tmp_path: Path) -> None:
    data = cw.state(store)
    share = cw.share(store)
    data.load_bytes(canary_class(24))
    assert "Canary" in cw.mastery(store).body.value
    shared = " ".join(share.files.values())
    assert "heat map" not in shared.lower() and "canary" not in shared.lower()
    assert data.gb.students
    for key in data.gb.students:
        assert key not in shared
    paths = write_report(read_gradebook(canary_class(24), secret=b"t"), tmp_path / "out", shareable=True)
    text = " ".join(p.read_text(encoding="utf-8-sig") for p in paths)
    assert "heat map" not in text.lower()


def decode_link(html_text: str) -> tuple[str, str]:
    match = re.search(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html_text)
    assert match, html_text
    return match.group(1), base64.b64decode(match.group(2)).decode("utf-8")


def test_group_list_downloads_for_the_teachers_machine_only(store: MemoryStore) -> None:
    data = cw.state(store)
    groups = cw.groups(store)
    data.load_bytes(canary_class(24))
    name, text = decode_link(groups.links.value)
    assert name == "group-list-private.csv" and text == groups.files[name]
    assert "For your own computer only" in groups.links.value and "not sent anywhere" in groups.links.value
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["grouping", "group", "where they are", "student", "roll-up (of 4)"]
    ready = [r for r in rows if r["grouping"].startswith("readiness groups, ")]
    mixed = [r for r in rows if r["grouping"] == "mixed-readiness groups"]
    assert len(ready) == len(mixed) == 24  # every student once in each grouping
    assert {r["grouping"] for r in ready} == {f"readiness groups, {groups.standard.value}"}
    assert all("Canary" in r["student"] for r in rows)
    m = analyse(data.gb, MethodChoice())
    expected = m[m["standard"] == groups.standard.value]
    assert len({r["group"] for r in ready}) >= len(expected) // 5
    groups.standard.value = "W.1"
    assert decode_link(groups.links.value)[1].count("readiness groups, W.1") == 24
    groups.size.value = 4
    _, smaller = decode_link(groups.links.value)
    sizes = pd.read_csv(io.StringIO(smaller)).groupby(["grouping", "group"]).size()
    assert sizes.max() <= 4
    assert groups.use() == ""
    saved = json.dumps(store.all(), ensure_ascii=False)
    assert "Canary" not in saved and "CX88" not in saved and "data:" not in saved


def test_group_list_neutralises_formulas_and_follows_hidden_names(store: MemoryStore) -> None:
    rows = ["student,student id,standard,assessment,score,max"]
    for i, who in enumerate(["+Plus Pat", "=Eq Eli", "@At Ada", "-Min Mo", "Plain Pia", "Calm Cy"]):
        for j in range(2):
            rows.append(f"{who},ID{i},RL.1,Task {j},{(i + j) % 5},4")
    data = cw.state(store)
    groups = cw.groups(store)
    view = cw.mastery(store)
    data.load_bytes(("\n".join(rows) + "\n").encode())
    _, text = decode_link(groups.links.value)
    students = {r["student"] for r in csv.DictReader(io.StringIO(text))}
    assert {"'+Plus Pat", "'=Eq Eli", "'@At Ada", "'-Min Mo", "Plain Pia"} <= students
    view.hide.value = True
    _, hidden = decode_link(groups.links.value)
    assert "Pat" not in hidden and "Pia" not in hidden
    assert set(data.gb.students) == {r["student"] for r in csv.DictReader(io.StringIO(hidden))}
