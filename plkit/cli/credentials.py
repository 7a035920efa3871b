"""``plkit workshop export`` and ``plkit workshop badges``: completion for the district's platform
and Open Badges credentials. Each forwards to a plain function of :mod:`plkit.workshop`."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from plkit.workshop.config import load
from plkit.workshop.export import export

__all__ = ["add_commands"]


def _export(args: argparse.Namespace) -> int:
    for path in export(load(args.dir), canvas=args.canvas, long=args.csv, workbooks=args.workbooks or None):
        print(f"Wrote {path}.")
    if args.canvas:
        print("In Canvas: Grades, Import, choose the file; each workbook becomes an assignment worth 1 point "
              "(1 complete, 0 submitted but not complete, empty not submitted).")
    return 0


def add_commands(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the commands to ``plkit workshop`` (``cmd`` is its helper that adds one command)."""
    p = cmd("export", "completion for the district's platform: Canvas's gradebook import, or a long CSV",
            _export)
    p.add_argument("workbooks", nargs="*", metavar="WORKBOOK",
                   help="workbook ids (default: those released to participants)")
    p.add_argument("--canvas", metavar="FILE", help="write Canvas's gradebook import CSV (one column per "
                   "workbook, 1 complete, 0 not complete, empty not submitted)")
    p.add_argument("--csv", metavar="FILE", help="write one row per participant and workbook, for any "
                   "other platform")
