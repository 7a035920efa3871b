"""Every concept the seeds teach reaches a participant, in our own words.

1. Each item of the catalog's faq, guidelines, sample_questions, habits, pillars, qualities,
   nightmares, components, dimensions, tensions and strategies appears on some participant page
   (built headlessly, as the notebook builds it), not only in the facilitator's overview.
2. No run of 12 or more words of a seed sentence appears outside quotation marks in content,
   notebooks, the strings of plkit's code or README.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import need
from helpers_unit import walk

from plkit.content import load_catalog
from plkit.registry import WORKBOOKS
from plkit.store import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 12

pytestmark = pytest.mark.usefixtures("clean_session")


def _text_of(widget: Any) -> Iterator[str]:
    for attr in ("value", "description", "placeholder", "tooltip"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            yield v
    for opt in getattr(widget, "options", None) or ():
        yield str(opt[0]) if isinstance(opt, (list, tuple)) else str(opt)


def _plain(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).lower()


def participant_pages() -> str:
    """Everything a participant can read on every workbook page (home and facilitator excluded)."""
    seen = []
    for wb in WORKBOOKS:
        page = importlib.import_module(wb.module("page"))
        store = MemoryStore(wb.id, "ana")
        if wb.id == "nightmares":
            store.set("nightmares.view", "list")  # the list view shows every nightmare at once
        for fn in (page.start, *page.PAGE):
            for widget in walk(fn(store=store)):
                seen.extend(_text_of(widget))
    return _plain(" ".join(seen))


@pytest.fixture(scope="module")
def pages() -> str:
    return participant_pages()


def _label(item: Any) -> str:
    for attr in ("name", "title", "question", "text"):
        v = getattr(item, attr, None)
        if isinstance(v, str) and v:
            return v
    raise AssertionError(f"{item!r} has nothing to show")


SECTIONS = ("faq", "guidelines", "sample_questions", "habits", "pillars", "qualities", "nightmares",
            "components", "dimensions", "tensions", "strategies")


@pytest.mark.parametrize("section", SECTIONS)
def test_every_item_is_met_by_a_participant(section: str, pages: str) -> None:
    items = getattr(load_catalog(use_settings=False), section)
    assert items, f"the catalog has no {section}"
    missing = [_label(i) for i in items if _plain(_label(i)) not in pages]
    assert missing == [], f"{section} not on any participant page: {missing}"


def _words(text: str) -> list[str]:
    text = text.replace("’", "'").lower()
    return re.findall(r"[a-z0-9']+", text)


def _seed_runs() -> set[tuple[str, ...]]:
    need(SEEDS.is_dir() and any(SEEDS.glob("*.txt")), f"the seed texts are missing from {SEEDS}")
    runs: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8")):
            words = _words(sentence)
            runs.update(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    assert runs, "no seed sentence is 12 words long"
    return runs


_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|&ldquo;.*?&rdquo;")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _yaml_strings(value: Any, skip: frozenset[str]) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from _yaml_strings(v, skip)
    elif isinstance(value, list):
        for v in value:
            yield from _yaml_strings(v, skip)
    elif isinstance(value, str):
        yield value


def our_texts() -> dict[str, str]:
    import yaml

    texts = {}
    for path in sorted((ROOT / "plkit" / "content" / "data").glob("*.yaml")):
        # quotations carry their source; the titles of the works cited are names, not prose
        skip = frozenset({"quote", "title"} if path.name == "sources.yaml" else {"quote"})
        texts[str(path.relative_to(ROOT))] = " ".join(_yaml_strings(yaml.safe_load(path.read_text()), skip))
    for path in sorted([*ROOT.glob("workbooks/**/*.ipynb"), *ROOT.glob("facilitator/*.ipynb")]):
        nb = json.loads(path.read_text(encoding="utf-8"))
        texts[str(path.relative_to(ROOT))] = " ".join("".join(c["source"]) for c in nb["cells"])
    for path in sorted((ROOT / "plkit").rglob("*.py")):
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    texts["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(texts) > 50
    return texts


def copied_runs(text: str, runs: set[tuple[str, ...]]) -> list[str]:
    words = _words(_unquoted(text))
    return [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)
            if tuple(words[i:i + RUN]) in runs]


def test_no_seed_sentence_is_copied_outside_quotation_marks() -> None:
    runs = _seed_runs()
    copied = {name: found[:2] for name, text in our_texts().items() if (found := copied_runs(text, runs))}
    assert copied == {}


def test_the_check_finds_a_copied_sentence() -> None:
    runs = _seed_runs()
    sentence = next(iter(runs))
    assert copied_runs("Intro. " + " ".join(sentence) + " end.", runs)
    assert not copied_runs("Intro “" + " ".join(sentence) + "” (the source).", runs)
