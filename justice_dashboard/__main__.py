"""Command line: `python -m justice_dashboard COMMAND …` (see `--help`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _sample(args: argparse.Namespace) -> int:
    from justice_dashboard.sample import write_sample

    files = write_sample(Path(args.out))
    print(f"Đã ghi {len(files)} tệp snapshot vào {Path(args.out) / 'snapshots'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m justice_dashboard",
        description="Bảng điều khiển kết quả công tác tư pháp — công cụ dòng lệnh",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="sinh lại dữ liệu minh họa (xác định, có seed)")
    sample.add_argument(
        "--out", required=True, help="thư mục dữ liệu đích (tạo snapshots/ bên trong)"
    )
    sample.set_defaults(run=_sample)
    from justice_dashboard.export.cli import add_export_command

    add_export_command(commands)
    from justice_dashboard.intake.cli import add_intake_commands

    add_intake_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
