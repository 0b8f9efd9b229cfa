"""Command line: `python -m justice_dashboard COMMAND …` (see `--help`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from justice_dashboard.i18n import t


def _sample(args: argparse.Namespace) -> int:
    from justice_dashboard.sample import write_sample

    files = write_sample(Path(args.out))
    print(t("cli.sample.written", "vi", count=len(files), path=Path(args.out) / "snapshots"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m justice_dashboard",
        description=t("cli.description", "vi"),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help=t("cli.sample.help", "vi"))
    sample.add_argument("--out", required=True, help=t("cli.sample.out", "vi"))
    sample.set_defaults(run=_sample)
    from justice_dashboard.export.cli import add_export_command

    add_export_command(commands)
    from justice_dashboard.intake.cli import add_intake_commands

    add_intake_commands(commands)
    from justice_dashboard.users_cli import add_users_command

    add_users_command(commands)
    from justice_dashboard.check import add_check_command

    add_check_command(commands)
    from justice_dashboard.cluster import add_serving_commands

    add_serving_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
