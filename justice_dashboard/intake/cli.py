"""Command-line intake: `template` writes the Excel template, `import` brings a file in.

`template --agency STP|THA` writes one agency's template (default: both). `import` takes
`--preliminary AGENCY=DATE` (repeatable) for each agency whose figures in the file are preliminary
(sơ bộ), cut at DATE (2026-10-31 or 31/10/2026); an agency not named is final (chính thức).
It exits 0 with a one-line Vietnamese summary when the snapshot is written, 2 with the list of
problems when the file or its statuses are refused (a preliminary file for an agency that already
has final figures is), or with one line when the data folder refuses the write (read-only,
full…); nothing is written then. Warnings go to stderr. Every line shows what the user supplied (a
file name, a path, a name, a cell) through `safe_text.plain`: no escape sequence, newline or bidi
override of theirs reaches the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from justice_dashboard.i18n import t
from justice_dashboard.safe_text import plain

if TYPE_CHECKING:
    from justice_dashboard.intake.status import StatusProblem

EXIT_INVALID = 2
LINE_LIMIT = 4000  # a problem line can list every missing code: long, but one line


def add_intake_commands(commands: argparse._SubParsersAction) -> None:
    template = commands.add_parser("template", help=t("cli.template.help", "vi"))
    template.add_argument("--province", required=True, help=t("cli.template.province", "vi"))
    template.add_argument("--year", required=True, type=int, help=t("cli.template.year", "vi"))
    template.add_argument("--out", required=True, help=t("cli.template.out", "vi"))
    template.add_argument(
        "--agency",
        action="append",
        metavar=t("cli.template.agency_metavar", "vi"),
        help=t("cli.template.agency", "vi"),
    )
    template.set_defaults(run=run_template)

    imp = commands.add_parser("import", help=t("cli.import.help", "vi"))
    imp.add_argument("file", help=t("cli.import.file", "vi"))
    imp.add_argument("--data-dir", help=t("cli.import.data_dir", "vi"))
    imp.add_argument("--province", help=t("cli.import.province", "vi"))
    imp.add_argument("--year", type=int, help=t("cli.import.year", "vi"))
    imp.add_argument("--by", help=t("cli.import.by", "vi"))
    imp.add_argument("--as", dest="account", metavar="ACCOUNT", help=t("cli.import.as", "vi"))
    imp.add_argument(
        "--preliminary",
        action="append",
        default=[],
        metavar=t("cli.import.preliminary_metavar", "vi"),
        help=t("cli.import.preliminary", "vi"),
    )
    imp.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run", "vi"))
    imp.set_defaults(run=run_import)


def run_template(args: argparse.Namespace) -> int:
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.config import reference_dir
    from justice_dashboard.intake.problems import quoted
    from justice_dashboard.intake.status import agencies, agencies_text
    from justice_dashboard.intake.template import template_bytes, template_indicators
    from justice_dashboard.intake.validate import unit_problem

    catalog = load_catalog(reference_dir())
    if not catalog.has_code(args.province):
        units = [u for u in catalog.units if u.valid_in(args.year)]
        known = ", ".join(f"{u.code} ({u.name_vi})" for u in units)
        text = quoted(args.province).vi
        print(t("intake.problem.unknown_province", "vi", text=text, known=known))
        return EXIT_INVALID
    refused = unit_problem(catalog, args.province, args.year)
    if refused is not None:
        print(refused.message("vi"))
        return EXIT_INVALID
    every = agencies(catalog)
    for raw in args.agency or ():
        if raw.strip().upper() not in every:
            text = quoted(raw).vi
            print(t("intake.cli.bad_agency", "vi", text=text, known=", ".join(every)))
            return EXIT_INVALID
    chosen = {a.strip().upper() for a in args.agency or every}
    held = tuple(a for a in every if a in chosen)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(template_bytes(catalog, args.province, args.year, held))
    province = catalog.name_for(args.province, args.year, "vi")
    count = len(template_indicators(catalog, held))
    shown = plain(out, LINE_LIMIT)
    print(
        t(
            "intake.cli.template",
            "vi",
            province=province,
            year=args.year,
            count=count,
            agencies=agencies_text(catalog, held, args.year),
            out=shown,
        )
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from justice_dashboard import config
    from justice_dashboard.accounts import ScopeRefused
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.intake.commit import WriteRefused, commit
    from justice_dashboard.intake.preview import changed_count, compare, values_of_year
    from justice_dashboard.intake.status import (
        StatusRefused,
        agency_label,
        check_statuses,
        finals_in,
        parse_preliminary,
        replaced_preliminaries,
        status_text,
        statuses_for,
        statuses_text,
    )
    from justice_dashboard.intake.validate import check_file
    from justice_dashboard.integrity import warn_damaged
    from justice_dashboard.store import Store

    root = Path(args.data_dir).resolve() if args.data_dir else config.data_dir()
    path = Path(args.file)
    catalog = load_catalog(config.reference_dir(root))
    account, refused = _signed_in(root, args.account)
    if refused:
        print(refused)
        return EXIT_INVALID
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
    chosen, problems = parse_preliminary(catalog, args.preliminary)
    store = Store.open(root)
    for line in warn_damaged(store.damaged, catalog, "vi"):
        print(line, file=sys.stderr)
    try:
        stored = store.query(
            "province_year_values",
            province=submission.province_code,
            years=[submission.year, submission.year - 1],
        )
        history = store.query(
            "snapshot_history", province=submission.province_code, year=submission.year
        )
    finally:
        store.close()
    finals = finals_in(history)
    problems += check_statuses(
        catalog, submission.year, submission.agencies, chosen, finals, dt.date.today()
    )
    if problems:
        return _status_problems(name, problems)
    statuses = statuses_for(submission.agencies, chosen)
    frame, warnings = compare(
        catalog,
        submission,
        values_of_year(stored, submission.year),
        values_of_year(stored, submission.year - 1),
    )
    for warning in warnings:
        line = plain(warning.text("vi"), LINE_LIMIT)
        print(t("cli.import.warning_line", "vi", warning=line), file=sys.stderr)
    for agency, snapshot, status in replaced_preliminaries(history, statuses):
        label = agency_label(catalog, agency, submission.year)
        note = t(
            "intake.status.replaces", "vi", agency=label, snapshot=snapshot, cut=status_text(status)
        )
        print(t("cli.import.note_line", "vi", note=note), file=sys.stderr)
    shown = {
        "count": len(submission.values),
        "province": catalog.name_for(submission.province_code, submission.year, "vi"),
        "year": submission.year,
        "file": name,
        "changed": changed_count(frame),
        "statuses": statuses_text(catalog, statuses, submission.year),
    }
    if args.dry_run:
        print(t("intake.cli.dry_run", "vi", **shown))
        return 0
    by = plain(args.by or "", 200) or plain(getpass.getuser(), 200)  # stored: no escapes either
    if account is not None:
        by = account.display_name
    try:
        written = commit(root, submission, by, statuses=chosen, catalog=catalog, account=account,
                         address=CLI_ADDRESS)  # fmt: skip
    except ScopeRefused as refused:
        print(refused.text("vi"))
        return EXIT_INVALID
    except WriteRefused as refused:
        print(refused.text("vi"))
        return EXIT_INVALID
    except StatusRefused as refused:  # final figures arrived since the check above
        return _status_problems(name, refused.problems)
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


PASSWORD_ENV = "JUSTICE_PASSWORD"
CLI_ADDRESS = "cli"  # the audit log's address of a command-line write


def _signed_in(root: Path, name: str | None):
    """(the account, None) when signed in or no account is needed; (None, the refusal) else.

    The password comes from $JUSTICE_PASSWORD or is asked on the terminal. Wrong ones are limited
    per account across runs (each run is a new process): the account's wrong tries since its last
    sign-in are counted in the audit log, and after the page's number of free tries each further
    one waits as long as on the page."""
    import os

    from justice_dashboard import accounts as acc

    if not acc.accounts_configured(root):
        return None, None
    if not name:
        acc.audit(root, "import_refused", "", address=CLI_ADDRESS, reason="account_needed")
        return None, t("accounts.cli_needs_account", "vi")
    from justice_dashboard.ratelimit import wait_text

    wait = acc.sign_in_wait(root, name.strip().lower())
    if wait > 0:
        acc.audit(root, "sign_in_refused", name.strip().lower(), address=CLI_ADDRESS,
                  reason="waiting")  # fmt: skip
        return None, t("accounts.cli_wait", "vi", wait=wait_text(wait, "vi"))
    password = os.environ.get(PASSWORD_ENV) or getpass.getpass(t("accounts.password_prompt", "vi"))
    account = acc.verify(acc.load_accounts(root), name, password)
    if account is None:
        acc.audit(root, "sign_in_refused", name.strip().lower(), address=CLI_ADDRESS,
                  reason="wrong")  # fmt: skip
        return None, t("accounts.cli_wrong", "vi")
    acc.audit(root, "sign_in", account.name, address=CLI_ADDRESS)
    return account, None


def _status_problems(name: str, problems: list[StatusProblem]) -> int:
    print(t("intake.cli.status_problems", "vi", file=name))
    for problem in problems:
        line = plain(problem.text("vi"), LINE_LIMIT)
        print(t("cli.import.problem_line", "vi", problem=line))
    return EXIT_INVALID
