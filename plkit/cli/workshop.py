"""``plkit workshop ...``: the facilitator's commands. Each forwards to a plain function."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from plkit.cli.credentials import add_commands as add_credentials
from plkit.errors import WorkshopError
from plkit.facilitator.join import check_url, join_info, set_links, write_join
from plkit.workshop.config import Workshop, load
from plkit.workshop.roster import Participant, read_roster
from plkit.workshop.status import completion_matrix, matrix_csv, matrix_text, report_html, write

__all__ = ["add_parser", "quiet"]


def _ws(args: argparse.Namespace) -> Workshop:
    return load(args.dir)


def _init(args: argparse.Namespace) -> int:
    # deferred: plkit.workshop.course loads nbformat (and nbgrader when it runs); the commands
    # that read no notebook (status, report, --help) start without them
    from plkit.workshop.course import init

    roster = read_roster(args.roster) if args.roster else []
    links = _links_before_init(args)  # checked before anything is written
    ws = init(args.dir, args.course_id, roster, db_url=args.db_url, exchange=args.exchange)
    if any(links):
        set_links(ws, *links)
    print(f"Workshop '{ws.course_id}' is ready in {ws.root}: {len(roster)} participants from the "
          f"roster, gradebook {ws.db_url.split('://')[0]}, exchange {ws.exchange}.")
    print(f"Next: plkit workshop release {ws.root}")
    return 0


def _links_before_init(args: argparse.Namespace) -> tuple[str, str]:
    """The join page's addresses: those given, else those an earlier init saved (init keeps them)."""
    hub, repo = check_url(args.hub_url or ""), check_url(args.repo_url or "", "The repository address")
    try:
        old = load(args.dir)
    except WorkshopError:
        return hub, repo
    return hub or old.hub_url, repo or old.repo_url


def _join(args: argparse.Namespace) -> int:
    ws = _ws(args)
    if args.hub_url is not None or args.repo_url is not None:
        set_links(ws, ws.hub_url if args.hub_url is None else args.hub_url,
                  ws.repo_url if args.repo_url is None else args.repo_url)
    info = join_info(ws)
    out = Path(args.out or (ws.root / "reports" / "join.html"))
    print(f"Wrote {write_join(ws, out)}.")
    print(f"Participants join at {info.link}" if info.link else
          f"No hub address (set one with --hub-url): participants type {info.line}")
    return 0


def _add(args: argparse.Namespace) -> int:
    # deferred: nbformat and nbgrader (see _init)
    from plkit.workshop.course import add_participants

    people = read_roster(args.roster) if args.roster else []
    if args.id:
        people.append(Participant(args.id, args.first_name or "", args.last_name or "",
                                  args.email or ""))
    if not people:
        print("plkit: give a participant id or --roster FILE.", file=sys.stderr)
        return 2
    n = add_participants(_ws(args), people)
    print(f"{n} participant(s) added or updated.")
    return 0


def _release(args: argparse.Namespace) -> int:
    # deferred: nbformat and nbgrader (see _init)
    from plkit.workshop.course import release

    done = release(_ws(args), args.workbooks or None, due=args.due)
    print("Released: " + ", ".join(done) + (f", due by {args.due}." if args.due else "."))
    if not args.workbooks:
        print("Follow-up workbooks (the check-ins) are released only when named, e.g. "
              f"plkit workshop release {args.dir} checkin-2w --due YYYY-MM-DD.")
    return 0


def _collect(args: argparse.Namespace) -> int:
    # deferred: nbformat and nbgrader (see _init)
    from plkit.workshop.course import collect

    for wid, people in collect(_ws(args), args.workbooks or None).items():
        print(f"{wid}: {len(people)} submission(s) collected.")
    return 0


def _autograde(args: argparse.Namespace) -> int:
    # deferred: tqdm draws only autograde's progress bar; nbformat and nbgrader (see _init)
    from tqdm import tqdm

    from plkit.workshop.course import autograde  # deferred: see the line above
    from plkit.workshop.grading import LOG_FILE  # deferred: see the line above

    ws = _ws(args)
    with tqdm(total=0, unit="submission", desc="Autograding", file=sys.stderr, leave=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        result = autograde(ws, args.workbooks or None, workers=args.workers, progress=progress)
    print(f"{len(result.graded)} submission(s) autograded.")
    print(f"{len(result.complete)} complete: plkit's completion check passed on the submitted answers.")
    print(f"{len(result.incomplete)} incomplete: some steps are not done yet; "
          f"`plkit workshop status {ws.root}` shows who and which workbook.")
    print(f"{len(result.failed)} failed" + (": each is said below with what to do." if result.failed else "."))
    for wid, sid, why in result.failed:
        print(f"Could not autograde {wid} for {sid}: {why}", file=sys.stderr)
    if result.graded or result.failed:
        print(f"nbgrader's own messages are in {ws.root / LOG_FILE}.")
    return 1 if result.failed else 0


def _demo(args: argparse.Namespace) -> int:
    # deferred: tqdm draws only the grading's progress bar; the demo loads nbformat and nbgrader (see _init)
    from tqdm import tqdm

    from plkit.workshop.demo import create  # deferred: see the line above

    print(f"Creating a demo workshop of {args.participants} fictional participants in {args.dir} ...")
    with tqdm(total=0, unit="submission", desc="Grading", file=sys.stderr, leave=False) as bar:
        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        ws = create(args.dir, participants=args.participants, seed=args.seed, grade=args.grade,
                    workers=args.workers, progress=progress)
    how = "autograded by nbgrader" if args.grade == "real" else "graded with the fast shortcut"
    print(f"Demo workshop '{ws.course_id}' is ready in {ws.root}: {args.participants} fictional participants, "
          f"{how}.")
    print(f"Try: plkit workshop status {ws.root}")
    print(f"     plkit serve --facilitator --workshop {ws.root}")
    return 0


def _status(args: argparse.Namespace) -> int:
    m = completion_matrix(_ws(args))
    if args.csv:
        if args.csv == "-":
            sys.stdout.write(matrix_csv(m))
        else:
            print(f"Wrote {write(args.csv, matrix_csv(m), 'completion.csv')}.")
            print(matrix_text(m))
    else:
        print(matrix_text(m))
    return 0


def _report(args: argparse.Namespace) -> int:
    # deferred: the impact summary loads pandas and numpy; status and --help start without them
    from plkit.facilitator.impact_report import summary_html, workshop_measures

    ws = _ws(args)
    out = Path(args.out or (ws.root / "reports" / "completion-summary.html"))
    impact = summary_html(workshop_measures(ws.root))
    written = write(out, report_html(ws, completion_matrix(ws), impact), "completion-summary.html")
    print(f"Wrote {written}.")
    return 0


def _impact(args: argparse.Namespace) -> int:
    # deferred: the impact report loads pandas and numpy; the other commands start without them
    from plkit.facilitator.impact_report import impact_text, write_impact

    rows, written = write_impact(args.dir, args.csv, args.html)
    print(impact_text(rows), end="")
    for path in written:
        print(f"Wrote {path}.")
    if not written:
        print("Each measure's note (what it can and cannot show) is in --csv FILE and --html FILE.")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    # deferred: nbformat and nbgrader (see _init)
    from plkit.workshop.course import feedback

    done = feedback(_ws(args), args.workbooks or None)
    print("Feedback released for: " + ", ".join(done) + ".")
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    wp = sub.add_parser("workshop", help="run a workshop: participants, release, collect, status")
    ws = wp.add_subparsers(dest="workshop_command", metavar="ACTION")
    ws.required = True

    def cmd(name: str, helptext: str, func: Callable[[argparse.Namespace], int],
            workbooks: bool = False) -> argparse.ArgumentParser:
        p = ws.add_parser(name, help=helptext)
        p.add_argument("dir", help="the workshop folder")
        if workbooks:
            p.add_argument("workbooks", nargs="*", metavar="WORKBOOK",
                           help="workbook ids (default: all)")
        p.set_defaults(func=func)
        return p

    p = cmd("init", "create the workshop: nbgrader course, gradebook, workbooks, roster", _init)
    p.add_argument("--course-id", required=True, help="a short id such as pl-day-2026")
    p.add_argument("--roster", help="CSV with id, first name, last name, email")
    p.add_argument("--db-url", help="gradebook database (default SQLite in DIR; any SQLAlchemy "
                   "URL, e.g. postgresql+psycopg://user@host/db)")
    p.add_argument("--exchange", help="the exchange folder (default DIR/exchange)")
    p.add_argument("--hub-url", help="the JupyterHub participants join (for the join page), "
                   "e.g. https://hub.example.org")
    p.add_argument("--repo-url", help="a git repository the workbooks come from (the join page "
                   "gives an nbgitpuller link; needs --hub-url)")
    p = cmd("add-participant", "add participants (one, or a roster)", _add)
    p.add_argument("id", nargs="?", help="participant id")
    p.add_argument("--first-name")
    p.add_argument("--last-name")
    p.add_argument("--email")
    p.add_argument("--roster", help="CSV with id, first name, last name, email")
    p = cmd("release", "release workbooks to participants (the check-ins only when named)", _release,
            workbooks=True)
    p.add_argument("--due", metavar="YYYY-MM-DD", help="due date (nbgrader's, and on participants' home page)")
    cmd("collect", "collect submissions from the exchange", _collect, workbooks=True)
    p = cmd("autograde", "check completion of every collected submission", _autograde, workbooks=True)
    p.add_argument("--workers", type=int, help="submissions graded at once")
    p = cmd("status", "who has completed what (participants x workbooks)", _status)
    p.add_argument("--csv", nargs="?", const="-", help="write CSV to FILE (or stdout)")
    p = cmd("report", "an HTML completion summary for the host school", _report)
    p.add_argument("--out", help="output file (default DIR/reports/completion-summary.html)")
    p = cmd("impact", "the impact report on Guskey's five levels (counts and means, never a name)", _impact)
    p.add_argument("--csv", metavar="FILE", help="write the measures as CSV (level, measure, n, value, note)")
    p.add_argument("--html", metavar="FILE", help="write the report as a printable HTML page")
    cmd("feedback", "generate and release feedback to participants", _feedback, workbooks=True)
    p = cmd("demo", "create a demo workshop of fictional participants who answered and submitted", _demo)
    p.add_argument("--participants", type=int, default=24, metavar="N", help="how many (default 24)")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same participants and answers")
    p.add_argument("--grade", choices=("real", "fast"), default="real",
                   help="real: nbgrader's autograde (default); fast: a shortcut for big demos that records "
                        "completion in the gradebook without running the notebooks")
    p.add_argument("--workers", type=int, help="submissions autograded at once (real grading)")
    p = cmd("join", "write the printable join page: a link and its QR code, or the line to type", _join)
    p.add_argument("--out", metavar="FILE", help="output file (default DIR/reports/join.html)")
    p.add_argument("--hub-url", help="set the hub's address first (empty: none, one machine)")
    p.add_argument("--repo-url", help="set the repository the workbooks come from first (nbgitpuller)")
    add_credentials(cmd)  # export (Canvas, long CSV) and badges


def quiet() -> None:
    """nbgrader's gradebook raises SQLAlchemy warnings that mean nothing to a facilitator."""
    try:
        # deferred: SQLAlchemy takes about 0.2 s to import; only workshop commands call this
        from sqlalchemy.exc import SAWarning

        warnings.filterwarnings("ignore", category=SAWarning)
    except ImportError:  # pragma: no cover
        pass
