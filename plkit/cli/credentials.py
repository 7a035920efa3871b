"""``plkit workshop export`` and ``plkit workshop badges``: completion for the district's platform
and Open Badges credentials. Each forwards to a plain function of :mod:`plkit.workshop`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from plkit.workshop.config import load
from plkit.workshop.export import export

if TYPE_CHECKING:
    from plkit.workshop.badges import Issued

__all__ = ["add_commands"]


def _export(args: argparse.Namespace) -> int:
    for path in export(load(args.dir), canvas=args.canvas, long=args.csv, workbooks=args.workbooks or None):
        print(f"Wrote {path}.")
    if args.canvas:
        print("In Canvas: Grades, Import, choose the file; each workbook becomes an assignment worth 1 point "
              "(1 complete, 0 submitted but not complete, empty not submitted).")
    return 0


def _names(ids: list[str]) -> str:
    return ": " + ", ".join(ids) if 0 < len(ids) <= 20 else ""


def _print_issued(r: Issued) -> None:
    # deferred: openbadgeslib and cryptography take about 0.15 s to import; only the badges command needs them
    from plkit.workshop.badges import PUBLIC_KEY, REVOCATION_LIST

    print(f"{len(r.issued)} badge(s) issued into {r.out}{_names(r.issued)}.")
    if r.already or r.rewritten:
        print(f"{len(r.already) + len(r.rewritten)} already issued ({len(r.rewritten)} written again where "
              "their files were missing); nothing was signed twice.")
    if r.incomplete:
        print(f"{len(r.incomplete)} participant(s) have not completed what the badge requires yet.")
    if r.revoked:
        print(f"{len(r.revoked)} revoked badge(s) stay revoked{_names(r.revoked)}.")
    for sentence in r.skipped:
        print(sentence)
    if r.status_url:
        print(f"Publish {r.out / REVOCATION_LIST} at {r.status_url} so verifiers can check for revocations.")
    else:
        print("These badges carry no revocation status (no --status-url was given when they were issued): "
              "a badge already handed out cannot be withdrawn from its holder.")
    print(f"Verify one with: openbadges-verifier -V 3 -i {r.out}/ID.svg -r EMAIL -k {r.out / PUBLIC_KEY}")


def _badges(args: argparse.Namespace) -> int:
    # deferred: openbadgeslib and cryptography take about 0.15 s to import; only the badges command needs them
    from plkit.workshop.badges import REVOCATION_LIST, earners, issue, read_record, revoke

    ws = load(args.dir)
    if args.list:
        for e in earners(ws):
            print(f"{e.participant}: {e.achievement}, issued {e.issued}" + (", revoked" if e.revoked else ""))
        return 0
    if args.revoke:
        names = revoke(ws, args.revoke, args.reason, args.out)
        print(f"Revoked for {args.revoke}: " + "; ".join(names) + "; their files left the badges folder.")
        url = read_record(ws)["settings"].get("status_url")
        if url:
            print(f"Publish the badges folder's {REVOCATION_LIST} again at {url} so verifiers see it.")
        else:
            print("Their badge carried no revocation status: the record says revoked, but a copy already handed "
                  "out still verifies.")
        return 0
    _print_issued(issue(ws, args.out or ws.root / "badges" / "credentials", args.achievement, args.title,
                        args.issuer, args.status_url))
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
    p = cmd("badges", "issue Open Badges 3.0 credentials to participants who completed their pathway", _badges)
    p.add_argument("--out", metavar="OUTDIR", help="folder for the credentials and badge images "
                   "(default DIR/badges/credentials)")
    p.add_argument("--achievement", default="pathway", help="pathway (default: Start here and the day workbooks "
                   "of each participant's own pathway), day (every released day workbook), or workbook ids "
                   "separated by commas")
    p.add_argument("--title", help="the workshop's name on the badge (kept from the first issue)")
    p.add_argument("--issuer", help="the issuer's name, e.g. the district (kept from the first issue)")
    p.add_argument("--status-url", metavar="URL", help="https address where you will publish "
                   "OUTDIR/status/revocation.jwt, so verifiers see revocations (kept from the first issue)")
    p.add_argument("--revoke", metavar="ID", help="revoke the badges of this participant (one removed from the roster)")
    p.add_argument("--reason", help="with --revoke: why, kept in the record")
    p.add_argument("--list", action="store_true", help="list who was issued a badge")
