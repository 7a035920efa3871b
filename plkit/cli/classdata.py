"""``plkit classdata report ...``: the class-data report for data coaches. It only forwards to
:func:`plkit.classdata.report.write_report`."""

from __future__ import annotations

import argparse
from pathlib import Path

from plkit.classdata.methods import METHODS

__all__ = ["add_parser", "read_standards"]


def read_standards(path: str | Path) -> dict[str, str]:
    """An item -> standard map from a CSV with the columns ``item`` and ``standard``."""
    # deferred: pandas loads when a class-data command runs, not for every plkit command
    from plkit.classdata.standards_file import read_standards as read

    return read(path)


def _report(args: argparse.Namespace) -> int:
    # deferred: pandas loads when a class-data command runs, not for every plkit command
    from plkit.classdata.model import GradebookError
    from plkit.classdata.report import ReportError, write_report  # deferred: pandas, as above

    params = {k: getattr(args, k) for k in ("weight", "n", "min_evidence") if getattr(args, k) is not None}
    standards = read_standards(args.standards) if args.standards else None
    try:
        paths = write_report(args.gradebook, args.out, method=args.method, mastery=args.mastery,
                             shareable=args.shareable, min_n=args.min_n, standards=standards, by=args.by,
                             sheet=args.sheet, **params)
    except GradebookError as exc:
        if str(exc).startswith("No item is linked") and not standards:
            raise ReportError(
                f"No item in {Path(args.gradebook).name} is linked to a standard; pass --standards "
                "FILE, a CSV with the columns item and standard."
            ) from None
        raise
    kind = "Shareable summary (aggregates only, checked for student identifiers)" if args.shareable \
        else "Private report (names students: keep it on this computer)"
    for note in paths.notes:
        print(note)
    print(f"{kind} written to {Path(args.out).expanduser().resolve()}:")
    for p in paths:
        print(f"  {p.name}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cp = sub.add_parser("classdata", help="analyse a class's gradebook export on this computer")
    csub = cp.add_subparsers(dest="classdata_command", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("report", help="write a mastery report (HTML and CSV) for a gradebook export")
    p.add_argument("gradebook", metavar="GRADEBOOK", help="the export (CSV or .xlsx)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx to read (default: the first with data)")
    p.add_argument("--method", choices=METHODS, default="decaying_average",
                   help="roll-up method (default decaying_average)")
    p.add_argument("--mastery", type=float, default=3.0, help="mastery threshold on a 0-4 scale (default 3)")
    p.add_argument("--weight", type=int, help="weight of the newest score in percent (averages)")
    p.add_argument("--n", type=int, help="times at mastery for n_mastery (default 5)")
    p.add_argument("--min-evidence", type=int, help="scores a status of ready needs (default 1)")
    p.add_argument("--standards", help="CSV mapping items to standards (columns item, standard)")
    p.add_argument("--by", metavar="COLUMN",
                   help="compare groups of students by this column of the file (a program, a flag, a section)")
    p.add_argument("--min-n", type=int, default=10, help="minimum group size for aggregates (5-30, default 10)")
    p.add_argument("--out", default="classdata-report", help="output folder (default ./classdata-report)")
    p.add_argument("--shareable", action="store_true",
                   help="write only suppressed aggregates, and check them for student identifiers")
    p.set_defaults(func=_report)
