"""Who has completed what: the completion matrix, from nbgrader's gradebook and the
collected submissions, as a table, CSV and an HTML report for the host school."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from plkit.errors import WorkbookNotFound, WorkshopError
from plkit.registry import WORKBOOKS, get
from plkit.ui.printable import page_html
from plkit.workshop.config import Workshop
from plkit.workshop.roster import Participant

__all__ = ["STATES", "Matrix", "completion_matrix", "matrix_csv", "matrix_text", "report_html", "title"]

#: The state of one participant x workbook cell, in the order facilitators read them.
STATES = ("complete", "incomplete", "submitted", "missing")


@dataclass(frozen=True)
class Matrix:
    workbooks: list[str]
    participants: list[str]
    names: dict[str, str]
    cells: dict[tuple[str, str], str]
    #: Each participant as the gradebook has them (first and last name, email).
    people: dict[str, Participant] = field(default_factory=dict)
    #: When each autograded cell was submitted (the gradebook's timestamp, UTC, ISO 8601).
    submitted: dict[tuple[str, str], str] = field(default_factory=dict)

    def count(self, workbook: str, state: str) -> int:
        return sum(1 for p in self.participants if self.cells[(p, workbook)] == state)


def completion_matrix(ws: Workshop) -> Matrix:
    """Participants x workbooks, each cell one of STATES.

    complete / incomplete: autograded, and plkit's completion check passed or not;
    submitted: collected but not autograded yet; missing: nothing collected.
    One SQL query over the gradebook, so 500 x 5 takes well under a second.
    """
    # deferred: SQLAlchemy takes about 0.2 s to import; only reading the gradebook needs it
    from sqlalchemy import create_engine, text

    assignments = sorted(p.name for p in (ws.root / "source").iterdir() if p.is_dir()) \
        if (ws.root / "source").is_dir() else []
    order = {wb.id: i for i, wb in enumerate(WORKBOOKS)}
    assignments.sort(key=lambda a: (order.get(a, 99), a))
    try:
        engine = create_engine(ws.db_url)
        with engine.connect() as conn:
            students = conn.execute(text(
                "SELECT id, first_name, last_name, email FROM student ORDER BY id")).all()
            rows = conn.execute(text(
                """
                SELECT sa.student_id, a.name, MAX(sa.timestamp) AS graded_ts,
                       SUM(COALESCE(g.manual_score, g.auto_score, 0)) AS score,
                       SUM(gc.max_score) AS max_score,
                       COUNT(g.id) AS grades,
                       SUM(CASE WHEN g.auto_score IS NULL AND g.manual_score IS NULL
                                THEN 1 ELSE 0 END) AS ungraded
                FROM submitted_assignment sa
                JOIN assignment a ON a.id = sa.assignment_id
                LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
                LEFT JOIN grade g ON g.notebook_id = sn.id
                LEFT JOIN grade_cells gc ON gc.id = g.cell_id
                GROUP BY sa.student_id, a.name
                """)).all()
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any database failure gets one sentence
        raise WorkshopError(f"The gradebook could not be read ({type(exc).__name__}); check the "
                            "database URL and that its server is running.") from None
    names = {s.id: f"{s.first_name or ''} {s.last_name or ''}".strip() or s.id for s in students}
    participants = [s.id for s in students]
    people = {s.id: Participant(s.id, s.first_name or "", s.last_name or "", s.email or "") for s in students}
    graded: dict[tuple[str, str], str] = {}
    submitted: dict[tuple[str, str], str] = {}
    submitted_dir = ws.root / "submitted"
    for sid, aname, graded_ts, score, max_score, grades, ungraded in rows:
        if grades and not ungraded and max_score and not _newer(submitted_dir / sid / aname, graded_ts):
            graded[(sid, aname)] = "complete" if score >= max_score else "incomplete"
            submitted[(sid, aname)] = _iso(graded_ts)
        else:
            graded[(sid, aname)] = "submitted"
    cells = {}
    for p in participants:
        for a in assignments:
            state = graded.get((p, a))
            if state is None:
                state = "submitted" if (submitted_dir / p / a).is_dir() else "missing"
            cells[(p, a)] = state
    return Matrix(assignments, participants, names, cells, people, submitted)


def _iso(ts: object) -> str:
    """A gradebook timestamp (a datetime, or its text in SQLite) as ISO 8601 to the second."""
    text = ts.isoformat(sep=" ") if isinstance(ts, datetime) else str(ts or "")
    return text[:19].replace(" ", "T")


def _utc(ts: object) -> datetime:
    """A timestamp as nbgrader writes it (``2026-11-23 10:00:00.000000 UTC``, or the gradebook's
    text or datetime) as a naive UTC datetime. Read here in microseconds: importing nbgrader for its
    ``parse_utc`` costs a second or more (its server extensions load), so it is only the fallback for
    a timestamp in another form.

    >>> _utc("2026-11-23 10:00:00.000000 UTC"), _utc("2026-11-23 11:00:00+01:00")
    (datetime.datetime(2026, 11, 23, 10, 0), datetime.datetime(2026, 11, 23, 10, 0))
    """
    if isinstance(ts, datetime):
        dt = ts
    else:
        text = str(ts).strip()
        head, _, zone = text.rpartition(" ")
        try:
            dt = datetime.fromisoformat(head if zone.upper() in ("UTC", "GMT", "Z") else text)
        except ValueError:
            # deferred: nbgrader takes a second or more to import; only an unusual timestamp needs it
            from nbgrader.utils import parse_utc

            dt = parse_utc(text)
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def _newer(folder: Path, graded_ts: object) -> bool:
    """Was a newer submission collected after the last autograde? (then it awaits grading)"""
    if graded_ts is None:
        return False
    try:
        return _utc((folder / "timestamp.txt").read_text()) > _utc(graded_ts)
    except (OSError, ValueError, TypeError, OverflowError):
        return False


def matrix_csv(m: Matrix) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["participant", *m.workbooks])
    for p in m.participants:
        w.writerow([p, *(m.cells[(p, a)] for a in m.workbooks)])
    return buf.getvalue()


def title(workbook: str) -> str:
    """The workbook's title, as a person reads it (its id when the registry does not know it).

    >>> title("defining")
    'Defining personalized learning'
    """
    try:
        return get(workbook).title
    except WorkbookNotFound:
        return workbook


def _header(titles: list[str], widths: list[int]) -> list[str]:
    """The header rows: each title wrapped over lines within its column's width."""
    wrapped = [textwrap.wrap(t, w, break_long_words=False) or [""] for t, w in zip(titles, widths)]
    depth = max((len(w) for w in wrapped), default=1)
    return ["  ".join((w[i] if i < len(w) else "").ljust(c) for w, c in zip(wrapped, widths)).rstrip()
            for i in range(depth)]


def matrix_text(m: Matrix) -> str:
    """A plain-text table for the terminal, headed by the workbooks' titles (wrapped within each
    column), with totals per workbook."""
    if not m.participants:
        return "No participants yet: add them with `plkit workshop add-participant` or a roster."
    width = max(11, *(len(p) for p in m.participants))
    titles = [title(a) for a in m.workbooks]
    cols = [max(12, *(len(word) for word in t.split())) for t in titles]
    head = _header(["participant", *titles], [width, *cols])
    lines = [*head, "  ".join("-" * c for c in (width, *cols))]
    for p in m.participants:
        lines.append(p.ljust(width) + "  " + "  ".join(
            m.cells[(p, a)].ljust(c) for a, c in zip(m.workbooks, cols)).rstrip())
    lines.append("")
    for a, t in zip(m.workbooks, titles):
        counts = ", ".join(f"{m.count(a, s)} {s}" for s in STATES)
        lines.append(f"{t}: {counts}")
    return "\n".join(lines)


def report_html(ws: Workshop, m: Matrix, extra: str = "") -> str:
    """A summary for the host school: completion per workbook (counts only, no names), then
    ``extra`` (HTML: the impact summary, which ``plkit workshop report`` adds)."""
    e = html.escape
    rows = "".join(
        f"<tr><th scope=\"row\">{e(title(a))}</th>" + "".join(f"<td>{m.count(a, s)}</td>" for s in STATES)
        + "</tr>" for a in m.workbooks)
    body = (
        f"<h1>Workshop {e(ws.course_id)}: completion summary</h1>"
        f"<p>{len(m.participants)} participants. Generated "
        f"{datetime.now().strftime('%d %B %Y, %H:%M')}.</p>"
        "<table><caption>Participants per workbook and state</caption><thead><tr>"
        '<th scope="col">Workbook</th>' + "".join(f'<th scope="col">{s.capitalize()}</th>' for s in STATES)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
        "<p class=\"muted\">Complete means plkit's completion check passed on the submitted "
        "answers. This summary holds counts only; names stay with the facilitator.</p>"
    ) + extra
    return page_html(f"Workshop {ws.course_id}: completion summary", body)


def write(path: str | Path, text_: str, name: str = "report.html", *, mode: int | None = None,
          encoding: str = "utf-8") -> Path:
    """Write ``text_`` to ``path`` whole or not at all (a temporary file beside it, then renamed);
    a path that cannot be written is one sentence (``name`` is the file name it suggests).
    ``mode`` (such as 0o600 for a file that names people) is set before the file appears."""
    p = Path(path).expanduser()
    if p.is_dir():
        raise WorkshopError(f"{p} is a folder, not a file; give a file name such as {p / name}.")
    missing = [d for d in (p.parent, *p.parent.parents) if not d.exists()]
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if mode is None else mode)
            with open(fd, "w", encoding=encoding, newline="") as f:
                f.write(text_)
            if mode is not None:
                tmp.chmod(mode)  # whatever the umask
            os.replace(tmp, p)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        for d in missing:  # the folders made for it, innermost first, if still empty
            with contextlib.suppress(OSError):
                d.rmdir()
        raise WorkshopError(f"{p} could not be written ({exc.strerror or type(exc).__name__}); "
                            "choose a file in a folder you can write to.") from None
    return p
