"""`users add|remove|passwd|list`: the accounts of the people who write data (see `accounts`).

A password is asked twice on the terminal (never an argument, so it stays out of the shell's
history and the process list), or read as one line from standard input with `--password-stdin`
(for scripts). Nothing here prints or logs a password or its hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from justice_dashboard.i18n import t

EXIT_INVALID = 2


def add_users_command(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help=t("cli.users.help", "vi"))
    actions = users.add_subparsers(dest="action", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", help=t("cli.users.data_dir", "vi"))

    add = actions.add_parser("add", help=t("cli.users.add", "vi"))
    add.add_argument("name", help=t("cli.users.name", "vi"))
    add.add_argument("--display-name", required=True, help=t("cli.users.display_name", "vi"))
    add.add_argument("--role", choices=["officer", "secretariat"], default="officer",
                     help=t("cli.users.role", "vi"))  # fmt: skip
    add.add_argument("--unit", action="append", default=[], help=t("cli.users.unit", "vi"))
    add.add_argument("--agency", action="append", default=[], help=t("cli.users.agency", "vi"))
    add.add_argument("--password-stdin", action="store_true", help=t("cli.users.stdin", "vi"))
    common(add)
    add.set_defaults(run=run_add)

    remove = actions.add_parser("remove", help=t("cli.users.remove", "vi"))
    remove.add_argument("name", help=t("cli.users.name", "vi"))
    common(remove)
    remove.set_defaults(run=run_remove)

    passwd = actions.add_parser("passwd", help=t("cli.users.passwd", "vi"))
    passwd.add_argument("name", help=t("cli.users.name", "vi"))
    passwd.add_argument("--password-stdin", action="store_true", help=t("cli.users.stdin", "vi"))
    common(passwd)
    passwd.set_defaults(run=run_passwd)

    listing = actions.add_parser("list", help=t("cli.users.list", "vi"))
    common(listing)
    listing.set_defaults(run=run_list)


def _root(args: argparse.Namespace) -> Path:
    from justice_dashboard import config

    return Path(args.data_dir).resolve() if args.data_dir else config.data_dir()


def _named(args: argparse.Namespace) -> tuple[Path, str, dict | None]:
    """The data folder, the account named on the command line and the accounts; None for the
    accounts (said on stdout) when there is no such account."""
    from justice_dashboard import accounts as acc

    root, name = _root(args), args.name.strip().lower()
    book = acc.load_accounts(root)
    if name not in book:
        print(t("accounts.no_such", "vi", name=name))
        return root, name, None
    return root, name, book


def _operator() -> str:
    """Who changed the accounts, in the audit log: the machine's user running the command."""
    return f"os:{getpass.getuser()}"


def read_password(from_stdin: bool) -> str | None:
    """The new password, or None (said on stdout) when it is refused."""
    from justice_dashboard.accounts import password_problem

    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(t("accounts.password_prompt", "vi"))
        if getpass.getpass(t("accounts.password_again", "vi")) != password:
            print(t("accounts.password_mismatch", "vi"))
            return None
    problem = password_problem(password)
    if problem:
        print(problem)
        return None
    return password


def run_add(args: argparse.Namespace) -> int:
    from justice_dashboard import accounts as acc
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.config import reference_dir

    root = _root(args)
    name = args.name.strip().lower()
    if problem := acc.name_problem(name):
        print(problem)
        return EXIT_INVALID
    book = acc.load_accounts(root)
    if name in book:
        print(t("accounts.exists", "vi", name=name))
        return EXIT_INVALID
    catalog = load_catalog(reference_dir(root))
    units, unknown = acc.parse_units(catalog, args.unit)
    if unknown:
        known = ", ".join(u.unit_id for u in catalog.units)
        print(t("accounts.unknown_unit", "vi", units=", ".join(unknown), known=known))
        return EXIT_INVALID
    agencies = tuple(dict.fromkeys(a.strip().upper() for a in args.agency)) or acc.AGENCIES
    if bad := [a for a in agencies if a not in acc.AGENCIES]:
        print(t("accounts.unknown_agency", "vi", agencies=", ".join(bad)))
        return EXIT_INVALID
    if args.role == "officer" and not units:
        print(t("accounts.officer_needs_unit", "vi"))
        return EXIT_INVALID
    password = read_password(args.password_stdin)
    if password is None:
        return EXIT_INVALID
    account = acc.Account(
        name=name,
        display_name=args.display_name.strip(),
        role=args.role,
        units=units if args.role == "officer" else (),
        agencies=agencies if args.role == "officer" else acc.AGENCIES,
        password_hash=acc.hash_password(password),
    )
    acc.save_accounts(root, {**book, name: account})
    acc.audit(root, "account_added", _operator(), target=name, role=args.role)
    print(t("accounts.added", "vi", name=name, scope=account.scope_text(catalog)))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from justice_dashboard import accounts as acc

    root, name, book = _named(args)
    if book is None:
        return EXIT_INVALID
    del book[name]
    acc.save_accounts(root, book)
    acc.audit(root, "account_removed", _operator(), target=name)
    print(t("accounts.removed", "vi", name=name))
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from justice_dashboard import accounts as acc

    root, name, book = _named(args)
    if book is None:
        return EXIT_INVALID
    password = read_password(args.password_stdin)
    if password is None:
        return EXIT_INVALID
    book[name] = replace(book[name], password_hash=acc.hash_password(password))
    acc.save_accounts(root, book)
    acc.audit(root, "password_changed", _operator(), target=name)
    print(t("accounts.password_changed", "vi", name=name))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from justice_dashboard import accounts as acc
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.config import reference_dir

    root = _root(args)
    book = acc.load_accounts(root)
    catalog = load_catalog(reference_dir(root))
    if not book:
        print(t("accounts.none", "vi"))
        return 0
    for account in sorted(book.values(), key=lambda a: a.name):
        role = t(f"accounts.role.{account.role}", "vi")
        line = t(
            "accounts.list_line",
            "vi",
            name=account.name,
            display=account.display_name,
            role=role,
            scope=account.scope_text(catalog),
        )
        print(line)
    return 0
