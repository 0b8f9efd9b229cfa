"""What an export holds: charts with their titles, captions and provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import ChartFrame, frame_from_meta
from justice_dashboard.export.naming import ascii_slug
from justice_dashboard.i18n import t


@dataclass(frozen=True)
class SlideTable:
    """A table a chart points to (its weights), given its own slide after the chart's."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the cells as a reader sees them (numbers formatted)


@dataclass(frozen=True)
class SlideChart:
    """One chart of a deck or bundle: the figure, its file name and what the slide says about it."""

    figure: go.Figure
    stem: str  # ASCII file name without extension, e.g. TA04_2022_7-tinh
    frame: ChartFrame
    caption: str  # one Vietnamese (or English) sentence under the chart
    table: SlideTable | None = None  # a table the chart's subtitle points to (the weights)

    @property
    def title(self) -> str:
        return self.frame.title

    @property
    def label(self) -> str:
        """What a list of charts says of it: the title, then its subtitle (unit · years · units)."""
        return f"{self.title} ({self.frame.subtitle})" if self.frame.subtitle else self.title

    @classmethod
    def from_figure(
        cls,
        figure: go.Figure,
        stem: str,
        lang: Lang,
        caption: str | None = None,
        table: SlideTable | None = None,
    ) -> SlideChart:
        """Any framed figure (`apply_frame` keeps its frame in layout.meta) as a slide chart."""
        frame = frame_from_meta(figure.layout.meta) or _frame_from_title(figure)
        return cls(
            figure=figure,
            stem=ascii_slug(stem),
            frame=frame,
            caption=caption or frame.subtitle,
            table=table,
        )

    def notes(self, lang: Lang) -> str:
        """The speaker notes: source, data date, illustrative flag and any rule (THA year)."""
        lines = [t("app.source_line", lang, source=self.frame.source)]
        if self.frame.data_date is not None:
            lines.append(t("app.data_date", lang, date=fmt.date(self.frame.data_date, lang)))
        if self.frame.illustrative:
            lines.append(t("export.illustrative_note", lang))
        lines.extend(self.frame.notes)
        return "\n".join(lines)

    def footer_lines(self, lang: Lang) -> list[str]:
        """What a chart's footer says: the source line, then any rule (the THA enforcement year)."""
        return [self.source_line(lang), *self.frame.notes]

    def source_line(self, lang: Lang) -> str:
        """One line for a README: source and data date."""
        parts = [t("app.source_line", lang, source=self.frame.source)]
        if self.frame.data_date is not None:
            parts.append(t("app.data_date", lang, date=fmt.date(self.frame.data_date, lang)))
        if self.frame.illustrative:
            parts.append(t("app.illustrative_short", lang))
        return " · ".join(parts)


def _frame_from_title(figure: go.Figure) -> ChartFrame:
    text = figure.layout.title.text or ""
    title, _, rest = text.partition("<br>")
    subtitle = rest.split(">", 1)[-1].split("<", 1)[0] if rest else ""
    return ChartFrame(title=title, subtitle=subtitle, source="", data_date=None, illustrative=False)


@dataclass(frozen=True)
class DeckInfo:
    """The title slide: the bloc, the year and the conference date."""

    bloc_name: str
    year: int
    conference_date: dt.date | None
    illustrative: bool
