"""The ``plkit`` command line. It only forwards to plain functions in plkit."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from plkit import __version__
from plkit.cli.classdata import add_parser as add_classdata
from plkit.cli.workshop import add_parser as add_workshop
from plkit.cli.workshop import quiet
from plkit.errors import PlkitError
from plkit.page.notebook import district_notebooks
from plkit.serve import DEFAULT_PORT, FACILITATOR_PORT, serve, serve_facilitator

__all__ = ["main", "build_parser"]


def _content_show(args: argparse.Namespace) -> int:
    # deferred: the content loader parses YAML; only the content commands need it
    from plkit.content import load_catalog

    cat = load_catalog(args.content_dir)
    if args.format == "json":
        json.dump(cat.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        d = cat.to_dict()
        print(f"Definition: {cat.definition.quote}")
        for key, value in d.items():
            if isinstance(value, list):
                print(f"{key}: {len(value)} items")
    return 0


def _content_validate(args: argparse.Namespace) -> int:
    # deferred: the content loader parses YAML; only the content commands need it
    from plkit.content import validate_folder

    cat = validate_folder(args.folder)
    own = district_notebooks(args.folder)
    counts = ", ".join(f"{len(getattr(cat, k))} {k}" for k in ("components", "nightmares", "habits"))
    notebooks = f"; {len(own)} of its own notebook(s)" if own else ""
    print(f"{args.folder}: valid ({counts} after merging with plkit's content{notebooks}).")
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.facilitator:
        if not args.workshop:
            print("plkit: the facilitator dashboard needs --workshop DIR (the folder `plkit "
                  "workshop init` created).", file=sys.stderr)
            return 2
        return serve_facilitator(args.workshop, port=FACILITATOR_PORT if args.port is None else args.port,
                                 open_browser=not args.no_browser)
    return serve(
        port=DEFAULT_PORT if args.port is None else args.port,
        workspace=args.workspace,
        open_browser=not args.no_browser,
        participant=args.participant,
        preheat=not args.no_preheat,
        course_id=args.course_id,
        exchange=args.exchange,
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="plkit",
        description="Personalized-learning PD workbooks: serve them, inspect their content.",
    )
    p.add_argument("--version", action="version", version=f"plkit {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    sp = sub.add_parser("serve", help="serve the workbooks in your browser (Voila on 127.0.0.1)")
    sp.add_argument("--port", type=int, help=f"port (default {DEFAULT_PORT}; 8867 for --facilitator)")
    sp.add_argument("--workspace", help="folder for your copies of the workbooks and your answers "
                    "(default: $PLKIT_WORKSPACE or ~/plkit-workspace)")
    sp.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    sp.add_argument("--participant", help="your participant id (default: your user name)")
    sp.add_argument("--no-preheat", action="store_true", help="do not keep kernels ready")
    sp.add_argument("--course-id", help="join a workshop: its course id (with --exchange)")
    sp.add_argument("--exchange", help="join a workshop: its exchange folder (with --course-id)")
    sp.add_argument("--facilitator", action="store_true",
                    help="serve the facilitator dashboard instead (needs --workshop)")
    sp.add_argument("--workshop", help="the workshop folder, for --facilitator")
    sp.set_defaults(func=_serve)

    cp = sub.add_parser("content", help="show or check the PL content")
    csub = cp.add_subparsers(dest="content_command", metavar="ACTION")
    csub.required = True
    show = csub.add_parser("show", help="print the whole content catalog")
    show.add_argument("--format", choices=["json", "text"], default="text")
    show.add_argument("--content-dir", help="a district content folder to overlay")
    show.set_defaults(func=_content_show)
    val = csub.add_parser("validate", help="check a district's content folder")
    val.add_argument("folder")
    val.set_defaults(func=_content_validate)

    add_workshop(sub)
    add_classdata(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "workshop":
        quiet()
    try:
        return int(args.func(args) or 0)
    except PlkitError as exc:
        print(f"plkit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
