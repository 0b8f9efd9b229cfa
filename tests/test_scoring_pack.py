"""A slide per group in the conference pack: each unit's total on the scoring table as a native bar
chart, rank 1 on top, and the caption says whom the leader would be proposed for."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation

from justice_dashboard.catalog import load_catalog
from justice_dashboard.export import DeckInfo, build_deck
from justice_dashboard.export.pack import PackContext, build_pack, group_scores
from justice_dashboard.scoring.display import score_inputs, unit_labels
from justice_dashboard.scoring.engine import choose_table
from justice_dashboard.scoring.tables import load_tables

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc


def test_each_groups_slide_shows_every_units_total_and_the_leaders_suggested_award(sample_store):
    members = tuple(u.code for u in CATALOG.current_bloc_units(BLOC.code))
    context = PackContext(CATALOG, BLOC, 2025, members, "vi", units="current")
    charts = build_pack([group_scores("STP"), group_scores("THA")], sample_store.query, context)
    deck = Presentation(
        io.BytesIO(
            build_deck(
                charts, DeckInfo(BLOC.name("vi"), 2025, dt.date(2025, 12, 12), illustrative=True)
            )
        )
    )
    inputs = sample_store.query(
        "scoring_inputs", bloc=BLOC.code, units="current", year=2025, as_of=None
    )
    labels = unit_labels(inputs, "vi")
    for agency, chart, slide in zip(("STP", "THA"), charts, list(deck.slides)[1:], strict=True):
        table = choose_table(load_tables(), agency, 2025)
        assert table is not None
        results = score_inputs(table, inputs[inputs["agency"] == agency], {})
        expected = {labels[r.unit_id]: r.total for r in results}
        native = next(s.chart for s in slide.shapes if s.has_chart)
        names = list(native.plots[0].categories)
        assert dict(zip(names, native.plots[0].series[0].values, strict=True)) == expected
        leader = min(results, key=lambda r: r.rank)
        assert names[-1] == labels[leader.unit_id]  # rank 1 on top of the horizontal bars
        assert chart.caption.startswith(
            f"Gợi ý nhóm {'Sở Tư pháp (STP)' if agency == 'STP' else 'Thi hành án dân sự (THA)'}: {labels[leader.unit_id]} dẫn đầu"
        )
        text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert chart.caption in text
        assert "Bảng chấm điểm thi đua minh họa" in text  # the subtitle names the table
