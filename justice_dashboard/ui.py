"""The Streamlit side of the package: cached data access, the shared sidebar and small page helpers.

Caching lives only here: the database as `st.cache_resource` keyed by the data folder and its version
(so a new snapshot is seen without a restart), query results as `st.cache_data` keyed by the query's
name and bound parameters. No cached function reads a widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from justice_dashboard import config, fmt
from justice_dashboard.catalog import Catalog, Indicator, Lang, PublishedFigure, load_catalog
from justice_dashboard.charts.theme import ChartFrame, enforcement_year_note
from justice_dashboard.i18n import t
from justice_dashboard.snapshots import data_version
from justice_dashboard.state import KEY_LANG, KEY_YEAR, View, parse_view, view_params
from justice_dashboard.store import Store

LANG_LABELS: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}


@st.cache_resource(max_entries=2, show_spinner="Đang nạp dữ liệu…")
def _open_store(root: str, version: str) -> Store:
    return Store.open(Path(root))


def store() -> Store:
    root = config.data_dir()
    return _open_store(str(root), data_version(root))


@st.cache_data(max_entries=2000, show_spinner=False)
def _cached_query(root: str, version: str, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return _open_store(root, version).query(name, **params)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query from `queries/` on the current data, cached by its parameters."""
    current = store()
    return _cached_query(str(current.root), current.version, name, params)


def catalog() -> Catalog:
    return load_catalog(config.reference_dir())


def years() -> list[int]:
    return query("available_years")["year"].astype(int).tolist()


def sidebar() -> View:
    """Draw the filters shared by every page (before the page runs) and keep the URL in step."""
    available = years()
    if KEY_LANG not in st.session_state:
        initial = parse_view(dict(st.query_params), available)
        st.session_state[KEY_LANG] = initial.lang
        st.session_state[KEY_YEAR] = initial.year
        for notice in initial.notices:
            st.toast(t(f"url.fallback.{notice}", initial.lang), icon="⚠️")
    lang: Lang = st.session_state[KEY_LANG]
    with st.sidebar:
        st.radio(
            t("app.language", lang),
            options=list(LANG_LABELS),
            format_func=LANG_LABELS.__getitem__,
            key=KEY_LANG,
            horizontal=True,
        )
        lang = st.session_state[KEY_LANG]
        if available:
            st.selectbox(t("app.year", lang), options=available, key=KEY_YEAR)
    view = View(lang=lang, year=int(st.session_state.get(KEY_YEAR) or 0))
    st.query_params.from_dict(view_params(view))
    return view


def lang() -> Lang:
    return st.session_state.get(KEY_LANG, "vi")


def illustrative_banner(lang: Lang) -> None:
    st.info(t("app.illustrative_banner", lang), icon="ℹ️")


def chart_frame(
    indicator: Indicator, year_text: str, provinces_text: str, frame: pd.DataFrame, lang: Lang
) -> ChartFrame:
    """Title, subtitle and footer of an indicator chart, from the rows behind it."""
    dates = frame["data_date"].dropna() if "data_date" in frame else pd.Series(dtype=object)
    illustrative = (
        bool(frame["illustrative"].fillna(False).any()) if "illustrative" in frame else False
    )
    notes: tuple[str, ...] = ()
    if indicator.is_enforcement_year and year_text.isdigit():
        notes = (enforcement_year_note(int(year_text), lang),)
    elif indicator.is_enforcement_year:
        notes = (t("app.enforcement_year_rule", lang),)
    unit = "%" if indicator.is_rate else indicator.unit(lang)
    source = t("app.source_sample" if illustrative else "app.source_snapshots", lang)
    return ChartFrame(
        title=indicator.name(lang),
        subtitle=f"{unit} · {year_text} · {provinces_text}",
        source=source,
        data_date=dates.max().to_pydatetime() if len(dates) else None,
        illustrative=illustrative,
        notes=notes,
    )


def plotly_config(filename: str) -> dict[str, Any]:
    """Toolbar camera: a 1920×1080 PNG named for its content."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": 1920,
            "height": 1080,
            "scale": 1,
        },
    }


def show_chart(figure: go.Figure, filename: str, *, key: str | None = None) -> None:
    """Show a chart with its toolbar camera set for slides (1920×1080 PNG named `filename`).

    Every page shows its charts through this one function, so what goes beside a chart (the server
    image downloads) is added here once for all pages.
    """
    st.plotly_chart(figure, config=plotly_config(filename), key=key)


def no_data(lang: Lang) -> None:
    st.warning(t("app.no_data", lang, folder=str(config.data_dir())))
    st.stop()


def current_view() -> View:
    """The view chosen in the sidebar (drawn by app.py before the page runs)."""
    return View(lang=lang(), year=int(st.session_state.get(KEY_YEAR) or 0))


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
