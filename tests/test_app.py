"""The app starts from app.py and the overview shows the bloc's figures (Streamlit's AppTest)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.navigation import PAGES


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return AppTest.from_file("../app.py", default_timeout=60)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_overview_opens_on_the_latest_year_without_errors(app: AppTest):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Tổng quan năm 2026"
    assert app.selectbox(key="view_year").value == 2026
    assert app.query_params["year"] == "2026"
    # 2026 is after the merger: the bloc is today's five units, counted as they are now
    assert app.query_params["units"] == "current"
    assert "5 đơn vị" in " ".join(c.value for c in app.caption)


def test_the_2022_overview_shows_the_articles_two_figures_and_cites_them(app: AppTest):
    app.query_params["year"] = "2022"
    app.run()
    assert not app.exception
    metrics = _metrics(app)
    assert metrics["Số dự thảo VBQPPL được thẩm định (lượt) ✦"] == "434"
    assert metrics["Tổng số việc phải thi hành (việc) ✦"] == "125.996"
    captions = [c.value for c in app.caption]
    assert "✦ Số dự thảo VBQPPL được thẩm định — 434: số liệu công bố, theo bài viết" in " ".join(
        captions
    )
    assert "✦ Tổng số việc phải thi hành — 125.996: số liệu công bố" in " ".join(captions)
    assert "Dữ liệu minh họa" in app.info[0].value


def test_each_card_names_its_indicator_in_full_with_its_unit_in_text_that_wraps(
    app: AppTest, sample_store
):
    from justice_dashboard.catalog import load_catalog

    app.query_params["year"] = "2023"
    app.run()
    catalog = load_catalog()
    headline = sample_store.query("bloc_headline", bloc="DNB", units="reported", year=2023)
    titles = [m.value.replace("\\", "") for m in app.markdown if m.value.startswith("**")]
    labels = [m.label for m in app.metric]
    assert len(labels) == len(headline)
    for code, title, label in zip(headline["indicator_code"], titles, labels, strict=True):
        indicator = catalog.indicator(code)
        # a count says its unit ("(việc)"); a rate's value carries its own "%"
        expected = indicator.name_vi + ("" if indicator.is_rate else f" ({indicator.unit_vi})")
        assert label.startswith(expected)
        assert title == f"**{label}**"  # the title in full, as text that wraps (not cut with …)
    from streamlit.proto.LabelVisibility_pb2 import LabelVisibility

    collapsed = LabelVisibility.LabelVisibilityOptions.COLLAPSED
    assert all(m.proto.label_visibility.value == collapsed for m in app.metric)  # drawn once


def test_a_bloc_rate_card_shows_a_percentage_and_its_change_in_points(app: AppTest, sample_store):
    from justice_dashboard import fmt
    from justice_dashboard.catalog import load_catalog

    app.query_params["year"] = "2023"
    app.run()
    card = next(m for m in app.metric if m.label == "Tỷ lệ thi hành xong về việc")
    headline = sample_store.query("bloc_headline", bloc="DNB", units="reported", year=2023)
    row = headline.set_index("indicator_code").loc["TA04"]
    ta04 = load_catalog().indicator("TA04")
    assert card.value == fmt.indicator_value(ta04, row["value"], "vi")
    assert card.delta == fmt.indicator_change(ta04, row["value"], row["previous_value"], "vi")
    assert card.value.endswith("%") and "," in card.value
    assert card.delta.endswith("điểm %")


def _chart_choice(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Chỉ tiêu cho biểu đồ")


def test_the_overview_cards_of_enforcement_say_which_enforcement_year_they_count(app: AppTest):
    app.query_params["year"] = "2023"
    app.run()
    assert "Tỷ lệ thi hành xong về việc" in _metrics(app)  # a THA card (TA04) is shown
    captions = [c.value for c in app.caption]
    assert "Năm thi hành án 2023: từ 01/10/2022 đến 30/9/2023" in captions


def test_the_overview_chart_starts_on_the_first_headline_figure_that_was_published(app: AppTest):
    from justice_dashboard.catalog import load_catalog

    catalog = load_catalog()
    headline = [i.code for i in catalog.headline_indicators()]
    quoted = [c for c in headline if catalog.published_figure("DNB", 2022, c)]
    app.query_params["year"] = "2022"
    app.run()
    assert _chart_choice(app).value == quoted[0]
    fresh = AppTest.from_file("../app.py", default_timeout=60)
    fresh.query_params["year"] = "2024"  # nothing published for 2024: the first headline one
    fresh.run()
    assert not [c for c in headline if catalog.published_figure("DNB", 2024, c)]
    assert _chart_choice(fresh).value == headline[0]


def test_the_overview_chart_shows_every_province_with_its_figure(app: AppTest):
    app.query_params["year"] = "2022"
    app.run()
    _chart_choice(app).set_value("TA01").run()
    chart = app.get("plotly_chart")[0]
    figure = json.loads(chart.proto.spec)
    bars = figure["data"][0]
    assert bars["x"] == [
        "Bình Phước",
        "Tây Ninh",
        "Bình Dương",
        "Đồng Nai",
        "Bà Rịa - Vũng Tàu",
        "Ninh Thuận",
        "Bình Thuận",
    ]
    assert sum(bars["y"]) == 125996
    assert bars["marker"]["color"][3] == "#0072B2"
    assert figure["layout"]["separators"] == ",."
    footer = figure["layout"]["annotations"][0]["text"]
    assert "Năm thi hành án 2022: từ 01/10/2021 đến 30/9/2022" in footer
    assert "Dữ liệu minh họa" in footer


def test_the_overview_chart_of_a_rate_spreads_its_provinces_on_an_axis_that_does_not_start_at_0(
    app: AppTest, sample_store
):
    from justice_dashboard import fmt
    from justice_dashboard.catalog import load_catalog

    app.query_params["year"] = "2022"
    app.run()
    _chart_choice(app).set_value("TA04").run()
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    values = sample_store.query(
        "province_values", bloc="DNB", units="reported", indicator="TA04", year=2022
    ).sort_values("value", ascending=False)
    dots = figure["data"][0]
    assert dots["y"] == values["name_vi"].tolist()  # best on top
    assert [round(x, 6) for x in dots["x"]] == [round(v * 100, 6) for v in values["value"]]
    start, _ = figure["layout"]["xaxis"]["range"]
    assert 0 < start <= values["value"].min() * 100  # zoomed: 81–87% do not look alike
    assert f"trục bắt đầu từ {start:.0f}%" in figure["layout"]["xaxis"]["title"]["text"]
    written = next(tr for tr in figure["data"] if tr.get("mode") == "text")["text"]
    ta04 = load_catalog().indicator("TA04")
    assert written == [fmt.indicator_value(ta04, v) for v in values["value"]]


def test_switching_to_english_translates_the_page_and_writes_its_numbers_the_english_way(
    app: AppTest,
):
    app.query_params["year"] = "2022"
    app.run()
    app.radio(key="view_lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Overview of 2022"
    assert _metrics(app)["Cases to be enforced (cases) ✦"] == "125,996"
    assert app.query_params["lang"] == "en"
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["separators"] == ".,"
    footer = figure["layout"]["annotations"][0]["text"]
    assert re.search(
        r"Data as of \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", footer
    )
    captions = [c.value for c in app.caption]
    assert "Enforcement year 2022: 1 Oct 2021 to 30 Sep 2022" in captions
    cited = next(c for c in captions if c.startswith("✦ Cases to be enforced"))
    assert cited.startswith("✦ Cases to be enforced — 125,996: published figure")
    assert "/" not in cited  # the article's date in English too


def test_a_malformed_year_in_the_link_falls_back_with_a_notice(app: AppTest):
    app.query_params["year"] = "20x2"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Tổng quan năm 2026"
    assert "Năm trong đường dẫn không có số liệu" in app.toast[0].value


def _banners(at: AppTest) -> list[str]:
    return [i.value for i in at.info if "Dữ liệu minh họa" in i.value]


def test_the_illustrative_banner_shows_only_when_the_figures_shown_are_illustrative(
    monkeypatch, tmp_path, write_values
):
    sample = AppTest.from_file("../app.py", default_timeout=60)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    sample.run()
    assert not sample.exception
    assert len(_banners(sample)) == 1  # the bundled sample is illustrative

    write_values("75", 2023, {"TA01": 30000, "VB01": 80})
    write_values("58", 2023, {"TA01": 9000, "VB01": 40})
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    uploaded = AppTest.from_file("../app.py", default_timeout=60)
    uploaded.run()
    assert not uploaded.exception
    assert uploaded.title[0].value == "Tổng quan năm 2023"
    assert _metrics(uploaded)["Tổng số việc phải thi hành (việc)"] == "39.000"
    assert _banners(uploaded) == []

    write_values("70", 2022, {"TA01": 100}, illustrative=True)  # a sample year behind the deltas
    again = AppTest.from_file("../app.py", default_timeout=60)
    again.run()
    assert len(_banners(again)) == 1


def _everything_said(at: AppTest) -> list[str]:
    """Every text a reader sees on the page: headings, texts, notices, cards, the charts' titles,
    footers, names and hovers, and the tables' cells."""
    said: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        said += [str(element.value) for element in getattr(at, kind)]
    said += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        said.append(json.dumps(figure["layout"].get("title", {}), ensure_ascii=False))
        said += [a.get("text", "") for a in figure["layout"].get("annotations", [])]
        for trace in figure["data"]:
            said += [
                json.dumps(trace.get(k, ""), ensure_ascii=False)
                for k in ("name", "text", "customdata")
            ]
    for table in at.dataframe:
        said += [str(cell) for cell in table.value.to_numpy().ravel()]
    return said


@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_no_page_says_illustrative_data_when_the_data_folder_holds_real_figures(
    page: str, monkeypatch, tmp_path, write_values
):
    for year in (2022, 2023):
        for n, code in enumerate(("70", "72", "74", "75", "77", "58", "60")):
            write_values(
                code, year, {"TA01": 9000 + n, "TA02": 8000 + n, "TA03": 6000 + n, "VB01": 40}
            )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2023"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    said = _everything_said(at)
    assert said  # the page said something
    assert [s for s in said if "minh họa" in s.lower() and not _about_the_table(s, "bảng")] == []
    at.radio(key="view_lang").set_value("en").run()
    said = _everything_said(at)
    assert [
        s for s in said if "illustrative" in s.lower() and not _about_the_table(s, "table")
    ] == []


def _about_the_table(text: str, table: str) -> bool:
    """On the scores page the bundled scoring table is illustrative, whatever the figures, and says
    so: a text that calls the table (bảng / table) illustrative, never the figures."""
    lower = text.lower()
    return table in lower and not any(
        figures in lower
        for figures in (
            "dữ liệu minh họa",
            "số liệu minh họa",
            "illustrative data",
            "illustrative figures",
        )
    )
