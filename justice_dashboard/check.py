"""`python -m justice_dashboard check [--data-dir DIR]`: what is wrong in a data folder, read-only.

One Vietnamese line per damaged snapshot, leftover temporary file and source no snapshot refers
to (paths relative to the data folder), then a summary. Nothing is changed, locked or created:
temporary files are removed by the next write, orphan sources never automatically (a source is
kept just before its snapshot is written, so one may be about to be referred to).

Exit codes: 0 nothing found; 1 only leftovers (temporary files, orphan sources: no figure is
affected); 2 no such data folder; 3 at least one damaged snapshot (figures may be missing).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from justice_dashboard.i18n import t

EXIT_CLEAN = 0
EXIT_LEFTOVERS = 1
EXIT_NO_FOLDER = 2
EXIT_DAMAGED = 3


def add_check_command(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help=t("check.help", "vi"))
    check.add_argument("--data-dir", help=t("check.data_dir", "vi"))
    check.set_defaults(run=run_check)


def _shown_folder(args: argparse.Namespace) -> str:
    """The data folder as the user named it (the option, the setting), never resolved further."""
    from justice_dashboard.config import DATA_DIR_ENV

    return args.data_dir or os.environ.get(DATA_DIR_ENV, "").strip() or "data"


def run_check(args: argparse.Namespace) -> int:
    from justice_dashboard import config, safe_text
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.fmt import number
    from justice_dashboard.integrity import check

    root = Path(args.data_dir).resolve() if args.data_dir else config.data_dir()
    shown = safe_text.plain(_shown_folder(args))
    if not root.is_dir():
        print(t("check.no_folder", "vi", folder=shown))
        return EXIT_NO_FOLDER
    report = check(root)
    catalog = load_catalog(config.reference_dir(root))
    for damaged in report.damaged:
        print(t("check.damaged", "vi", line=damaged.line(catalog, "vi")))
    for temporary in report.temporary:
        key = "check.temporary_stale" if temporary.stale else "check.temporary_young"
        when = temporary.modified.strftime("%d/%m/%Y %H:%M")
        print(t(key, "vi", path=safe_text.plain(temporary.path), when=when))
    for orphan in report.orphans:
        print(t("check.orphan", "vi", path=safe_text.plain(orphan)))
    count = number(report.snapshots)
    if report.clean:
        print(t("check.clean", "vi", folder=shown, count=count))
        return EXIT_CLEAN
    print(
        t(
            "check.summary",
            "vi",
            folder=shown,
            count=count,
            damaged=number(len(report.damaged)),
            temporary=number(len(report.temporary)),
            orphans=number(len(report.orphans)),
        )
    )
    return EXIT_DAMAGED if report.damaged else EXIT_LEFTOVERS
