"""plkit on a real JupyterHub, on 127.0.0.1, with real system users made for the run.

The shipped ``facilitator/deploy/jupyterhub_config.py`` (dummy authenticator, LocalProcessSpawner)
runs a facilitator and three participants, plus one roster member who never comes. Each
participant logs in through the hub's form in Chromium, lands on plkit's home page in Voila,
types a "why" word, and submits from the submit panel. The facilitator collects and autogrades
as their own account, and the completion matrix, the collected answers and the dashboard (on the
facilitator's own server) show exactly who did what. The operating system keeps participants
out of each other's workspaces, the exchange's inbound folder and the facilitator's workshop;
the hub keeps them out of the facilitator's server. Everything is stopped and every user is
removed (``userdel -r``) at the end. Needs root (CI runs as root); skipped elsewhere.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import responses, wait_for
from conftest import ARTIFACTS, ROOT, need
from hub_support import (
    Hub,
    Users,
    ensure_chp,
    login,
    make_base,
    make_exchange,
    python_usable_by_others,
    remove_base,
    run_as,
    run_python_as,
)

from plkit.workbooks.defining.keys import KEYS

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]

COURSE = "pl-hub"
WORDS = {"ana": "belonging", "ben": "agency", "cy": "curiosity"}
WORKBOOK = "defining/defining-personalized-learning.ipynb"


def python_for_test_users(probe: Callable[[], str] = python_usable_by_others,
                          paths: Sequence[Path] | None = None) -> str:
    """'' when the test's system users can run this Python with plkit (``probe`` runs it as an
    unprivileged account), else why and the command that fixes it: a Python under /root (pyenv)
    needs other accounts to traverse each folder above it, as ``.ci/run`` allows."""
    why = probe()
    if not why:
        return ""
    if paths is None:
        paths = [Path(os.path.realpath(sys.executable)), Path(sys.base_prefix) / "bin", ROOT / "plkit"]
    closed = sorted({str(d) for p in paths for d in p.parents
                     if d.is_dir() and not d.stat().st_mode & stat.S_IXOTH})
    if not closed:
        return why
    return f"{why.rstrip('. ')}; to fix it: chmod o+x {' '.join(shlex.quote(d) for d in closed)}"


@dataclass
class Setup:
    hub: Hub
    facilitator: str
    participants: dict[str, str]  # short name -> system user
    absent: str
    workshop: Path
    exchange: Path


@pytest.fixture(scope="module")
def setup() -> Iterator[Setup]:
    need(hasattr(os, "geteuid") and os.geteuid() == 0,
         "the hub test creates real system users (useradd) and must run as root, as CI does")
    need(all(shutil.which(t) for t in ("useradd", "userdel", "runuser")),
         "useradd, userdel and runuser are needed (Debian's passwd and util-linux packages)")
    need(shutil.which("npm") is not None, "npm is needed for configurable-http-proxy (apt-get install npm)")
    need(ensure_chp() is not None, "configurable-http-proxy could not be installed from npm")
    why = python_for_test_users()
    need(not why, why)
    base = make_base()
    users = Users()
    hub = None
    try:
        facilitator = users.add("fac")
        people = {short: users.add(short) for short in WORDS}
        absent = users.add("dee")
        exchange = make_exchange(base)
        workshop = Path(f"/home/{facilitator}/workshop")
        roster = [*people.values(), absent]
        run_python_as(facilitator, f"""
import json
from plkit.workshop.course import init, release
from plkit.workshop.roster import Participant
ws = init({str(workshop)!r}, {COURSE!r}, [Participant(p) for p in {roster!r}],
          exchange={str(exchange)!r}, workbooks=["defining", "nightmares"])
print(json.dumps(release(ws, ["defining"])))
""")
        hub = Hub(base, facilitator, roster, workshop, COURSE, exchange)
        hub.wait_ready()
        yield Setup(hub, facilitator, people, absent, workshop, exchange)
    finally:
        try:
            if hub is not None:
                hub.stop()
                shutil.copyfile(hub.log_path, ARTIFACTS / "jupyterhub.log")
        finally:
            users.remove()
            remove_base(base)


def facilitator_view(s: Setup) -> dict[str, object]:
    """Collect, autograde and read the completion matrix, as the facilitator's own account."""
    return run_python_as(s.facilitator, f"""
import json
from plkit.hub import impostors
from plkit.workshop.config import load
from plkit.workshop.course import autograde, collect
from plkit.workshop.status import completion_matrix
ws = load({str(s.workshop)!r})
bad = impostors(ws.exchange, ws.course_id)
got = collect(ws)
res = autograde(ws)
m = completion_matrix(ws)
print(json.dumps({{"impostors": bad, "collected": got, "failed": res.failed,
                  "cells": {{f"{{p}}/{{a}}": v for (p, a), v in m.cells.items()}}}}))
""", timeout=240)


def test_participants_submit_through_the_hub_and_only_the_facilitator_sees_who_did_what(
    setup: Setup, browser: object, artifacts: Path
) -> None:
    s, hub = setup, setup.hub
    assert sorted(s.participants) == sorted(WORDS)  # every loop below covers all three
    contexts = {}
    for short, user in s.participants.items():
        ctx = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts[short] = ctx
        page = ctx.new_page()
        login(page, hub.url, user)
        assert page.url.endswith("/voila/render/home.ipynb"), page.url  # the default URL
        page.get_by_text("Not released yet", exact=False).first.wait_for(timeout=90_000)
        page.get_by_role("link", name="Defining personalized learning").click()
        box = page.get_by_placeholder("e.g. equity")
        box.wait_for(timeout=90_000)
        box.fill(WORDS[short])
        ws = Path(f"/home/{user}/plkit-workspace")
        wait_for(lambda ws=ws, word=WORDS[short]: responses(ws, "defining").get(KEYS["why_word"]) == word,
                 timeout=30, what=f"{user}'s why word saved")
        page.get_by_role("button", name="Submit this workbook").click()
        page.get_by_role("status").filter(has_text="Submitted at").wait_for(timeout=60_000)
        if short == "ana":
            page.screenshot(path=str(artifacts / "hub-participant-submitted.png"))
        # The workspace is private to its owner (mode 700), whatever the home folder's mode.
        assert (ws.stat().st_mode & 0o777) == 0o700
        assert ws.stat().st_uid == Path(f"/home/{user}").stat().st_uid

    # The facilitator collects and autogrades as their own account and sees who did what.
    view = facilitator_view(s)
    assert view["impostors"] == [] and view["failed"] == []
    assert view["collected"]["defining"] == sorted(s.participants.values())
    cells = view["cells"]
    for user in s.participants.values():
        assert cells[f"{user}/defining"] == "incomplete"  # one step of five: a why word
        assert cells[f"{user}/nightmares"] == "missing"   # not released
    assert cells[f"{s.absent}/defining"] == "missing"
    for short, user in s.participants.items():
        collected = s.workshop / "submitted" / user / "defining"
        assert responses(collected.parent, "defining")[KEYS["why_word"]] == WORDS[short]

    # The facilitator's own server lands on the dashboard, with the completion table.
    fctx = browser.new_context(viewport={"width": 1200, "height": 900})
    fpage = fctx.new_page()
    login(fpage, hub.url, s.facilitator)
    assert fpage.url.endswith("/voila/render/dashboard.ipynb"), fpage.url
    table = fpage.locator("table.plkit-table", has_text="Completion by participant")
    table.wait_for(timeout=90_000)
    for user in s.participants.values():
        assert "incomplete" in table.locator("tr", has_text=user).inner_text()
    assert "missing" in table.locator("tr", has_text=s.absent).inner_text()
    body = fpage.inner_text("body")  # three submissions: the group's why words, unattributed
    assert all(word in body for word in WORDS.values())
    fpage.screenshot(path=str(artifacts / "hub-dashboard.png"))
    fctx.close()

    # A participant cannot open the facilitator's server (the hub answers 403), and their own
    # server has no dashboard (Voila serves only their workspace).
    ana, ben = s.participants["ana"], s.participants["ben"]
    page = contexts["ana"].new_page()
    r = page.goto(f"{hub.url}/user/{s.facilitator}/voila/render/dashboard.ipynb")
    assert r is not None and r.status == 403, (r.status if r else None, page.url)
    assert "Completion by participant" not in page.content()
    r = page.goto(f"{hub.url}/user/{ana}/voila/render/dashboard.ipynb")
    assert r is not None and r.status == 404
    for ctx in contexts.values():
        ctx.close()

    # The operating system keeps participants apart (as Ben, in a terminal of his own server).
    ana_answers = f"/home/{ana}/plkit-workspace/defining/plkit-responses.json"
    assert run_as(ana, "cat", ana_answers).returncode == 0  # Ana can read her own
    assert run_as(ben, "cat", ana_answers).returncode != 0
    assert run_as(ben, "ls", f"/home/{ana}/plkit-workspace").returncode != 0
    # ... out of the facilitator's workshop: gradebook, collected and autograded work.
    assert run_as(ben, "cat", str(s.workshop / "gradebook.db")).returncode != 0
    assert run_as(ben, "cat", str(s.workshop / "submitted" / ana / "defining" /
                                 "plkit-responses.json")).returncode != 0
    # ... and out of the exchange's inbound folder: it can be written to but not listed, so
    # nobody can find another's submission (names end in a random string; see deploy/README.md).
    inbound = s.exchange / COURSE / "inbound"
    listing = run_as(ben, "ls", str(inbound))
    assert listing.returncode != 0 and ana not in listing.stdout
    assert run_as(ben, "ls", str(s.exchange / COURSE / "outbound" / "defining")).returncode == 0

    # A submission under someone else's id is caught: Ben hands in as Ana, and the check the
    # facilitator runs before collecting names the folder and its real owner.
    run_python_as(ben, f"""
import json
from pathlib import Path
from plkit.exchange import Exchange, submit
r = submit(Exchange({COURSE!r}, Path({str(s.exchange)!r})),
           Path("/home/{ben}/plkit-workspace/defining"), "defining", {ana!r})
print(json.dumps(r.at))
""")
    flagged = run_python_as(s.facilitator, f"""
import json
from plkit.hub import impostors
print(json.dumps(impostors({str(s.exchange)!r}, {COURSE!r})))
""")
    assert [(name.split("+")[0], owner) for name, owner in flagged] == [(ana, ben)]


def test_everything_stops(setup: Setup) -> None:
    """The hub's own process group is alive now; stopping it (as the fixture does at the end)
    stops every single-user server it started, because cleanup_servers is on."""
    uids = {pwd.getpwnam(u).pw_uid for u in setup.participants.values()}
    running = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _owned(p, uids)]
    assert running, "each participant's server should still be running before the hub stops"
    setup.hub.stop()
    assert setup.hub.proc.poll() is not None
    wait_for(lambda: not [p for p in Path("/proc").iterdir()
                          if p.name.isdigit() and _owned(p, uids)],
             timeout=30, what="every participant's server to stop with the hub")


def _owned(proc: Path, uids: set[int]) -> bool:
    try:
        return proc.stat().st_uid in uids
    except OSError:
        return False

