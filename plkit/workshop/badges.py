"""Open Badges 3.0 credentials for participants who completed what an achievement requires.

:func:`issue` signs one W3C Verifiable Credential (JWT-VC, Ed25519) per participant who completed
every workbook the achievement requires (:mod:`plkit.workshop.badge_rules`), with openbadgeslib,
and writes it twice into the output folder: ``<participant id>.jwt`` (the signed credential) and
``<participant id>.svg`` (the badge image with the same credential baked in), beside
``issuer-public-key.pem``. The recipient is the roster email. The issuer key is made once per
workshop, in ``<workshop>/badges/issuer-key.pem`` (readable by the facilitator only), and reused.

Revocation uses openbadgeslib's W3C Bitstring Status List: with a status list address
(``status_url``, where the district publishes ``status/revocation.jwt`` from the output folder), each
credential carries its entry, and :func:`revoke` sets its bit in the list the library signs.

The record of what was issued lives in ``<workshop>/badges/issued.json``; :func:`earners` reads
it (the facilitator's dashboard lists who earned a badge from it). Issuing again is idempotent:
a participant's credential is signed once and only written again if its files are missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openbadgeslib.keys import KeyEd25519
from openbadgeslib.ob3 import (
    Achievement,
    Evidence,
    Issuer,
    OB3Signer,
    OpenBadgeCredential,
    StatusRegistry,
    build_status_list_credential,
    did_key_from_pem,
    sign_status_list_credential,
    status_entry,
)

from plkit.errors import WorkshopError
from plkit.workshop.badge_image import badge_svg
from plkit.workshop.badge_rules import check_achievement, pathway_of, required, wording
from plkit.workshop.config import Workshop, load
from plkit.workshop.export import released
from plkit.workshop.status import completion_matrix

__all__ = ["Earner", "Issued", "RECORD", "KEY_FILE", "PUBLIC_KEY", "REVOCATION_LIST", "earners", "issue",
           "revoke", "read_record"]

#: The record of issued credentials, relative to the workshop folder.
RECORD = Path("badges") / "issued.json"
#: The issuer's private key, relative to the workshop folder (mode 0600).
KEY_FILE = Path("badges") / "issuer-key.pem"
_REGISTRY = Path("badges") / "status-registry.json"
#: Written beside the credentials.
PUBLIC_KEY = "issuer-public-key.pem"
#: The signed revocation list (in a folder of its own: a participant id may be any name).
REVOCATION_LIST = "status/revocation.jwt"
SCHEMA = 1
_ALG = "EdDSA"


@dataclass(frozen=True)
class Earner:
    """One credential issued: who, for which achievement, when (ISO date), and whether revoked."""

    participant: str
    achievement: str
    issued: str
    revoked: bool


@dataclass
class Issued:
    """What :func:`issue` did: participant ids per outcome, and one sentence per participant skipped."""

    out: Path
    #: Where the revocation list is to be published (None: the badges carry no revocation status).
    status_url: str | None = None
    issued: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _workshop(ws: Workshop | str | Path) -> Workshop:
    return ws if isinstance(ws, Workshop) else load(ws)


def read_record(ws: Workshop) -> dict[str, Any]:
    """The record of issued credentials (an empty one when none were issued yet)."""
    path = ws.root / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"schema": SCHEMA, "settings": {}, "credentials": []}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise WorkshopError(f"{path} could not be read as plkit's record of badges; restore it "
                            "from a backup (the issued badges themselves are unchanged).") from None
    if not isinstance(data, dict) or not isinstance(data.get("credentials"), list):
        raise WorkshopError(f"{path} is not plkit's record of badges; restore it from a backup.")
    data.setdefault("settings", {})
    return data


def earners(ws: Workshop | str | Path) -> list[Earner]:
    """Everyone who was issued a credential, in the order they were issued, revoked ones included
    (``revoked=True``). An empty list when no badge was issued yet.

    ``ws`` is a workshop or its folder.
    """
    record = read_record(_workshop(ws))
    return [Earner(str(c["participant"]), str(c["achievement_name"]), str(c["issued"])[:10],
                   bool(c.get("revoked"))) for c in record["credentials"]]


def _write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """``data`` into ``path`` whole or not at all, created with ``mode``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with open(fd, "wb") as f:
            f.write(data)
        tmp.chmod(mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _private_dir(ws: Workshop) -> Path:
    folder = ws.root / "badges"
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _issuer_key(ws: Workshop) -> tuple[bytes, bytes]:
    """The workshop's issuer key (private PEM, public PEM), made on first use and reused."""
    _private_dir(ws)
    path = ws.root / KEY_FILE
    key = KeyEd25519()
    if path.exists():
        try:
            key.read_private_key(path.read_bytes())
            key.pub_key = key.priv_key.public_key()
        except (OSError, ValueError, TypeError):
            raise WorkshopError(f"The issuer key {path} could not be read; restore it from a backup, since "
                                "badges already issued can only be verified with its public key.") from None
        return key.get_priv_key_pem(), key.get_pub_key_pem()
    private, public = key.generate_keypair()
    _write(path, private, 0o600)
    return private, public


def _out_dir(out: str | Path) -> Path:
    p = Path(out).expanduser().resolve()
    try:
        p.mkdir(parents=True, exist_ok=True)
        probe = p / f".plkit-write-test.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise WorkshopError(f"{p} cannot hold the badges ({exc.strerror or type(exc).__name__}); choose a "
                            "folder you can write to.") from None
    return p


def _save_record(ws: Workshop, record: dict[str, Any]) -> None:
    _private_dir(ws)
    _write(ws.root / RECORD, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _settings(ws: Workshop, record: dict[str, Any], title: str | None, issuer: str | None,
              status_url: str | None) -> dict[str, Any]:
    """The workshop's badge settings: those given now, else those of the first issue, else defaults."""
    s: dict[str, Any] = record["settings"]
    if status_url is not None and status_url and not status_url.startswith("https://"):
        raise WorkshopError(f"The status list address must start with https:// (got {status_url}); give "
                            "the address where you will publish status/revocation.jwt.")
    s["title"] = title or s.get("title") or f"Personalized learning workshop {ws.course_id}"
    s["issuer"] = issuer or s.get("issuer") or s["title"]
    if status_url is not None:
        s["status_url"] = status_url or None
    s.setdefault("status_url", None)
    return s


@dataclass
class _Signing:
    ws: Workshop
    out: Path
    private: bytes
    issuer: Issuer
    settings: dict[str, Any]
    registry: StatusRegistry
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def credential(self, achievement: str, workbooks: list[str], email: str) -> OpenBadgeCredential:
        words = wording(achievement, workbooks, self.settings["title"])
        slug = achievement.replace(",", "+")
        cred = OpenBadgeCredential(
            issuer=self.issuer, recipient_id=f"mailto:{email}",
            achievement=Achievement(id=f"urn:plkit:{self.ws.course_id}:{slug}", name=words.name,
                                    description=words.description, criteria_narrative=words.criteria,
                                    achievement_type="Badge"),
            evidence=[Evidence(name=n, description=d) for n, d in words.evidence],
            issuance_date=self.now)
        if self.settings["status_url"]:
            assert cred.id is not None
            index = self.registry.allocate(cred.id, f"mailto:{email}", self.now)
            cred.credential_status = [status_entry(self.settings["status_url"], "revocation", index)]
        return cred

    def write(self, pid: str, token: str) -> list[str]:
        """The credential and its badge image, from the signed token."""
        # deferred: baking parses SVG with defusedxml; only writing a badge needs it
        from openbadgeslib import baking

        svg = baking.bake_svg(badge_svg(self.settings["title"], _achievement_name(token)), token,
                              element=baking.SVG_ELEMENT_OB3, namespace=baking.SVG_NS_OB3)
        _write(self.out / f"{pid}.jwt", token.encode("ascii") + b"\n")
        _write(self.out / f"{pid}.svg", svg)
        return [f"{pid}.jwt", f"{pid}.svg"]

    def revocation_list(self) -> None:
        url = self.settings["status_url"]
        if url:
            vc = build_status_list_credential(self.issuer.id, url, "revocation", self.registry.revoked_indices())
            (self.out / REVOCATION_LIST).parent.mkdir(exist_ok=True)
            _write(self.out / REVOCATION_LIST, sign_status_list_credential(vc, self.private, _ALG).encode("ascii"),
                   0o644)


def _achievement_name(token: str) -> str:
    # deferred: PyJWT comes with openbadgeslib; only reading back a signed token needs it
    import jwt

    payload = jwt.decode(token, options={"verify_signature": False})
    return str(payload["credentialSubject"]["achievement"]["name"])


def _signing(ws: Workshop, out: str | Path, record: dict[str, Any]) -> _Signing:
    private, public = _issuer_key(ws)
    out_dir = _out_dir(out)
    _write(out_dir / PUBLIC_KEY, public, 0o644)
    s = record["settings"]
    registry = StatusRegistry.load(str(ws.root / _REGISTRY))
    return _Signing(ws, out_dir, private, Issuer(id=did_key_from_pem(public), name=s["issuer"]), s, registry)


def issue(ws: Workshop | str | Path, out: str | Path, achievement: str = "pathway", title: str | None = None,
          issuer: str | None = None, status_url: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> Issued:
    """Issue the achievement's credential to every participant who completed what it requires
    (see :mod:`plkit.workshop.badge_rules`), into the folder ``out``. ``title`` (the workshop's
    name on the badge), ``issuer`` and ``status_url`` are kept from the first issue unless given."""
    ws = _workshop(ws)
    achievement = check_achievement(achievement)
    record = read_record(ws)
    _settings(ws, record, title, issuer, status_url)
    m = completion_matrix(ws)
    offered = released(ws, m)
    sign = _signing(ws, out, record)
    result = Issued(sign.out, sign.settings["status_url"])
    have = {(c["participant"], c["achievement"]): c for c in record["credentials"]}
    for n, pid in enumerate(m.participants, start=1):
        needs = required(achievement, pathway_of(ws.root / "submitted", pid), offered)
        done = bool(needs) and all(m.cells[(pid, w)] == "complete" for w in needs)
        entry = have.get((pid, achievement))
        if entry is not None:
            _again(sign, entry, result)
        elif not done:
            result.incomplete.append(pid)
        elif not m.people.get(pid) or not m.people[pid].email:
            result.skipped.append(f"{pid} has no email in the roster, so no badge was issued; add it with "
                                  f"plkit workshop add-participant {ws.root} {pid} --email ADDRESS and run badges "
                                  "again.")
        else:
            signer = OB3Signer(sign.private, algorithm=_ALG)
            token = signer.sign(sign.credential(achievement, needs, m.people[pid].email))
            files = sign.write(pid, token)
            record["credentials"].append({
                "participant": pid, "achievement": achievement, "achievement_name": _achievement_name(token),
                "issued": sign.now.isoformat(timespec="seconds"), "revoked": None, "workbooks": needs,
                "token": token, "out": str(sign.out), "files": files})
            result.issued.append(pid)
        if progress:
            progress(n, len(m.participants))
    sign.registry.save()
    sign.revocation_list()
    _save_record(ws, record)
    return result


def _again(sign: _Signing, entry: dict[str, Any], result: Issued) -> None:
    """A participant already issued this credential: nothing new is signed; its files are written
    again (the same credential) only if they are missing from the output folder."""
    pid = str(entry["participant"])
    if entry.get("revoked"):
        result.revoked.append(pid)
        return
    if all((sign.out / f).exists() for f in (f"{pid}.jwt", f"{pid}.svg")):
        result.already.append(pid)
        return
    sign.write(pid, str(entry["token"]))
    entry["out"] = str(sign.out)
    result.rewritten.append(pid)


def revoke(ws: Workshop | str | Path, participant: str, reason: str | None = None,
           out: str | Path | None = None) -> list[str]:
    """Revoke every credential issued to ``participant`` (for one removed from the roster): the
    record says so, their files leave the output folder, and with a status list address the
    library's revocation list (``status/revocation.jwt``, to publish again) has their bit set. Returns the
    names of the achievements revoked."""
    ws = _workshop(ws)
    record = read_record(ws)
    mine = [c for c in record["credentials"] if c["participant"] == participant and not c.get("revoked")]
    if not mine:
        raise WorkshopError(f"No badge that is not already revoked was issued to '{participant}'; "
                            "plkit workshop badges DIR --list shows who has one.")
    _settings(ws, record, None, None, None)
    sign = _signing(ws, out or mine[0]["out"], record)
    # deferred: PyJWT comes with openbadgeslib; only revoking reads a credential's id back
    import jwt

    for c in mine:
        c["revoked"] = sign.now.isoformat(timespec="seconds")
        c["reason"] = reason
        jti = jwt.decode(c["token"], options={"verify_signature": False})["jti"]
        if jti in sign.registry.entries:
            sign.registry.revoke(jti, sign.now, reason)
        for f in c.get("files", []):
            (Path(c["out"]) / f).unlink(missing_ok=True)
    sign.registry.save()
    sign.revocation_list()
    _save_record(ws, record)
    return [str(c["achievement_name"]) for c in mine]
