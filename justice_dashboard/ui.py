"""The Streamlit side of the package: cached data access, the shared sidebar and small page helpers.

Caching lives only here: the database as `st.cache_resource` keyed by the data folder and its version
(so a new snapshot is seen without a restart), query results as `st.cache_resource` keyed by the
query's name and bound parameters and handed out as copy-on-write copies (`query`), derived results
through `memo`. No cached function reads a widget.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import runpy
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from justice_dashboard import accessibility, config, fmt, safe_text
from justice_dashboard.catalog import Catalog, Indicator, Lang, PublishedFigure, load_catalog
from justice_dashboard.charts.fit import PHONE_WIDTH, fit_figure
from justice_dashboard.charts.frames import chart_frame as chart_frame  # re-exported for pages
from justice_dashboard.charts.frames import rows_frame as rows_frame
from justice_dashboard.coverage import Counting, with_notes
from justice_dashboard.i18n import t
from justice_dashboard.navigation import ALL_FILTERS, PAGES, page_path
from justice_dashboard.snapshots import data_version
from justice_dashboard.state import (
    KEY_AS_OF,
    KEY_FOCUS,
    KEY_HIGHLIGHT,
    KEY_INDICATOR,
    KEY_LANG,
    KEY_NORMALISATION,
    KEY_PROVINCES,
    KEY_RANGE,
    KEY_UNITS,
    KEY_UNITS_CHOSEN,
    KEY_YEAR,
    NORMALISATIONS,
    UNITS,
    Units,
    View,
    carried_codes,
    code_label,
    default_units,
    member_codes,
    parse_view,
    view_params,
)
from justice_dashboard.store import Store

if TYPE_CHECKING:
    from justice_dashboard.charts.theme import ChartFrame
    from justice_dashboard.export.chart_data import ChartData
    from justice_dashboard.export.model import SlideChart, SlideTable
    from justice_dashboard.specs import ChartSpec

LANG_LABELS: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}


@st.cache_resource(max_entries=2, show_spinner=False)
def _open_store(root: str, version: str) -> Store:
    return Store.open(Path(root))


_OPENED: set[tuple[str, str]] = set()  # (folder, version) already opened in this process


def store() -> Store:
    root = config.data_dir()
    key = (str(root), data_version(root))
    if key in _OPENED:
        return _open_store(*key)
    # Only a data version not yet opened may take a while: say so, in the page's language.
    with st.spinner(t("app.loading", lang())):
        opened = _open_store(*key)
    _OPENED.add(key)
    return opened


# Results are kept as frames, not pickled: st.cache_data would unpickle a new copy on every read
# (Arrow string columns included), the largest cost of a rerun with twenty sessions at once.
@st.cache_resource(max_entries=2000, show_spinner=False)
def _cached_query(root: str, version: str, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return _open_store(root, version).query(name, **params)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query from `queries/` on the current data, cached by its parameters.

    Each caller gets its own frame: a shallow copy, which pandas' copy-on-write keeps apart from
    the cached one (changing it copies the changed column, never touches the cache).
    """
    current = store()
    return _cached_query(str(current.root), current.version, name, params).copy(deep=False)


def catalog() -> Catalog:
    return load_catalog(config.reference_dir())


def pages(lang: Lang) -> list[Any]:
    """The app's pages for `st.navigation`, titled in `lang`.

    st.Page resolves and checks its file each time it is made, a system call per folder, each
    letting other sessions' threads take the interpreter while twenty users rerun at once; so each
    language's pages are made once per process and every run gets its own copies (a page carries
    whether this run may call it, which st.navigation and Page.run set for one session).
    """
    return [copy.copy(page) for page in _pages(lang)]


@functools.lru_cache(maxsize=len(LANG_LABELS))
def _pages(lang: Lang) -> tuple[Any, ...]:
    return tuple(
        st.Page(page_path(p), title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path)
        for p in PAGES
    )


def years() -> list[int]:
    return query("available_years")["year"].astype(int).tolist()


def indicator_options(cat: Catalog) -> list[str]:
    """Indicator codes grouped by agency (STP, then THA) and group, in the catalog's order."""
    agencies = list(dict.fromkeys(g.agency for g in cat.groups))
    group_rank = {g.code: (agencies.index(g.agency), g.display_order) for g in cat.groups}
    ordered = sorted(cat.indicators, key=lambda i: (*group_rank[i.group_code], i.display_order))
    return [i.code for i in ordered]


def indicator_label(cat: Catalog, code: str, lang: Lang) -> str:
    """'TA04 · Tỷ lệ thi hành xong về việc (THA · Thi hành án dân sự)': searchable by either."""
    indicator = cat.indicator(code)
    group = cat.group(indicator.group_code)
    return f"{code} · {indicator.name(lang)} ({indicator.agency} · {group.name(lang)})"


_RANGE_INITIAL = "view_range_initial"
_KEY_RUN_DATA = "view_run_data"  # (data folder, version) fingerprinted by this run's sidebar


def _store_view(view: View, chose_provinces: bool = True) -> None:
    st.session_state[KEY_LANG] = view.lang
    st.session_state[KEY_YEAR] = view.year
    # No choice is "every member" of whatever view is shown (the seven old provinces, or today's
    # five), not the members of the first view frozen into a list.
    st.session_state[KEY_PROVINCES] = list(view.provinces) if chose_provinces else []
    st.session_state[KEY_INDICATOR] = view.indicator
    # The range slider takes its first value as `value=` (which also makes it a range slider).
    st.session_state[_RANGE_INITIAL] = (view.first_year, view.last_year)
    st.session_state[KEY_NORMALISATION] = view.normalisation
    st.session_state[KEY_AS_OF] = view.as_of
    st.session_state[KEY_FOCUS] = view.focus
    st.session_state[KEY_UNITS] = view.units
    st.session_state[KEY_HIGHLIGHT] = list(view.highlight)


def _repair_state(available: list[int], cat: Catalog) -> None:
    """Keep the stored choices valid: when the data changes under a running session, and when a
    client sends a value no widget offers (a tampered message), which falls back to the default."""
    state = st.session_state
    if KEY_LANG in state and state[KEY_LANG] not in LANG_LABELS:
        state[KEY_LANG] = "vi"
    if KEY_NORMALISATION in state and state[KEY_NORMALISATION] not in NORMALISATIONS:
        state[KEY_NORMALISATION] = "absolute"
    if KEY_UNITS in state and state[KEY_UNITS] not in UNITS:
        state[KEY_UNITS] = "reported"
    for key in (KEY_PROVINCES, KEY_HIGHLIGHT):
        chosen = state.get(key)
        if chosen is not None and (
            not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen)
        ):
            state[key] = []
    if KEY_AS_OF in state and not isinstance(state[KEY_AS_OF], dt.date | type(None)):
        state[KEY_AS_OF] = None
    if not available:
        return
    if state.get(KEY_YEAR) not in available:
        state[KEY_YEAR] = max(available)
    span = state.get(KEY_RANGE) or state.get(_RANGE_INITIAL) or (0, 0)
    if (
        not isinstance(span, list | tuple)
        or len(span) != 2
        or any(y not in available for y in span)
    ):
        state[KEY_RANGE] = state[_RANGE_INITIAL] = (min(available), max(available))
    if not cat.has_indicator(str(state.get(KEY_INDICATOR) or "")):
        state[KEY_INDICATOR] = indicator_options(cat)[0]


def option_label(label: Callable[[Any], object]) -> Callable[[Any], str]:
    """A widget's `format_func` that never fails: Streamlit formats the value a client sent before
    checking it against the options, so an unknown one (a tampered message) is shown as itself and
    then replaced by the default, instead of raising KeyError in the label."""

    def total(value: Any) -> str:
        try:
            return str(label(value))
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            return str(value)

    return total


_WIDGET_KEYS = (
    KEY_LANG,
    KEY_YEAR,
    KEY_UNITS,
    KEY_PROVINCES,
    KEY_HIGHLIGHT,
    KEY_INDICATOR,
    KEY_NORMALISATION,
    KEY_AS_OF,
)


def _keep_choices() -> None:
    """Carry the sidebar's choices into this run even if Streamlit re-identifies its widgets.

    On a browser's first visit the entry script runs once as the page itself and then under the
    chosen page (the `pages/` folder beside app.py makes Streamlit start that way); the widgets
    then get new identities and would fall back to their defaults, losing the user's first choice.
    Writing each value back through the Session State API (Streamlit's documented way to keep
    widget values across pages) makes the widgets take it; the range slider takes it as `value=`.
    """
    state = st.session_state
    for key in _WIDGET_KEYS:
        if key in state:
            state[key] = state[key]
    if KEY_RANGE in state:
        state[_RANGE_INITIAL] = tuple(state[KEY_RANGE])


_KEY_PAGE_YEARS = "view_page_years"  # the years this run's page shows (its filters say which)


def _page_years(state: Any, filters: Collection[str]) -> tuple[int, int]:
    """The years the page shows: its year, its range, or both (the filters it reads say which)."""
    year = int(state.get(KEY_YEAR) or 0)
    shown = [year] if "year" in filters or "range" not in filters else []
    if "range" in filters:
        shown += [int(y) for y in state.get(KEY_RANGE) or state.get(_RANGE_INITIAL) or (year, year)]
    return min(shown), max(shown)


def _shown_years(state: Any) -> tuple[int, int]:
    return state.get(_KEY_PAGE_YEARS) or _page_years(state, ALL_FILTERS)


def _view_from_state(cat: Catalog) -> View:
    state = st.session_state
    units: Units = state.get(KEY_UNITS) if state.get(KEY_UNITS) in UNITS else "reported"
    members = member_codes(cat, units, *_shown_years(state))
    chosen = carried_codes(cat, state.get(KEY_PROVINCES) or (), members, units)
    first, last = state.get(KEY_RANGE) or state.get(_RANGE_INITIAL) or (0, 0)
    focus = (carried_codes(cat, [state.get(KEY_FOCUS) or ""], members, units) or ("",))[0]
    highlight = carried_codes(cat, state.get(KEY_HIGHLIGHT) or (), chosen or members, units)
    return View(
        lang=_chosen_lang(),
        year=int(state.get(KEY_YEAR) or 0),
        provinces=chosen or members,
        indicator=state.get(KEY_INDICATOR) or "",
        first_year=int(min(first, last)),
        last_year=int(max(first, last)),
        normalisation=state.get(KEY_NORMALISATION) or "absolute",
        as_of=state.get(KEY_AS_OF),
        focus=focus or (chosen or members or ("",))[0],
        units=units,
        highlight=highlight,
    )


def init_view() -> None:
    """Before anything is drawn: the data this run shows, the view from the link on a session's
    first run, and the stored choices kept valid and alive (see `_keep_choices`)."""
    current = store()
    # The data folder and version this run shows, fingerprinted once per run (see `memo`).
    st.session_state[_KEY_RUN_DATA] = (str(current.root), current.version)
    available = years()
    cat = catalog()
    if KEY_LANG not in st.session_state:
        params = dict(st.query_params)
        initial = parse_view(params, available, cat)
        _store_view(initial, chose_provinces="provinces" in params)
        st.session_state[KEY_UNITS_CHOSEN] = "units" in params and "units" not in initial.notices
        for notice in initial.notices:
            st.toast(t(f"url.fallback.{notice}", initial.lang), icon="⚠️")
    _repair_state(available, cat)
    _keep_choices()
    damaged_snapshots_warning(current, cat)


_DAMAGED_SHOWN = 10  # files named on a page; `check` lists them all


def damaged_snapshots_warning(current: Store, cat: Catalog) -> None:
    """On every page: each snapshot file left out of the figures as damaged (its path in the data
    folder, never the server's; its province and year; why), so no figure is missing unsaid."""
    if not current.damaged:
        return
    language = lang()
    lines = [
        f"- {d.line(cat, language, quote=safe_text.md_code)}"
        for d in current.damaged[:_DAMAGED_SHOWN]
    ]
    hidden = len(current.damaged) - _DAMAGED_SHOWN
    if hidden > 0:
        lines.append(
            f"- {t('integrity.page_more', language, count=fmt.number(hidden, lang=language))}"
        )
    count = fmt.number(len(current.damaged), lang=language)
    st.warning(
        "\n\n".join([t("integrity.page_warning", language, count=count), "\n".join(lines)]),
        icon="⚠️",
    )


def page_filters(page: Any, shown: list[Any]) -> frozenset[str]:
    """The shared filters the page st.navigation chose reads (`shown` is what `pages()` gave)."""
    return PAGES[shown.index(page)].filters


def sidebar(filters: Collection[str] = ALL_FILTERS) -> View:
    """Draw the language and the shared filters the page reads (after `init_view`, before the page
    runs) and keep the URL in step. Filters the page does not read are not drawn, but keep their
    values (`_keep_choices`) and their place in the link for the pages that read them."""
    available = years()
    cat = catalog()
    lang: Lang = _chosen_lang()
    with st.sidebar:
        st.radio(
            t("app.language", lang),
            options=list(LANG_LABELS),
            format_func=option_label(LANG_LABELS.__getitem__),
            key=KEY_LANG,
            horizontal=True,
        )
        lang = _chosen_lang()
        if available and "year" in filters:
            st.selectbox(t("app.year", lang), options=available, key=KEY_YEAR)
        st.session_state[_KEY_PAGE_YEARS] = _page_years(st.session_state, filters)
        if available and "units" in filters:
            _units_choice(cat, lang)
        if available and "provinces" in filters:
            state = st.session_state
            units: Units = state[KEY_UNITS]
            shown = _shown_years(state)
            options = member_codes(cat, units, *shown)
            state[KEY_PROVINCES] = list(
                carried_codes(cat, state.get(KEY_PROVINCES) or (), options, units)
            )
            st.multiselect(
                t("filter.provinces", lang),
                options=list(options),
                format_func=option_label(lambda c: code_label(cat, c, units, *shown, lang)),
                key=KEY_PROVINCES,
                placeholder=t("filter.provinces_all", lang),
            )
        if available and "highlight" in filters:
            _highlight_choice(cat, lang)
        if available and "indicator" in filters:
            st.selectbox(
                t("filter.indicator", lang),
                options=indicator_options(cat),
                format_func=option_label(lambda c: indicator_label(cat, c, lang)),
                key=KEY_INDICATOR,
            )
        if available and "range" in filters:
            st.select_slider(
                t("filter.year_range", lang),
                options=sorted(available),
                value=st.session_state[_RANGE_INITIAL],
                key=KEY_RANGE,
            )
        if available and "normalisation" in filters:
            st.radio(
                t("filter.normalisation", lang),
                options=list(NORMALISATIONS),
                format_func=option_label(lambda n: t(f"filter.norm.{n}", lang)),
                key=KEY_NORMALISATION,
            )
        if available and "as_of" in filters:
            st.date_input(
                t("filter.as_of", lang),
                key=KEY_AS_OF,
                format="DD/MM/YYYY",
                help=t("filter.as_of_help", lang),
            )
    view = _view_from_state(cat)
    st.query_params.from_dict(view_params(view))
    return view


def _highlight_choice(cat: Catalog, lang: Lang) -> None:
    """The provinces drawn in their colours against the others in grey: among the ones shown."""
    state = st.session_state
    units: Units = state[KEY_UNITS] if state.get(KEY_UNITS) in UNITS else "reported"
    shown = _shown_years(state)
    members = member_codes(cat, units, *shown)
    options = carried_codes(cat, state.get(KEY_PROVINCES) or (), members, units) or members
    state[KEY_HIGHLIGHT] = list(carried_codes(cat, state.get(KEY_HIGHLIGHT) or (), options, units))
    st.multiselect(
        t("filter.highlight", lang),
        options=list(options),
        format_func=option_label(lambda c: code_label(cat, c, units, *shown, lang)),
        key=KEY_HIGHLIGHT,
        placeholder=t("filter.highlight_none", lang),
        help=t("filter.highlight_help", lang),
    )


def _units_choice(cat: Catalog, lang: Lang) -> None:
    """The way figures are counted: as each year reported, or on today's units. Until the link or
    the user chooses, it follows the years the page shows (today's units once they reach 2025)."""
    state = st.session_state
    if not state.get(KEY_UNITS_CHOSEN):
        state[KEY_UNITS] = default_units(cat, _shown_years(state)[1])

    def chosen() -> None:
        st.session_state[KEY_UNITS_CHOSEN] = True

    st.radio(
        t("filter.units", lang),
        options=list(UNITS),
        format_func=option_label(lambda u: t(f"filter.units.{u}", lang)),
        key=KEY_UNITS,
        help=t("filter.units_help", lang),
        on_change=chosen,
    )


def _chosen_lang() -> Lang:
    chosen = st.session_state.get(KEY_LANG, "vi")
    return chosen if chosen in LANG_LABELS else "vi"


def lang() -> Lang:
    """The chosen language (Vietnamese for anything else a client sent)."""
    return _chosen_lang()


def page_path_for_log() -> str:
    """The page a run was for, as the error log names it (the URL's path, never its query)."""
    try:
        url = st.context.url
    except Exception:  # no browser context (bare run)
        url = None
    return url.split("?", 1)[0] if isinstance(url, str) else "?"


def data_is_illustrative(
    units: Units,
    provinces: Iterable[str],
    first_year: int,
    last_year: int,
    as_of: dt.datetime | None,
) -> bool:
    """Whether any snapshot behind the figures of these members and years, counted the `units`
    way (on today's units: their predecessors' too), is illustrative."""
    rows = query(
        "data_is_illustrative",
        bloc=catalog().default_bloc.code,
        units=units,
        provinces=sorted(provinces),
        first_year=int(first_year),
        last_year=int(last_year),
        as_of=as_of,
    )
    return bool(len(rows) and rows["illustrative"].iloc[0])


def counting(view: View, first_year: int, last_year: int) -> Counting:
    """How a chart of these years counts its figures (for its notes on the 2025 merger)."""
    return Counting(view.units, first_year, last_year, catalog().merger_year())


def no_target_note(indicator: Indicator, year: int) -> tuple[str, ...]:
    """For an indicator that has national targets in some years: the note that `year` has none
    recorded ("chưa có chỉ tiêu"), rather than a guessed line. Empty otherwise."""
    from justice_dashboard.specs import no_target_notes

    known = query("targets", first_year=0, last_year=9999)
    return no_target_notes(known, indicator.code, [year], lang())


def illustrative_banner(lang: Lang, illustrative: bool) -> None:
    """Say that the figures are samples, when any figure the page shows is (`data_is_illustrative`)."""
    if illustrative:
        st.info(t("app.illustrative_banner", lang), icon="ℹ️")


# The toolbar keeps what a leader uses: the camera (a slide-sized PNG) and "reset". Zooming,
# panning, selecting and the hover toggles go (Streamlit adds its own full-screen button).
MODEBAR_REMOVED = (
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "toggleSpikelines",
    "toggleHover",
    "zoomInGeo",
    "zoomOutGeo",
    "hoverClosestGeo",
    "hoverClosestPie",
    "drawline",
    "drawopenpath",
    "drawclosedpath",
    "drawcircle",
    "drawrect",
    "eraseshape",
)
# Plotly's own English texts (its dictionary's keys, as the plotly.js Streamlit bundles writes them)
# and the string that says each in our words.
MODEBAR_TEXTS = {
    "Download plot as a PNG": "chart.modebar.download_png",
    "Download plot": "chart.modebar.download",
    "Reset axes": "chart.modebar.reset_axes",
    "Reset view": "chart.modebar.reset_view",
    "Reset views": "chart.modebar.reset_view",
    "Sorry, there was a problem downloading your image!": "chart.modebar.snapshot_failed",
    "Double-click to zoom back out": "chart.modebar.double_click",
    # The notes the camera shows, so a Vietnamese page does not speak English (WCAG 3.1.2).
    "Preparing image - this may take a few seconds": "chart.modebar.preparing",
    "Image download succeeded": "chart.modebar.download_succeeded",
}


def plotly_config(filename: str, lang: Lang = "vi", height: int | None = None) -> dict[str, Any]:
    """The chart's toolbar: the camera and "reset" only, their tooltips in the page's language
    (a Plotly locale given with the chart), and the camera's PNG at 1920×1080 named for its
    content, drawn like the server's slide image.

    The layout is drawn at 960×540 and scaled by 2, so the text reads at slide size; `height`:
    a tall chart's own layout height instead (`export.render.image_height`).
    """
    from justice_dashboard.export.render import DEFAULT_PRESET, PRESETS

    preset = PRESETS[DEFAULT_PRESET]
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": list(MODEBAR_REMOVED),
        "locale": lang,
        "locales": {
            lang: {"dictionary": {text: t(key, lang) for text, key in MODEBAR_TEXTS.items()}}
        },
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": preset.width,
            "height": height or preset.height,
            "scale": preset.scale,
        },
    }


# Session-state keys of the exports: the charts shown this session ({chart key: SlideChart}, the
# last state of each), the slide page's choice (pack or viewed charts) and its last built files
# with what they were built for.
KEY_VIEWED_CHARTS = "export_viewed_charts"
KEY_SLIDE_SOURCE = "export_slide_source"
KEY_SLIDE_FILES = "export_slide_files"
_VIEWED_LIMIT = 30
_MIME = {"png": "image/png", "svg": "image/svg+xml"}


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_image(figure_json: str, image_format: str, preset: str) -> bytes:
    import plotly.io as pio

    from justice_dashboard.export.render import render_image

    return render_image(pio.from_json(figure_json), image_format, preset)  # type: ignore[arg-type]


@st.cache_data(ttl=600, show_spinner=False)
def _chromium_available() -> bool:
    from justice_dashboard.export.render import chromium_available

    return chromium_available()


def _remember_chart(
    figure: go.Figure,
    stem: str,
    identity: str,
    caption: str | None,
    table: SlideTable | None = None,
) -> SlideChart:
    """Keep the chart for the slide page: one entry per chart (its key on the page), holding the
    last state shown, with its title and caption; the most recently shown last."""
    from justice_dashboard.export.model import SlideChart

    viewed: dict[str, SlideChart] = st.session_state.setdefault(KEY_VIEWED_CHARTS, {})
    viewed.pop(identity, None)
    chart = viewed[identity] = SlideChart.from_figure(figure, stem, lang(), caption, table)
    while len(viewed) > _VIEWED_LIMIT:
        viewed.pop(next(iter(viewed)))
    return chart


def _image_downloads(figure: go.Figure, filename: str, key: str) -> None:
    """One "Tải ảnh" button under the chart opening a size preset and PNG/SVG downloads, rendered
    on the server only when clicked. Folded into a popover, so a page with several charts draws
    one small button per chart instead of three widgets."""
    from justice_dashboard.export.render import DEFAULT_PRESET, PRESETS

    current = lang()
    if not _chromium_available():
        st.caption(t("export.chromium_missing", current))
        return
    with st.popover(
        t("export.images", current),
        icon=":material/download:",
        help=t("export.images_help", current),
    ):
        preset = st.selectbox(
            t("export.size", current),
            options=list(PRESETS),
            index=list(PRESETS).index(DEFAULT_PRESET),
            format_func=option_label(lambda k: PRESETS[k].label(current)),
            key=f"export_preset_{key}",
        )

        def render(image_format: str) -> Any:
            return lambda: _cached_image(figure.to_json(), image_format, preset)

        for column, image_format in zip(st.columns(2), ("png", "svg"), strict=True):
            column.download_button(
                t(f"export.download_{image_format}", current),
                data=render(image_format),
                file_name=f"{filename}.{image_format}",
                mime=_MIME[image_format],
                key=f"export_{image_format}_{key}",
                help=t("export.prepare_images_help", current),
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )


_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_downloads(data: ChartData, frame: ChartFrame, filename: str, key: str) -> None:
    """A "Tải số liệu" button beside "Tải ảnh" opening the chart's own data as CSV and XLSX,
    written only when clicked."""
    from justice_dashboard.export import chart_data

    current = lang()

    def table() -> chart_data.ChartTable:
        return chart_data.chart_table(data, frame, catalog(), current)

    with st.popover(
        t("chart_data.download", current),
        icon=":material/table_view:",
        help=t("chart_data.download_help", current),
    ):
        left, right = st.columns(2)
        left.download_button(
            t("chart_data.download_csv", current),
            data=lambda: chart_data.csv_bytes(table()),
            file_name=f"{filename}.csv",
            mime="text/csv",
            key=f"export_csv_{key}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
        right.download_button(
            t("chart_data.download_xlsx", current),
            data=lambda: chart_data.xlsx_bytes(table()),
            file_name=f"{filename}.xlsx",
            mime=_XLSX_MIME,
            key=f"export_xlsx_{key}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def show_chart(
    figure: go.Figure,
    filename: str,
    *,
    key: str | None = None,
    caption: str | None = None,
    data: ChartData | None = None,
    table: SlideTable | None = None,
) -> None:
    """Show a chart with its toolbar camera set for slides (1920×1080 PNG named `filename`),
    and under it a "Tải ảnh" button opening a size preset and PNG/SVG downloads of the same chart
    rendered on the server.

    Every page shows its charts through this one function, so what goes beside a chart is added
    here once for all pages. The chart is drawn with its own template (`theme=None`), so the
    browser and its camera show the white background and colours the images have. Images are
    rendered only when a download is clicked, and cached by figure and size. The chart is also
    remembered for the slide pack page ("Xuất slide"): `key` names the chart on its page (its
    identity: a new state replaces the old one; the file name when there is no key), `caption`
    is the sentence its slide says under it (its subtitle when None). `data`: the rows the page
    gave the chart's builder, offered beside the images as CSV and XLSX ("Tải số liệu").
    `table`: a table the chart points to (its weights), given its own slide after the chart's.
    Under the chart, hidden from sight, its text alternative for screen readers: title, subtitle
    and one line on its data (`accessibility.chart_text`).
    """
    from justice_dashboard.export.naming import ascii_slug
    from justice_dashboard.export.render import DEFAULT_PRESET, PRESETS, image_height

    filename = ascii_slug(filename)
    # On a phone, a copy fitted to its width is drawn (the figure may be shared); the slides, the
    # server images and the data keep the chart itself.
    drawn = fit_figure(go.Figure(figure), PHONE_WIDTH) if on_phone() else figure
    config = plotly_config(filename, lang(), image_height(drawn, PRESETS[DEFAULT_PRESET]))
    st.plotly_chart(drawn, config=config, key=key, theme=None)
    chart = _remember_chart(figure, filename, key or filename, caption, table)
    accessibility.hidden_text(accessibility.chart_text(chart.frame, data, lang()))
    with st.container(horizontal=True):
        _image_downloads(figure, filename, key or filename)
        if data is not None:
            _data_downloads(data, chart.frame, filename, key or filename)


def show_spec(spec: ChartSpec, *, key: str) -> None:
    """Show a chart declared by its spec (`specs`): the figure, its images named for it, its
    caption on its slide and its rows as CSV/XLSX, all from the one spec."""
    show_chart(spec.figure, spec.stem, key=key, caption=spec.caption, data=spec.data)


def on_phone() -> bool:
    """Whether the page is read on a phone: its browser says "Mobi" in its User-Agent (as every
    phone browser does; a tablet's does not). The page cannot know a window's width."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent


def card(
    column: Any,
    title: str,
    value: str,
    *,
    delta: str | None = None,
    delta_color: str = "normal",
) -> None:
    """A headline card whose title is read in full: st.metric cuts its label to one line ("…"), so
    the title is written above it as wrapping text and the metric's own label is kept (for screen
    readers and tests) but not drawn. The cards of a row are as tall as the tallest, their values
    level at the bottom however many lines their titles take."""
    with column.container(border=True, height="stretch", vertical_alignment="distribute"):
        st.markdown(f"**{safe_text.md_text(title)}**")
        st.metric(title, value, delta=delta, delta_color=delta_color, label_visibility="collapsed")


def no_data(lang: Lang) -> None:
    st.warning(t("app.no_data", lang, folder=config.data_dir().name))
    st.stop()


def current_view() -> View:
    """The view chosen in the sidebar (drawn by app.py before the page runs)."""
    _ensure_app_shell()
    return _view_from_state(catalog())


def _ensure_app_shell() -> None:
    """Run every page inside app.py's navigation, even on a fresh server's first deep link.

    A `pages/` folder beside app.py makes Streamlit start in its legacy multipage mode until app.py
    has called `st.navigation` once, so a link straight to `/compare` on a fresh server would run
    the page on its own, without the sidebar. Leave that mode and run app.py in this same run (a
    rerun would drop a button's click): it draws the sidebar and opens the same page, whose
    url_path is its file name; then stop the page run that came without the shell.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(config.PROJECT_ROOT / "app.py"), run_name="__main__")
        st.stop()


def set_focus(code: str) -> None:
    """Choose the profile page's province; it stays chosen across pages and in the URL."""
    st.session_state[KEY_FOCUS] = code
    st.query_params["province"] = code


def provinces_text(view: View, cat: Catalog, lang: Lang) -> str:
    """'Khối miền Đông Nam Bộ' when every member is shown, else the short names of those shown:
    the words of the slides and images too (`specs.units_text`)."""
    from justice_dashboard.specs import units_text

    shown = _shown_years(st.session_state)
    members = member_codes(cat, view.units, *shown)
    return units_text(cat, view.units, view.provinces, members, (), shown, lang, cat.default_bloc)


def highlight_text(view: View, cat: Catalog, lang: Lang) -> str:
    """' · nổi bật: Đ.Nai, B.Dương' after a chart's provinces when some are highlighted, so an
    image says what its grey means; '' otherwise."""
    from justice_dashboard.specs import highlight_suffix

    shown = _shown_years(st.session_state)
    return highlight_suffix(cat, view.units, view.highlight, shown, lang)


def view_notes(view: View, indicator: Indicator | None = None) -> None:
    """Say plainly when the figures are not the latest or not absolute (per capita, share)."""
    lang = view.lang
    if view.as_of is not None:
        st.warning(t("view.as_of_note", lang, date=fmt.date(view.as_of, lang)), icon="🕰️")
    if indicator is None or view.normalisation == "absolute":
        return
    if indicator.is_rate:
        norm = t(f"filter.norm.{view.normalisation}", lang)
        st.caption(t("view.norm_rate_ignored", lang, norm=norm))
    else:
        st.caption(t(f"view.norm_{view.normalisation}_note", lang))


@st.cache_data(show_spinner=False)
def _default_weights(reference: str) -> dict[str, float]:
    from justice_dashboard.ranking import load_weights

    return load_weights(Path(reference))


def weights_editor(agency: str, cat: Catalog, lang: Lang) -> dict[str, float]:
    """The composite weights of one group (STP or THA), shown and editable; defaults from data."""
    from justice_dashboard.ranking import weights_frame

    defaults = _default_weights(str(config.reference_dir()))
    codes = [i.code for i in cat.indicators if i.agency == agency and i.direction != "none"]
    names = {c: cat.indicator(c).name(lang) for c in codes}
    with st.expander(t("ranking.weights", lang)):
        edited = st.data_editor(
            weights_frame(defaults, codes, names),
            hide_index=True,
            disabled=["indicator_code", "indicator"],
            column_config={
                "indicator_code": st.column_config.TextColumn(t("ranking.col_code", lang)),
                "indicator": st.column_config.TextColumn(t("ranking.col_indicator", lang)),
                "weight": st.column_config.NumberColumn(
                    t("ranking.col_weight", lang), min_value=0.0, max_value=100.0, step=0.5
                ),
            },
            key=f"ranking_weights_{agency}",
        )
    return {
        code: float(w) if w == w else 0.0  # an emptied cell (NaN) counts as 0
        for code, w in zip(edited["indicator_code"], edited["weight"], strict=True)
    }


def profile_table(profile: pd.DataFrame, trend: pd.DataFrame, view: View) -> pd.DataFrame:
    """The profile's table for reading: code, indicator, value, bloc, rank, change, trend."""
    lang = view.lang
    cat = catalog()
    series = {
        code: [None if v != v else (v * 100 if kind == "rate" else v) for v in rows["value"]]
        for (code, kind), rows in trend.sort_values("year").groupby(["indicator_code", "kind"])
    }
    rows = []
    for row in profile.itertuples():
        indicator = cat.indicator(row.indicator_code)
        rank = "–" if row.rank != row.rank else f"{int(row.rank)}/{row.members_ranked}"
        rows.append(
            {
                t("ranking.col_code", lang): row.indicator_code,
                t("ranking.col_indicator", lang): indicator.name(lang)
                + ("" if indicator.direction != "none" else " (–)"),
                t("compare.col_value", lang) + f" {view.year}": with_notes(
                    fmt.indicator_value(indicator, row.value, lang), row._asdict(), lang
                ),
                t("profile.col_bloc", lang): fmt.indicator_value(indicator, row.bloc_value, lang),
                t("compare.col_rank", lang): rank,
                t("compare.col_change", lang): fmt.indicator_change(
                    indicator, row.value, row.previous, lang
                )
                or "–",
                t(
                    "profile.col_trend", lang, first=view.first_year, last=view.last_year
                ): series.get(row.indicator_code, []),
            }
        )
    return pd.DataFrame(rows)


# st.dataframe's row and header heights (px) at the default theme, and the frame around them.
TABLE_ROW_PX = 35
TABLE_BORDER_PX = 3


def full_table_height(rows: int) -> int:
    """A st.dataframe height that shows every row and the header, with no inner scrolling."""
    return (rows + 1) * TABLE_ROW_PX + TABLE_BORDER_PX


def profile_table_columns(view: View) -> dict[str, Any]:
    """The profile table's columns: short headings that fit (never cut off), each explained in
    its help; the indicator's name wide enough to read; the trend a small line."""
    lang = view.lang
    config = st.column_config
    value = t("compare.col_value", lang) + f" {view.year}"
    trend = t("profile.col_trend", lang, first=view.first_year, last=view.last_year)
    return {
        t("ranking.col_code", lang): config.TextColumn(
            width="small", help=t("profile.help_code", lang)
        ),
        t("ranking.col_indicator", lang): config.TextColumn(
            width="large", help=t("profile.help_indicator", lang)
        ),
        value: config.TextColumn(
            width="medium", help=t("profile.help_value", lang, year=view.year)
        ),
        t("profile.col_bloc", lang): config.TextColumn(
            t("profile.col_bloc_short", lang), help=t("profile.help_bloc", lang)
        ),
        t("compare.col_rank", lang): config.TextColumn(
            width="small", help=t("profile.help_rank", lang)
        ),
        t("compare.col_change", lang): config.TextColumn(
            help=t("profile.help_change", lang, previous=view.year - 1)
        ),
        trend: config.LineChartColumn(
            t("profile.col_trend_short", lang),
            width="medium",
            help=t("profile.help_trend", lang, first=view.first_year, last=view.last_year),
        ),
    }


@st.cache_resource(max_entries=512, show_spinner=False)
def _memo(root: str, version: str, key: tuple[Any, ...], _compute: Callable[[], Any]) -> Any:
    return _compute()


def memo(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """A derived result (a ranked frame, a figure) computed once per data version and `key`.

    `key` must name everything the result depends on (use `view_key(view)` for the view); the
    result is shared, not copied, so callers must not change it. This keeps a page's rerun cheap
    when only another page's widget or nothing changed.
    """
    data = st.session_state.get(_KEY_RUN_DATA)
    if data is None:
        current = store()
        data = (str(current.root), current.version)
    return _memo(data[0], data[1], key, compute)


def view_key(view: View) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(view_params(view).items()))


def published_note(
    indicator: Indicator, value: float, published: PublishedFigure, lang: Lang
) -> str:
    """Cite the published figure; say so plainly if the data no longer adds up to it."""
    note = t(
        "app.published_figure",
        lang,
        indicator=indicator.name(lang),
        value=fmt.indicator_value(indicator, published.value, lang),
        source=published.source(lang),
    )
    if round(value, 6) != round(published.value, 6):
        note += " " + t(
            "app.published_mismatch",
            lang,
            value=fmt.indicator_value(indicator, value, lang),
            published=fmt.indicator_value(indicator, published.value, lang),
        )
    return note
