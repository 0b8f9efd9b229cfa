"""The heatmap: indicators × provinces for a year, coloured by rank or by normalised score.

The builder takes `ranking.with_ranks_and_scores(...)` rows of the `ranking_inputs` query for one
year. Colour follows the indicator's direction (the best province is always the darkest); the rank is
the cell's text, the value and the indicator's code are in the hover; a missing figure is an empty
cell marked "không có số liệu". Indicators are the rows, named in full (wrapped; a column per
indicator could only be labelled by its code), provinces the columns.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.labels import wrap_label
from justice_dashboard.charts.theme import ChartFrame, apply_frame
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t

ColourBy = Literal["rank", "score"]
# Colour-blind-safe sequential blues (light = weaker, dark = better).
SCALE = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]  # a gap stays white
ROW_PX = 30  # one indicator row
NAME_WIDTH = 44  # characters per line of an indicator's name (most fit on one)
COLUMN_NAME_WIDTH = 10  # characters per line of a province's name over its column


def heatmap_figure(
    scored: pd.DataFrame,
    colour_by: ColourBy,
    chart: ChartFrame,
    lang: Lang,
    *,
    provinces: list[str] | None = None,
) -> go.Figure:
    """Rows are indicators (catalog order, top to bottom, by name), columns provinces (fixed order).

    `scored` holds every member of the bloc (ranks are ranks in the bloc); `provinces` limits the
    columns shown."""
    order = "province_order" if "province_order" in scored else "display_order"
    count = scored["province_code"].nunique()
    if provinces is not None:
        scored = scored[scored["province_code"].isin(provinces)]
    provinces_shown = scored.drop_duplicates("province_code").sort_values(order)
    indicators = scored.drop_duplicates("indicator_code").sort_values("indicator_order")
    codes = indicators["indicator_code"].tolist()
    province_codes = provinces_shown["province_code"].tolist()
    keys = ["province_code", "indicator_code"]
    grid = pd.MultiIndex.from_product([codes, province_codes], names=keys[::-1])
    # One row per cell in reading order (a lookup per cell cost ~2 s a rerun at 63 × 300).
    cells = scored.drop_duplicates(keys).set_index(keys[::-1]).reindex(grid)
    cell_codes = cells.index.get_level_values("indicator_code").tolist()
    name = "name_vi" if lang == "vi" else "name_en"
    ind_name = "indicator_vi" if lang == "vi" else "indicator_en"
    z_cells, text_cells, hover_cells = [], [], []
    for code, value, rank, score, kind, province_name, indicator_name in zip(
        cell_codes,
        cells["value"].tolist(),
        cells["rank"].tolist(),
        cells["score"].tolist(),
        cells["kind"].tolist(),
        cells[name].tolist(),
        cells[ind_name].tolist(),
        strict=True,
    ):
        if is_missing(value):
            shown = fmt.MISSING[lang]
        elif kind == "rate":
            shown = fmt.percent(value, 2, lang)
        else:
            shown = fmt.number(value, 0, lang)
        if colour_by == "rank":
            z_cells.append(None if is_missing(rank) else (count - rank) / max(count - 1, 1))
        else:
            z_cells.append(None if is_missing(score) else float(score))
        text_cells.append("–" if is_missing(rank) else str(int(rank)))
        hover_cells.append(
            f"{province_name} · {indicator_name} ({code})<br>{shown}"
            + ("" if is_missing(rank) else " · " + t("heatmap.hover_rank", lang, rank=int(rank)))
        )
    width = len(province_codes)
    z, text, hover = (
        [cells[i : i + width] for i in range(0, len(cells), width)]
        for cells in (z_cells, text_cells, hover_cells)
    )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=provinces_shown[name].tolist(),  # (the columns' labels are set on the axis)
            y=[wrap_label(n, NAME_WIDTH) for n in indicators[ind_name]],
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=SCALE,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={
                # Beside the bar, not above it, where the top tick's label is.
                "title": {"text": t(f"heatmap.colour_{colour_by}", lang), "side": "right"},
                "tickvals": [0, 1],
                "ticktext": [t("heatmap.weakest", lang), t("heatmap.best", lang)],
            },
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    columns = provinces_shown[name].tolist()
    fig.update_xaxes(  # the names in full over up to two lines, never turned into each other
        side="top",
        automargin=True,
        tickangle=0,
        tickmode="array",
        tickvals=columns,
        ticktext=[wrap_label(n, COLUMN_NAME_WIDTH) for n in columns],
        tickfont={"size": 12},
    )
    fig.update_layout(plot_bgcolor="#ffffff", height=max(420, ROW_PX * len(codes) + 260))
    # The provinces' names sit between the title block and the cells (`fit` makes their room).
    return apply_frame(fig, chart, lang)
