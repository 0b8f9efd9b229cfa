"""Command-line intake: `template` writes the Excel template, `import` brings a file in.

`import` exits 0 with a one-line Vietnamese summary when the snapshot is written, 2 with the list of
problems when the file is refused, or with one line when the data folder refuses the write
(read-only, full…); nothing is written then. Warnings go to stderr. Every line shows what the user
supplied (a file name, a path, a name, a cell) through `safe_text.plain`: no escape sequence,
newline or bidi override of theirs reaches the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from justice_dashboard.i18n import t
from justice_dashboard.safe_text import plain

EXIT_INVALID = 2
LINE_LIMIT = 4000  # a problem line can list every missing code: long, but one line


def add_intake_commands(commands: argparse._SubParsersAction) -> None:
    template = commands.add_parser("template", help=t("cli.template.help", "vi"))
    template.add_argument("--province", required=True, help=t("cli.template.province", "vi"))
    template.add_argument("--year", required=True, type=int, help=t("cli.template.year", "vi"))
    template.add_argument("--out", required=True, help=t("cli.template.out", "vi"))
    template.set_defaults(run=run_template)

    imp = commands.add_parser("import", help=t("cli.import.help", "vi"))
    imp.add_argument("file", help=t("cli.import.file", "vi"))
    imp.add_argument("--data-dir", help=t("cli.import.data_dir", "vi"))
    imp.add_argument("--province", help=t("cli.import.province", "vi"))
    imp.add_argument("--year", type=int, help=t("cli.import.year", "vi"))
    imp.add_argument("--by", help=t("cli.import.by", "vi"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run", "vi"))
    imp.set_defaults(run=run_import)


def run_template(args: argparse.Namespace) -> int:
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.config import reference_dir
    from justice_dashboard.intake.problems import quoted
    from justice_dashboard.intake.template import template_bytes

    catalog = load_catalog(reference_dir())
    if not catalog.has_province(args.province):
        known = ", ".join(f"{p.code} ({p.name_vi})" for p in catalog.provinces)
        text = quoted(args.province).vi
        print(t("intake.problem.unknown_province", "vi", text=text, known=known))
        return EXIT_INVALID
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(template_bytes(catalog, args.province, args.year))
    province = catalog.province(args.province).name_vi
    count = len(catalog.stored_indicators())
    shown = plain(out, LINE_LIMIT)
    print(t("intake.cli.template", "vi", province=province, year=args.year, count=count, out=shown))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from justice_dashboard import config
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.intake.commit import WriteRefused, commit
    from justice_dashboard.intake.preview import changed_count, compare, values_of_year
    from justice_dashboard.intake.validate import check_file
    from justice_dashboard.integrity import warn_damaged
    from justice_dashboard.store import Store

    root = Path(args.data_dir).resolve() if args.data_dir else config.data_dir()
    path = Path(args.file)
    catalog = load_catalog(config.reference_dir(root))
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        print(t("cli.import.not_found", "vi", path=plain(path, LINE_LIMIT)))
        return EXIT_INVALID
    except OSError:
        print(t("cli.import.unreadable", "vi", path=plain(path, LINE_LIMIT)))
        return EXIT_INVALID
    name = plain(path.name, LINE_LIMIT)
    try:
        checked = check_file(content, path.name, catalog, province=args.province, year=args.year)
    except Exception as error:  # a defect of ours: say so in one line, write nothing, no traceback
        print(t("cli.import.internal_error", "vi", file=name, error=type(error).__name__))
        return EXIT_INVALID
    if checked.submission is None:
        print(t("intake.cli.problems", "vi", file=name, count=len(checked.problems)))
        for problem in checked.problems:
            line = plain(problem.text("vi"), LINE_LIMIT)
            print(t("cli.import.problem_line", "vi", problem=line))
        return EXIT_INVALID
    submission = checked.submission
    store = Store.open(root)
    for line in warn_damaged(store.damaged, catalog, "vi"):
        print(line, file=sys.stderr)
    try:
        stored = store.query(
            "province_year_values",
            province=submission.province_code,
            years=[submission.year, submission.year - 1],
        )
    finally:
        store.close()
    frame, warnings = compare(
        catalog,
        submission,
        values_of_year(stored, submission.year),
        values_of_year(stored, submission.year - 1),
    )
    for warning in warnings:
        line = plain(warning.text("vi"), LINE_LIMIT)
        print(t("cli.import.warning_line", "vi", warning=line), file=sys.stderr)
    shown = {
        "count": len(submission.values),
        "province": catalog.province(submission.province_code).name_vi,
        "year": submission.year,
        "file": name,
        "changed": changed_count(frame),
    }
    if args.dry_run:
        print(t("intake.cli.dry_run", "vi", **shown))
        return 0
    by = plain(args.by or "", 200) or plain(getpass.getuser(), 200)  # stored: no escapes either
    try:
        written = commit(root, submission, by)
    except WriteRefused as refused:
        print(refused.text("vi"))
        return EXIT_INVALID
    snapshot = f"{submission.province_code}-{submission.year}-{written.stem}"
    print(
        t(
            "intake.cli.summary",
            "vi",
            **shown,
            sha=submission.sha256[:12],
            by=by,
            snapshot=snapshot,
        )
    )
    return 0
