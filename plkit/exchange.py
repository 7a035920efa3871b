"""The participant's side of a workshop: fetch released workbooks, submit from the app.

nbgrader's exchange identifies a student by OS user name unless told otherwise; plkit always
passes the participant id explicitly, so submissions are attributed right whether participants
share one account (a lab) or have their own (a hub).
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plkit.errors import RosterError, WorkshopError
from plkit.privacy import NOT_SUBMITTED
from plkit.registry import get as get_workbook

__all__ = ["check_id", "Exchange", "from_env", "fetch", "submit", "SubmitResult", "submissions", "RECORD"]

RECORD = "plkit-submissions.json"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def check_id(value: str, where: str = "The participant id") -> str:
    """An id nbgrader and the exchange accept: letters, digits, . _ @ - (no spaces, + or *)."""
    v = value.strip()
    if not _ID.match(v):
        raise RosterError(
            f"{where} '{v}' is not usable; use letters, digits, '.', '_', '@' or '-' only "
            "(no spaces, '+' or '*'), at most 64 characters."
        )
    return v


@dataclass(frozen=True)
class Exchange:
    course_id: str
    root: Path

    def config(self, workspace: Path, student_id: str, assignment_id: str = "") -> Any:
        # deferred: traitlets' Config only when the exchange is used, not at CLI start-up
        from traitlets.config import Config

        c = Config()
        c.CourseDirectory.course_id = self.course_id
        c.CourseDirectory.student_id = student_id
        c.CourseDirectory.assignment_id = assignment_id
        c.CourseDirectory.root = str(workspace)
        c.Exchange.root = str(self.root)
        c.Exchange.assignment_dir = str(workspace)
        c.Exchange.cache = str(workspace / ".plkit-exchange-cache")
        c.ExchangeSubmit.strict = False
        # never submitted: the store's lock, a killed save's temporary file, answers set aside
        c.CourseDirectory.ignore = list(NOT_SUBMITTED)
        return c

    @property
    def outbound(self) -> Path:
        return self.root / self.course_id / "outbound"

    def released(self) -> list[str]:
        try:
            return sorted(p.name for p in self.outbound.iterdir() if p.is_dir())
        except OSError:
            return []


def from_env(env: dict[str, str] | None = None) -> Exchange | None:
    """The workshop this participant belongs to, from PLKIT_COURSE_ID and PLKIT_EXCHANGE."""
    env = dict(os.environ) if env is None else env
    course, root = env.get("PLKIT_COURSE_ID"), env.get("PLKIT_EXCHANGE")
    if course and root:
        return Exchange(course, Path(root).expanduser())
    return None


def _run(app_cls: Any, c: Any, doing: str) -> None:
    # deferred: nbgrader takes about 1 s to import; only fetch and submit need it
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory  # deferred, as above
    from nbgrader.exchange import ExchangeError  # deferred, as above

    for name in ("traitlets", "nbgrader"):
        logging.getLogger(name).setLevel(logging.ERROR)
    coursedir = CourseDirectory(config=c)
    app = app_cls(coursedir=coursedir, authenticator=Authenticator(config=c), config=c)
    try:
        app.start()
    except ExchangeError as exc:
        why = str(exc).splitlines()[0] if str(exc) else "the exchange refused"
        raise WorkshopError(f"Could not {doing}: {why}.") from None
    except OSError as exc:
        raise WorkshopError(f"Could not {doing}: the exchange folder is not reachable "
                            f"({exc.strerror}); tell your facilitator.") from None


def fetch(exchange: Exchange, workspace: str | Path, student_id: str,
          workbooks: list[str] | None = None) -> list[str]:
    """Copy released workbooks that are not in the workspace yet; never overwrite answers."""
    # deferred: nbgrader takes about 1 s to import (see _run)
    from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment

    ws = Path(workspace)
    ws.mkdir(parents=True, exist_ok=True)
    check_id(student_id)
    got = []
    for wid in workbooks or exchange.released():
        if (ws / wid).exists():
            continue
        _run(ExchangeFetchAssignment, exchange.config(ws, student_id, wid), f"fetch '{wid}'")
        got.append(wid)
    return got


@dataclass(frozen=True)
class SubmitResult:
    workbook: str
    at: str
    replaced_earlier: bool

    @property
    def message(self) -> str:
        when = datetime.fromisoformat(self.at).astimezone().strftime("%H:%M on %d %B %Y")
        extra = " It replaces your earlier submission." if self.replaced_earlier else ""
        return f"Submitted at {when}.{extra}"


def submissions(workspace: str | Path) -> dict[str, str]:
    """{workbook: ISO time of the last successful submit} for this workspace."""
    try:
        data = json.loads((Path(workspace) / RECORD).read_text(encoding="utf-8"))
        return {k: v for k, v in data.items() if isinstance(v, str)}
    except (OSError, ValueError):
        return {}


def submit(exchange: Exchange | None, folder: str | Path, workbook: str, student_id: str) -> SubmitResult:
    """Hand the workbook folder to nbgrader's exchange, as the participant ``student_id``."""
    # deferred: nbgrader takes about 1 s to import (see _run)
    from nbgrader.exchange.default.submit import ExchangeSubmit

    if exchange is None:
        raise WorkshopError("This computer is not connected to a workshop, so there is nowhere to "
                            "submit; download your card instead, or ask your facilitator.")
    get_workbook(workbook)
    check_id(student_id, "Your participant id")
    folder = Path(folder).resolve()
    if not exchange.root.is_dir():
        raise WorkshopError("The workshop's exchange folder is not reachable right now; your "
                            "answers are safe here, so try again in a moment or tell your "
                            "facilitator.")
    if workbook not in exchange.released():
        raise WorkshopError("This workbook has not been released in the workshop yet, so it "
                            "cannot be submitted; your answers are saved, so submit once your "
                            "facilitator releases it.")
    if folder.name != workbook:
        raise WorkshopError(f"This folder ({folder.name}) is not the workbook '{workbook}'; open "
                            "the workbook from your home page and submit from there.")
    workspace = folder.parent
    record = submissions(workspace)
    _run(ExchangeSubmit, exchange.config(workspace, student_id, workbook), "submit")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    replaced = workbook in record
    record[workbook] = at
    tmp = workspace / (RECORD + ".tmp")
    tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
    os.replace(tmp, workspace / RECORD)
    return SubmitResult(workbook, at, replaced)
