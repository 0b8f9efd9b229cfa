"""Charts of the comparison page: one indicator across the chosen provinces, for a year and over years.

Every builder takes the `province_trend` query's rows as they are: a bar's or a point's value is the
query's `value` (times 100 for a rate or a share, drawn as percent); a missing figure is drawn as a
grey hatched bar or a gap labelled "không có số liệu", never as zero.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.charts.fit import END_LABEL, END_LABEL_PX, END_LABEL_SHIFT
from justice_dashboard.charts.labels import legend_line, nudge_apart, partial_legend
from justice_dashboard.charts.theme import (
    BLOC_COLOUR,
    CONTEXT_COLOUR,
    MISSING_COLOUR,
    MUTED_COLOUR,
    TARGET_COLOUR,
    VALUE_TICKS,
    YEAR_TICKS,
    ChartFrame,
    apply_frame,
    bar_marker,
    highlighted,
    names_of,
    partial_flags,
    shown_colours,
)
from justice_dashboard.compare import (
    Measure,
    change_text,
    display_scale,
    shown_average,
    since_first_text,
    since_first_year,
    unit_text,
    value_text,
)
from justice_dashboard.coverage import with_notes
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t
from justice_dashboard.state import Normalisation


def _name_column(lang: Lang) -> str:
    return "name_vi" if lang == "vi" else "name_en"


def _set(target: Any, **props: object) -> None:
    """Set properties of a fresh figure's layout or axis one by one: what `update_layout` or
    `update_yaxes` gives on a one-plot figure, without their batch machinery (~0,5 ms a call)."""
    for key, value in props.items():
        target[key] = value


def _value_axis(
    fig: go.Figure,
    indicator: Indicator,
    normalisation: Normalisation,
    lang: Lang,
    *,
    from_zero: bool = True,
) -> None:
    percent = display_scale(indicator, normalisation) == 100.0
    _set(
        fig.layout.yaxis,
        title_text=unit_text(indicator, normalisation, lang),
        ticksuffix="%" if percent else "",
        tickformat=VALUE_TICKS,
        rangemode="tozero" if from_zero else "normal",
    )


def _hline(fig: go.Figure, y: float, line: dict[str, object]) -> None:
    """A horizontal line across the plot, the shape `fig.add_hline` makes, without its cost: before
    the figure has its template, `add_hline` copies Plotly's default template on every call."""
    fig.add_shape(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=y, y1=y, line=line)


def compare_bar_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    chart: ChartFrame,
    lang: Lang,
    *,
    year: int,
    normalisation: Normalisation = "absolute",
    target: tuple[float, str] | None = None,
    highlight: Collection[str] = (),
) -> go.Figure:
    """Bars for one year, sorted by value (best first), with the shown provinces' average and, where
    one exists, the target line. `target` is (value, comparison) from the `targets` query.
    `highlight`: province codes drawn in their colours, the others in the context grey.

    The average is the ratio of the sums for a rate and for per-capita figures (Σ value / Σ
    population × 100.000), the mean for counts; a share of the bloc has no average line."""
    rows = frame[frame["year"] == year]
    ascending = indicator.direction == "down"
    rows = rows.assign(_missing=rows["value"].isna()).sort_values(
        ["_missing", "value", "display_order"], ascending=[True, ascending, True]
    )
    scale = display_scale(indicator, normalisation)
    names = names_of(rows, lang)
    values = rows["value"].tolist()
    shown = [None if is_missing(v) else v * scale for v in values]
    labels = [value_text(indicator, v, normalisation, lang) for v in values]
    hovers = [
        with_notes(text, row, lang) for text, (_, row) in zip(labels, rows.iterrows(), strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=shown,
            marker=bar_marker(shown_colours(rows, highlight), partial_flags(rows)),
            text=labels,
            textposition="inside",
            insidetextanchor="middle",
            customdata=hovers,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            name=indicator.name(lang),
            showlegend=False,
        )
    )
    top = max((v for v in shown if v is not None), default=1.0) or 1.0
    missing_names = [n for n, v in zip(names, shown, strict=True) if v is None]
    if missing_names:
        fig.add_trace(
            go.Bar(
                x=missing_names,
                y=[top * 0.04] * len(missing_names),
                marker={"color": MISSING_COLOUR, "pattern": {"shape": "/"}},
                text=[fmt.MISSING[lang]] * len(missing_names),
                textposition="outside",
                hoverinfo="skip",
                showlegend=False,
                name=fmt.MISSING[lang],
            )
        )
    mean = shown_average(frame, indicator, year, normalisation)
    if not is_missing(mean):
        key = "compare.average_mean"
        if indicator.is_rate:
            key = "compare.average_rate"
        elif normalisation == "per100k":
            key = "compare.average_per100k"
        _hline(fig, mean * scale, {"color": BLOC_COLOUR, "dash": "dash", "width": 2})
        label = t(key, lang, value=value_text(indicator, mean, normalisation, lang))
        legend_line(fig, label, BLOC_COLOUR, "dash")
    if target is not None and display_scale(indicator, normalisation) == 100.0:
        value, comparison = target
        _hline(fig, value * 100.0, {"color": TARGET_COLOUR, "dash": "dot", "width": 2})
        sign = ">" if comparison == "gt" else "≥"
        label = t("compare.target_line", lang, sign=sign, value=fmt.percent(value, 2, lang))
        legend_line(fig, label, TARGET_COLOUR, "dot")
    if any(partial_flags(rows)):  # the hatched bar named in the legend (issue 11)
        partial_legend(fig, lang, bars=True)
    _set(
        fig.layout,
        barmode="overlay",
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
    )
    _value_axis(fig, indicator, normalisation, lang)
    return apply_frame(fig, chart, lang)


# Room at the right of a lines chart for the labels at the lines' ends (px).
END_LABEL_MARGIN = 110
# A label at a line's end is this many px tall (13 px text on its white box), and a lines chart's
# plot is at least this many px tall on a page (450 px less its title block, legend and footer);
# labels closer than that at one year are nudged apart, and the value axis made to hold them.
LINES_PLOT_PX = 210


def _end_label(rows: pd.DataFrame, lang: Lang) -> str:
    """A line's label at its end: the unit's short name, with the former-name mark of a unit that
    ended ("Đ.Nai (cũ)"), as its name and label differ."""
    short = "short_vi" if lang == "vi" else "short_en"
    name = rows[_name_column(lang)].iloc[0]
    label = names_of(rows, lang)[0]
    if short not in rows:
        return label
    return label.replace(name, rows[short].iloc[0]) if name in label else rows[short].iloc[0]


def end_label_gap(low: float, high: float) -> float:
    """The distance in values between two labels' centres on an axis from `low` to `high`."""
    return (high - low) * END_LABEL_PX / LINES_PLOT_PX


def _end_labels(fig: go.Figure, ends: list[tuple[float, float, str, str]]) -> None:
    """Each line's name at its last point, in its colour; labels at one year that would overlap
    are nudged apart (`nudge_apart`) by a label's height on the page's plot, and the value axis
    is set to hold the lines and every label. `ends`: (year, value as drawn, text, colour)."""
    values = [float(y) for trace in fig.data for y in (trace.y or ()) if y is not None]
    if not values:
        return
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or abs(high) * 0.06 or 1.0
    low, high = low - pad, high + pad
    placed: dict[int, float] = {}
    # The labels widen the axis, which brings them closer in pixels: settle on an axis that holds
    # them at their final spacing (it converges while the labels take less than the plot's height).
    for _round in range(60):
        gap = end_label_gap(low, high)
        for year in sorted({end[0] for end in ends}):
            at_year = [i for i, end in enumerate(ends) if end[0] == year]
            nudged = nudge_apart([ends[i][1] for i in at_year], gap)
            placed.update(zip(at_year, nudged, strict=True))
        wider = (
            min(low, min(placed.values()) - gap / 2) if placed else low,
            max(high, max(placed.values()) + gap / 2) if placed else high,
        )
        if wider == (low, high):
            break
        low, high = wider[0] - 1e-9 * abs(wider[0]), wider[1] + 1e-9 * abs(wider[1])
    fig.layout.yaxis.range = [low, high]
    for index, (x, _y, text, colour) in enumerate(ends):
        fig.add_annotation(
            x=x,
            y=placed[index],
            xref="x",
            yref="y",
            text=text,
            name=END_LABEL,  # spaced again for the width it is drawn at (`charts.fit`)
            showarrow=False,
            xanchor="left",
            xshift=END_LABEL_SHIFT,
            font={"color": colour, "size": 13},
            bgcolor="rgba(255,255,255,0.85)",  # readable over a grid or the break line
        )


def compare_lines_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    chart: ChartFrame,
    lang: Lang,
    *,
    normalisation: Normalisation = "absolute",
    targets: pd.DataFrame | None = None,
    break_year: int | None = None,
    highlight: Collection[str] = (),
    measure: Measure = "values",
) -> go.Figure:
    """One line per unit over the years, in its fixed colour; a missing year is a gap.

    Each line is named at its end (its short name, in its colour), not in a legend. A unit is a
    line of its own: as reported, the old provinces' lines end in 2024 and the merged ones start
    in 2025, with the break drawn at `break_year` and never joined. A partial figure (a
    re-aggregated one missing a predecessor) is an open marker and says so in its hover.
    `targets` (the `targets` query's rows for this indicator) adds the yearly target as a dotted
    step line over the years it exists, labelled at its end. `highlight`: province codes drawn in
    their colours over the others, thinner and in the context grey. `measure` "indexed": each
    unit's change since its first year (`since_first_year`: points for a rate or share, % for a
    count) instead of its values; no target is drawn then.
    """
    scale = display_scale(indicator, normalisation)
    points = scale == 100.0
    indexed = measure == "indexed"
    if indexed:
        frame = since_first_year(frame, indicator, normalisation)
    fig = go.Figure()
    key = "unit_id" if "unit_id" in frame else "province_code"
    units = [
        rows
        for _unit, rows in frame.sort_values(["display_order", "year"]).groupby(key, sort=False)
    ]
    # The context lines first, so the highlighted ones are drawn over them.
    units.sort(key=lambda rows: highlighted(rows.iloc[:1], highlight)[0])
    ends: list[tuple[float, float, str, str]] = []
    for rows in units:
        lit = highlighted(rows.iloc[:1], highlight)[0]
        colour = rows["colour"].iloc[0] if lit else CONTEXT_COLOUR
        values = rows["value"].tolist()
        labels = [value_text(indicator, v, normalisation, lang) for v in values]
        if indexed:
            drawn = [None if is_missing(c) else c * 100.0 for c in rows["since_first"]]
            labels = [
                t(
                    "compare.indexed_hover",
                    lang,
                    value=text,
                    change=since_first_text(indicator, c, normalisation, lang),
                    first=int(b) if not is_missing(b) else "–",
                )
                for text, c, b in zip(labels, rows["since_first"], rows["base_year"], strict=True)
            ]
        else:
            drawn = [None if is_missing(v) else v * scale for v in values]
        hovers = [
            with_notes(text, row, lang)
            for text, (_, row) in zip(labels, rows.iterrows(), strict=True)
        ]
        partial = partial_flags(rows)
        fig.add_trace(
            go.Scatter(
                x=rows["year"].tolist(),
                y=drawn,
                mode="lines+markers",
                name=names_of(rows, lang)[0],
                line={"color": colour, "width": 3 if lit else 2},
                marker={
                    "size": [11 if p else 8 for p in partial],
                    "symbol": ["circle-open" if p else "circle" for p in partial],
                    "line": {"width": 2, "color": colour},
                },
                connectgaps=False,
                customdata=hovers,
                hovertemplate="%{fullData.name}, %{x}: %{customdata}<extra></extra>",
                showlegend=False,
                # Named at its end instead of in the legend; a slide's native chart, which has
                # no such labels, lists it in its legend (export.native).
                meta={"end_label": True},
            )
        )
        last = next(
            (
                (x, y)
                for x, y in zip(reversed(rows["year"].tolist()), reversed(drawn), strict=True)
                if y is not None
            ),
            None,
        )
        if last is not None:
            # A context line's name in the muted text colour: its grey is too light to read.
            text_colour = colour if lit else MUTED_COLOUR
            ends.append((float(last[0]), float(last[1]), _end_label(rows, lang), text_colour))
    if break_year is not None:
        fig.add_vline(
            x=break_year - 0.5,
            line={"color": BLOC_COLOUR, "dash": "dash", "width": 1.5},
            annotation={"text": t("units.break_label", lang), "font": {"size": 12}},
            annotation_position="top",
        )
    if targets is not None and len(targets) and points and not indexed:
        shown = targets.sort_values("year")
        years = shown["year"].tolist()
        levels = [v * 100.0 for v in shown["target"]]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=levels,
                mode="lines+markers",
                name=t("compare.target_legend", lang),
                line={"color": TARGET_COLOUR, "dash": "dot", "width": 2, "shape": "hv"},
                marker={"symbol": "line-ew-open", "size": 12},
                hovertemplate="%{x}: %{y:.2f}%<extra></extra>",
                showlegend=False,
                meta={"end_label": True},
            )
        )
        last_end = max((end[0] for end in ends), default=float(years[-1]))
        if last_end - years[0] >= 2:
            # Labelled above its start, clear of the lines' end labels (all at the right).
            first = shown.iloc[0]
            sign = ">" if first["comparison"] == "gt" else "≥"
            value = fmt.percent(first["target"], 2, lang)
            fig.add_annotation(
                x=years[0],
                y=levels[0],
                xref="x",
                yref="y",
                text=t("compare.target_end", lang, sign=sign, value=value),
                name=END_LABEL,
                showarrow=False,
                xanchor="left",
                xshift=END_LABEL_SHIFT,
                font={"color": TARGET_COLOUR, "size": 13},
                bgcolor="rgba(255,255,255,0.85)",
            )
        else:  # a target of the last years only: labelled among the lines' ends
            last = shown.iloc[-1]
            sign = ">" if last["comparison"] == "gt" else "≥"
            value = fmt.percent(last["target"], 2, lang)
            label = t("compare.target_end", lang, sign=sign, value=value)
            ends.append((last_end, levels[-1], label, TARGET_COLOUR))
    _end_labels(fig, ends)
    if any(partial_flags(frame)):  # the open marker named in the legend (issue 11)
        partial_legend(fig, lang, bars=False)
    fig.layout.hovermode = "closest"
    _set(fig.layout.xaxis, title_text=t("app.year", lang), tickformat=YEAR_TICKS, dtick=1)
    if indexed:
        _set(
            fig.layout.yaxis,
            title_text=t("compare.indexed_points" if points else "compare.indexed_percent", lang),
            ticksuffix="" if points else "%",
            tickformat=VALUE_TICKS,
            zeroline=True,
            zerolinecolor=BLOC_COLOUR,
        )
    else:
        _value_axis(fig, indicator, normalisation, lang, from_zero=False)
    return apply_frame(fig, chart, lang, right=END_LABEL_MARGIN)


def change_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    chart: ChartFrame,
    lang: Lang,
    *,
    year: int,
    normalisation: Normalisation = "absolute",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Change against the year before, per province: points for a rate or share, % for a count.
    `highlight`: province codes drawn in their colours, the others in the context grey.

    Bars are sorted from the largest rise; a unit missing either year is labelled "không có số
    liệu" at zero height (no bar is drawn for it). A change is always a unit's own: across the
    merger, as reported, the merged provinces have no year before (they did not exist), so none
    is drawn; a change from a partial figure is hatched and says so."""
    key = "unit_id" if "unit_id" in frame else "province_code"
    current = frame[frame["year"] == year].set_index(key)
    previous_rows = frame[frame["year"] == year - 1].set_index(key)
    previous = previous_rows["value"]
    points = display_scale(indicator, normalisation) == 100.0
    rows = []
    for code, row in current.iterrows():
        before = previous.get(code)
        if is_missing(row["value"]) or is_missing(before) or (not points and before == 0):
            change = None
        elif points:
            change = (row["value"] - before) * 100.0
        else:
            change = (row["value"] - before) / before * 100.0
        text = change_text(indicator, row["value"], before, normalisation, lang)
        partial = bool(row.get("partial")) or bool(
            code in previous_rows.index and previous_rows.loc[code].get("partial")
        )
        label = row.get("label_vi" if lang == "vi" else "label_en", row[_name_column(lang)])
        lit = not highlight or str(row.get("province_code", code)) in set(highlight)
        colour = row["colour"] if lit else CONTEXT_COLOUR
        rows.append((label, colour, change, text or fmt.MISSING[lang], partial))
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0.0)))
    colours = [r[1] if r[2] is not None else MISSING_COLOUR for r in rows]
    fig = go.Figure(
        go.Bar(
            x=[r[0] for r in rows],
            y=[r[2] for r in rows],
            marker=bar_marker(colours, [r[4] for r in rows]),
            text=[f"{r[3]} ({t('units.partial_short', lang)})" if r[4] else r[3] for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.layout.showlegend = False
    _set(
        fig.layout.yaxis,
        title_text=t("compare.change_points" if points else "compare.change_percent", lang),
        ticksuffix="" if points else "%",
        tickformat=VALUE_TICKS,
        zeroline=True,
        zerolinecolor=BLOC_COLOUR,
    )
    return apply_frame(fig, chart, lang)
