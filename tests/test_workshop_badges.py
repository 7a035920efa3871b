"""Open Badges 3.0 credentials for a workshop's participants (plkit.workshop.badges)."""

from __future__ import annotations

import base64
import contextlib
import doctest
import io
import json
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import jwt
import pytest
from helpers_unit import assert_one_sentence
from openbadgeslib.keys import KeyEd25519
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from plkit.cli import main
from plkit.errors import WorkshopError
from plkit.facilitator.collected import collect_responses
from plkit.registry import get
from plkit.store import FileStore
from plkit.workbooks.start_here.keys import KEYS as START_KEYS
from plkit.workbooks.start_here.model import own_pathway
from plkit.workshop import badge_image, badge_rules, demo
from plkit.workshop.badge_image import badge_svg
from plkit.workshop.badge_rules import ACHIEVEMENTS, EVIDENCE, check_achievement, required, wording
from plkit.workshop.badges import KEY_FILE, PUBLIC_KEY, RECORD, REVOCATION_LIST, Earner, _settings, earners, read_record
from plkit.workshop.config import Workshop, load
from plkit.workshop.course import add_participants
from plkit.workshop.roster import Participant
from plkit.workshop.status import Matrix, completion_matrix


def _workshop(tmp_path: Path) -> Workshop:
    return Workshop(tmp_path, "pl-test", f"sqlite:///{tmp_path / 'gradebook.db'}", tmp_path / "exchange")


def test_earners_of_a_workshop_without_badges(tmp_path: Path) -> None:
    assert earners(_workshop(tmp_path)) == []


def test_earners_read_the_record(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    (tmp_path / RECORD).parent.mkdir()
    (tmp_path / RECORD).write_text(json.dumps({"schema": 1, "credentials": [
        {"participant": "ana", "achievement": "pathway", "achievement_name": "Pathway completed",
         "issued": "2026-11-30T14:00:00Z", "revoked": None},
        {"participant": "ben", "achievement": "pathway", "achievement_name": "Pathway completed",
         "issued": "2026-11-30T14:00:00Z", "revoked": "2026-12-01T09:00:00Z"},
    ]}))
    assert earners(ws) == [Earner("ana", "Pathway completed", "2026-11-30", False),
                           Earner("ben", "Pathway completed", "2026-11-30", True)]


def test_a_damaged_record_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / RECORD).parent.mkdir()
    (tmp_path / RECORD).write_text("{ not json")
    with pytest.raises(WorkshopError) as err:
        earners(_workshop(tmp_path))
    assert_one_sentence(str(err.value))


# -- which workbooks an achievement requires --------------------------------------------------------

RELEASED = ["start-here", "defining", "nightmares", "sharing", "looking-back", "checkin-2w"]


def test_the_pathway_rule() -> None:
    # their own pathway, with Start here; never a follow-up; never a workbook that was not released
    assert required("pathway", ["sharing", "classdata", "checkin-2w", "looking-back"], RELEASED) == [
        "start-here", "sharing", "looking-back"]
    # no pathway confirmed: every released day workbook
    assert required("pathway", None, RELEASED) == ["start-here", "defining", "nightmares", "sharing", "looking-back"]
    assert required("day", ["sharing"], RELEASED) == required("pathway", None, RELEASED)
    assert required("defining,checkin-2w", None, RELEASED) == ["defining", "checkin-2w"]


@pytest.mark.parametrize("given", ["everything", "defining,nope", " , "])
def test_an_unknown_achievement_is_one_sentence(given: str) -> None:
    with pytest.raises(WorkshopError) as err:
        check_achievement(given)
    assert_one_sentence(str(err.value))


def test_the_words_name_titles_criteria_and_evidence_only() -> None:
    w = wording("pathway", ["start-here", "defining"], "PL day 2026")
    assert w.name == ACHIEVEMENTS["pathway"]
    assert "PL day 2026" in w.description
    assert "Defining personalized learning (" in w.criteria and "Wrote their school's definition" in w.criteria
    assert " you" not in w.criteria.lower()  # said about the earner, not to them
    assert [n for n, _ in w.evidence] == [EVIDENCE["start-here"], "Definition card"]


def test_the_badge_image_is_labelled() -> None:
    svg = badge_svg("PL day <2026> & more", "Personalized learning: my pathway completed").decode()
    assert 'role="img"' in svg and 'aria-labelledby="badge-title badge-desc"' in svg
    assert ('<title id="badge-title">Open Badge: Personalized learning: my pathway completed, PL day &lt;2026&gt; '
            "&amp; more</title>") in svg
    assert '<desc id="badge-desc">' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere


# -- a demo workshop, issued on the command line and checked by openbadgeslib's own verifier ---------

STATUS_URL = "https://badges.example.org/pl-demo/revocation.jwt"


@dataclass
class Issue:
    root: Path
    out: Path
    matrix: Matrix
    narrow: str  # completed the narrow pathway it chose, not every day workbook
    no_email: str  # completed everything, but the roster has no email for them
    first: tuple[int, str, str]
    second: tuple[int, str, str]
    files_after_first: dict[str, bytes]
    key_after_first: bytes


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


def _day(m: Matrix) -> list[str]:
    return [w for w in m.workbooks if get(w).stage != "follow-up"]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issue:
    base = tmp_path_factory.mktemp("badges")
    root, out = base / "demo", base / "out"
    ws = demo.create(root, participants=10, seed=1, grade="fast")
    m = completion_matrix(ws)
    day = _day(m)
    everything = [p for p in m.participants if all(m.cells[(p, w)] == "complete" for w in day)]
    narrow = next(p for p in m.participants if m.cells[(p, "start-here")] == "complete"
                  and p not in everything and any(m.cells[(p, w)] == "complete" for w in day[1:]))
    mine = [w for w in day[1:] if m.cells[(narrow, w)] == "complete"]
    FileStore(root / "submitted" / narrow / "start-here", "start-here", narrow).set(
        START_KEYS["pathway"], own_pathway(mine, "own"))
    no_email = everything[-1]
    person = m.people[no_email]
    add_participants(ws, [Participant(no_email, person.first_name, person.last_name, "")])
    first = _run("workshop", "badges", str(root), "--out", str(out), "--status-url", STATUS_URL,
                 "--title", "PL day, Riverside 2026", "--issuer", "Riverside School District")
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    key = (root / KEY_FILE).read_bytes()
    second = _run("workshop", "badges", str(root), "--out", str(out))
    return Issue(root, out, completion_matrix(ws), narrow, no_email, first, second, files, key)


def _email(i: Issue, pid: str) -> str:
    return i.matrix.people[pid].email


def _verifier_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "openbadges-verifier"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_badges_go_to_who_completed_their_pathway(issued: Issue) -> None:
    rc, out, err = issued.first
    assert rc == 0, err
    m = issued.matrix
    day = _day(m)
    expected = sorted(p for p in m.participants if p != issued.no_email and (
        p == issued.narrow or all(m.cells[(p, w)] == "complete" for w in day)))
    got = sorted(p.stem for p in issued.out.glob("*.jwt"))
    assert got == expected and issued.narrow in got
    assert sorted(p.stem for p in issued.out.glob("*.svg")) == expected
    incomplete = [p for p in m.participants if p not in expected and p != issued.no_email]
    assert incomplete, "the demo should hold someone who did not complete"
    assert f"{len(expected)} badge(s) issued" in out
    assert f"{len(incomplete)} participant(s) have not completed" in out
    # the one without an email: one sentence saying to add it
    line = next(ln for ln in out.splitlines() if issued.no_email in ln and "email" in ln)
    assert_one_sentence(line)
    assert "add-participant" in line
    assert sorted(e.participant for e in earners(issued.root)) == expected


@pytest.mark.slow
def test_every_credential_verifies_with_the_librarys_own_verifier(issued: Issue) -> None:
    pub = (issued.out / PUBLIC_KEY).read_bytes()
    verifier = OB3Verifier(pub)
    for jwt_file in sorted(issued.out.glob("*.jwt")):
        pid = jwt_file.stem
        token = issued.files_after_first[jwt_file.name].decode().strip()
        cred = verifier.verify(token, expected_recipient=_email(issued, pid))
        assert cred.issuer.name == "Riverside School District"
        assert cred.achievement.name == ACHIEVEMENTS["pathway"]
        svg = issued.out / f"{pid}.svg"
        assert OB3Verifier.extract_token_from_svg(svg.read_bytes()) == token
        r = _verifier_cli("-V", "3", "-i", str(svg), "-r", _email(issued, pid), "-k", str(issued.out / PUBLIC_KEY),
                          "--json")
        result = json.loads(r.stdout)
        assert r.returncode == 0 and result["valid"] and result["trusted"], r.stdout + r.stderr
        # the wrong recipient is refused
        r = _verifier_cli("-V", "3", "-i", str(svg), "-r", "someone@example.org", "-k",
                          str(issued.out / PUBLIC_KEY), "--json")
        assert r.returncode != 0 and not json.loads(r.stdout)["valid"]


@pytest.mark.slow
def test_the_narrow_pathway_is_what_the_criteria_name(issued: Issue) -> None:
    token = (issued.out / f"{issued.narrow}.jwt").read_text().strip()
    cred = OB3Verifier((issued.out / PUBLIC_KEY).read_bytes()).verify(token)
    m = issued.matrix
    mine = ["start-here", *(w for w in _day(m)[1:] if m.cells[(issued.narrow, w)] == "complete")]
    for w in _day(m):
        assert (f"{get(w).title} (" in cred.achievement.criteria_narrative) == (w in mine), w
    assert [e.name for e in cred.evidence] == [EVIDENCE[w] for w in mine]


@pytest.mark.slow
def test_a_tampered_credential_is_rejected(issued: Issue, tmp_path: Path) -> None:
    pid = sorted(p.stem for p in issued.out.glob("*.jwt"))[0]
    token = (issued.out / f"{pid}.jwt").read_text().strip()
    head, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["credentialSubject"]["id"] = "mailto:impostor@example.org"
    forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    forged = f"{head}.{forged_body}.{sig}"
    verifier = OB3Verifier((issued.out / PUBLIC_KEY).read_bytes())
    with pytest.raises(OB3VerificationError):
        verifier.verify(forged, expected_recipient="impostor@example.org")
    svg = (issued.out / f"{pid}.svg").read_text().replace(token, forged)
    (tmp_path / "forged.svg").write_text(svg)
    r = _verifier_cli("-V", "3", "-i", str(tmp_path / "forged.svg"), "-r", "impostor@example.org", "-k",
                      str(issued.out / PUBLIC_KEY), "--json")
    assert r.returncode != 0 and not json.loads(r.stdout)["valid"]
    # and a key that is not the workshop's verifies nothing
    _, other = KeyEd25519().generate_keypair()
    with pytest.raises(OB3VerificationError):
        OB3Verifier(other).verify(token)


@pytest.mark.slow
def test_the_issuer_key_is_the_facilitators_alone_and_reused(issued: Issue) -> None:
    key = issued.root / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((issued.root / RECORD).stat().st_mode) == 0o600
    assert key.read_bytes() == issued.key_after_first
    assert b"PRIVATE" not in (issued.out / PUBLIC_KEY).read_bytes()
    assert not any(b"PRIVATE KEY" in p.read_bytes() for p in issued.out.rglob("*") if p.is_file())


@pytest.mark.slow
def test_issuing_again_signs_nothing_twice(issued: Issue) -> None:
    rc, out, err = issued.second
    assert rc == 0, err
    assert "0 badge(s) issued" in out
    assert {p.name: p.read_bytes() for p in issued.out.iterdir() if p.is_file()} == issued.files_after_first
    record = read_record(load(issued.root))
    pids = [c["participant"] for c in record["credentials"]]
    assert len(pids) == len(set(pids))
    # a credential whose files went missing is written again, the same credential
    pid = pids[0]
    (issued.out / f"{pid}.jwt").unlink()
    rc, out, _ = _run("workshop", "badges", str(issued.root), "--out", str(issued.out))
    assert rc == 0 and "1 written again" in out
    assert (issued.out / f"{pid}.jwt").read_bytes() == issued.files_after_first[f"{pid}.jwt"]
    assert len(read_record(load(issued.root))["credentials"]) == len(pids)


@pytest.mark.slow
def test_no_answer_and_no_name_in_a_credential(issued: Issue) -> None:
    collected = collect_responses(issued.root / "submitted")
    for jwt_file in issued.out.glob("*.jwt"):
        pid = jwt_file.stem
        text = json.dumps(jwt.decode(jwt_file.read_text().strip(), options={"verify_signature": False}))
        person = issued.matrix.people[pid]
        assert person.last_name not in text and person.first_name not in text
        for wid, by_participant in collected.by_workbook.items():
            for answer in _texts(by_participant.get(pid, {})):
                if len(answer) > 25:
                    assert answer not in text, (wid, answer)


@pytest.mark.slow
def test_revoking_shows_in_the_librarys_status_list(issued: Issue) -> None:
    pids = sorted(p.stem for p in issued.out.glob("*.jwt"))
    gone, kept = pids[0], pids[-1]
    tokens = {p: (issued.out / f"{p}.jwt").read_text().strip() for p in (gone, kept)}
    rc, out, err = _run("workshop", "badges", str(issued.root), "--revoke", gone, "--reason", "left the district")
    assert rc == 0, err
    assert f"Revoked for {gone}" in out
    assert not (issued.out / f"{gone}.jwt").exists() and not (issued.out / f"{gone}.svg").exists()
    status_list = (issued.out / REVOCATION_LIST).read_bytes()

    def download(url: str) -> bytes:
        assert url == STATUS_URL
        return status_list

    verifier = OB3Verifier((issued.out / PUBLIC_KEY).read_bytes())
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(tokens[gone], check_status=True, download=download)
    verifier.verify(tokens[kept], check_status=True, download=download)  # the others stay valid
    assert {e.participant: e.revoked for e in earners(issued.root)}[gone] is True
    # revoked stays revoked: issuing again gives them nothing
    rc, out, _ = _run("workshop", "badges", str(issued.root), "--out", str(issued.out))
    assert rc == 0 and "stay revoked" in out and not (issued.out / f"{gone}.jwt").exists()
    rc, out, err = _run("workshop", "badges", str(issued.root), "--revoke", gone)
    assert rc == 2
    assert_one_sentence(err)


@pytest.mark.slow
@pytest.mark.parametrize("args, expected", [
    (["--achievement", "everything"], "--achievement"),
    (["--status-url", "http://insecure.example.org/x.jwt"], "https://"),
    (["--revoke", "nobody"], "nobody"),
])
@pytest.mark.slow
def test_mistakes_are_one_sentence(issued: Issue, args: list[str], expected: str) -> None:
    rc, out, err = _run("workshop", "badges", str(issued.root), *args)
    assert rc == 2, out
    assert_one_sentence(err)
    assert expected in err


def test_not_a_workshop(tmp_path: Path) -> None:
    rc, _, err = _run("workshop", "badges", str(tmp_path), "--out", str(tmp_path / "out"))
    assert rc == 2
    assert_one_sentence(err)
    assert not (tmp_path / "out").exists()


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def test_badge_settings_are_kept_from_the_first_issue(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    record = {"settings": {}, "credentials": []}
    s = _settings(ws, record, None, None, None)
    assert s == {"title": "Personalized learning workshop pl-test", "issuer": "Personalized learning workshop pl-test",
                 "status_url": None}
    _settings(ws, record, "PL day", "Riverside", "https://badges.example.org/r.jwt")
    assert _settings(ws, record, None, None, None) == {"title": "PL day", "issuer": "Riverside",
                                                      "status_url": "https://badges.example.org/r.jwt"}
    assert _settings(ws, record, None, None, "")["status_url"] is None  # given empty: none from now on
    with pytest.raises(WorkshopError) as err:
        _settings(ws, record, None, None, "http://badges.example.org/r.jwt")
    assert_one_sentence(str(err.value))


@pytest.mark.parametrize("module", [badge_rules, badge_image])
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
