"""`python -m justice_dashboard export`: the slide pack, image bundle or images without a browser."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from justice_dashboard import config
from justice_dashboard.catalog import Lang, load_catalog
from justice_dashboard.i18n import t
from justice_dashboard.state import carried_codes, default_units, member_codes

FORMATS = ("pptx", "zip", "png", "svg")


class ExportInputError(ValueError):
    """A code or year the data does not have; the message says which, in the chosen language."""


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise argparse.ArgumentTypeError(t("cli.export.bad_date", "vi", text=text)) from error


def add_export_command(commands: Any) -> None:
    from justice_dashboard.export.render import DEFAULT_PRESET, PRESETS

    def say(key: str, **values: object) -> str:
        return t(f"cli.export.{key}", "vi", **values)

    export = commands.add_parser("export", help=say("help"), description=say("description"))
    export.add_argument("--year", type=int, required=True, help=say("year"))
    export.add_argument("--format", choices=FORMATS, required=True, help=say("format"))
    export.add_argument("--out", required=True, help=say("out"))
    export.add_argument("--provinces", help=say("provinces"))
    export.add_argument("--highlight", help=say("highlight"))
    export.add_argument("--indicators", help=say("indicators"))
    export.add_argument("--lang", choices=("vi", "en"), default="vi", help=say("lang"))
    export.add_argument("--images", action="store_true", help=say("images"))
    export.add_argument(
        "--size",
        choices=list(PRESETS),
        default=DEFAULT_PRESET,
        help=say("size", default=DEFAULT_PRESET),
    )
    export.add_argument("--conference-date", type=_date, help=say("conference_date"))
    export.add_argument("--units", choices=("reported", "current"), help=say("units"))
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    from justice_dashboard.export.render import ChromiumMissing, renderer

    was_running = renderer().running
    try:
        return _export(args)
    except ExportInputError as error:
        print(str(error), file=sys.stderr)
        return 2
    except ChromiumMissing as error:
        print(str(error), file=sys.stderr)
        return 3
    finally:
        if not was_running:
            renderer().stop()


def _export(args: argparse.Namespace) -> int:
    from justice_dashboard.export.bundle import build_zip
    from justice_dashboard.export.deck import build_deck
    from justice_dashboard.export.model import DeckInfo
    from justice_dashboard.export.naming import unique_names
    from justice_dashboard.export.pack import (
        PackContext,
        build_pack,
        conference_pack,
        targeted_indicators,
    )
    from justice_dashboard.export.render import render_image
    from justice_dashboard.integrity import warn_damaged
    from justice_dashboard.store import Store

    lang: Lang = args.lang
    catalog = load_catalog(config.reference_dir())
    bloc = catalog.default_bloc
    store = Store.open(config.data_dir())
    for line in warn_damaged(store.damaged, catalog, lang):
        print(line, file=sys.stderr)
    try:
        years = store.query("available_years")["year"].astype(int).tolist()
        if args.year not in years:
            raise ExportInputError(
                t(
                    "export.cli_unknown_year",
                    lang,
                    year=args.year,
                    years=", ".join(str(y) for y in sorted(years)),
                )
            )
        units = args.units or default_units(catalog, args.year)
        members = member_codes(catalog, units, args.year, args.year, bloc.code)
        provinces = _codes(args.provinces) or list(members)
        unknown = [c for c in provinces if not catalog.has_code(c)]
        if unknown:
            valid = ", ".join(members)
            raise ExportInputError(
                t("export.cli_unknown_province", lang, codes=", ".join(unknown), valid=valid)
            )
        provinces = list(carried_codes(catalog, provinces, members, units)) or provinces
        outside = [c for c in provinces if c not in members]
        if outside:
            raise ExportInputError(
                t("export.cli_not_member", lang, codes=", ".join(outside), year=args.year)
            )
        indicators = _codes(args.indicators)
        unknown = [c for c in indicators if not catalog.has_indicator(c)]
        if unknown:
            raise ExportInputError(
                t("export.cli_unknown_indicator", lang, codes=", ".join(unknown))
            )
        chosen = tuple(c for c in members if c in provinces)
        highlight = _codes(args.highlight)
        unknown = [c for c in highlight if not catalog.has_code(c)]
        if unknown:
            valid = ", ".join(chosen)
            raise ExportInputError(
                t("export.cli_unknown_province", lang, codes=", ".join(unknown), valid=valid)
            )
        lit = carried_codes(catalog, highlight, chosen, units)
        if highlight and not lit:
            raise ExportInputError(
                t("export.cli_highlight_not_shown", lang, codes=", ".join(highlight))
            )
        context = PackContext(
            catalog, bloc, args.year, chosen, lang, None, units, min(years), highlight=lit
        )
        targeted = targeted_indicators(store.query, args.year)
        pack = conference_pack(catalog, indicators or None, targeted)
        charts = build_pack(pack, store.query, context)
    finally:
        store.close()
    info = DeckInfo(
        bloc_name=bloc.name(lang),
        year=args.year,
        conference_date=args.conference_date,
        illustrative=any(c.frame.illustrative for c in charts),
    )
    out = Path(args.out)
    if args.format in ("png", "svg"):
        out.mkdir(parents=True, exist_ok=True)
        names = unique_names([c.stem for c in charts], args.format)
        for chart, name in zip(charts, names, strict=True):
            (out / name).write_bytes(render_image(chart.figure, args.format, args.size))
        print(t("export.cli_written_many", lang, count=len(names), path=out))
        return 0
    if args.format == "pptx":
        data = build_deck(charts, info, lang, images=args.images)
    else:
        data = build_zip(charts, info, lang, preset=args.size)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("export.cli_written", lang, path=out, count=len(charts)))
    return 0
